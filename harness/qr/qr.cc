// QR decoding: stb_image to luminance, then ZXing-cpp restricted to QR codes.
#include "harness/qr/qr.h"

#include <ZXing/DecodeHints.h>
#include <ZXing/ImageView.h>
#include <ZXing/ReadBarcode.h>

#include <cctype>
#include <exception>
#include <string>
#include <vector>

#include "harness/base/base64.h"
#include "harness/qr/luminance_image.h"
#include "harness/qr/vector_and_webp.h"

namespace proofup::qr {
namespace {

std::vector<DecodedQr> ReadQrCodes(const LuminanceImage& image, const DecodeOptions& options) {
  // QR only, and no downscaled image pyramid: on a screen a QR module is a few
  // sharp pixels, which the full-resolution pass reads (the pyramid is for
  // large, blurry camera shots) and the pyramid costs a quarter of the time.
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode)
      .setTryHarder(options.try_harder)
      .setTryRotate(options.try_harder)
      .setTryDownscale(false);
  const ZXing::ImageView view(image.pixels.get(), image.width, image.height,
                              ZXing::ImageFormat::Lum);
  std::vector<DecodedQr> found;
  for (const ZXing::Result& result : ZXing::ReadBarcodes(view, hints)) {
    if (!result.isValid()) continue;
    DecodedQr qr;
    qr.text = result.text();
    const ZXing::Position& position = result.position();
    for (int i = 0; i < 4; ++i) qr.corners[i] = Point{position[i].x, position[i].y};
    found.push_back(std::move(qr));
  }
  return found;
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

// Raster formats, sniffed from the bytes: data: URIs and Content-Type
// headers name whatever their author typed.
StatusOr<LuminanceImage> ToLuminance(std::string_view bytes, const DecodeOptions& options) {
  if (LooksLikeWebp(bytes)) return DecodeWebpLuminance(bytes, options.max_pixels);
  return DecodeLuminance(bytes, options.max_pixels);
}

StatusOr<std::vector<DecodedQr>> ReadAnyPolarity(LuminanceImage& image,
                                                 const DecodeOptions& options) {
  try {
    std::vector<DecodedQr> found = ReadQrCodes(image, options);
    // ZXing 1.4 has no "try inverted" hint: light-on-dark symbols are read by
    // inverting the pixels in place. Only when nothing was found, so the
    // common case costs one pass; a screen rarely mixes both polarities.
    if (found.empty() && options.try_harder) {
      uint8_t* pixels = image.pixels.get();
      const size_t count = static_cast<size_t>(image.width) * static_cast<size_t>(image.height);
      for (size_t i = 0; i < count; ++i) pixels[i] = static_cast<uint8_t>(255 - pixels[i]);
      found = ReadQrCodes(image, options);
    }
    return found;
  } catch (const std::exception& e) {
    return Status::Internal(std::string("ZXing failed: ") + e.what());
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 2397's non-base64 form: %XX escapes decoded, everything else as is
// (a stray '%' stays, as browsers keep it).
std::string PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int high = HexValue(text[i + 1]), low = HexValue(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out += static_cast<char>(high * 16 + low);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

const char* RasterFormatName(std::string_view bytes) {
  if (bytes.starts_with("\x89PNG")) return "PNG";
  if (bytes.starts_with("\xFF\xD8")) return "JPEG";
  if (bytes.starts_with("GIF8")) return "GIF";
  if (bytes.starts_with("BM")) return "BMP";
  return nullptr;
}

}  // namespace

std::string DescribeImage(std::string_view bytes) {
  const std::string size = std::to_string(bytes.size()) + " bytes";
  if (LooksLikeSvg(bytes)) return "SVG, " + size;
  int width = 0, height = 0;
  const char* format = nullptr;
  if (LooksLikeWebp(bytes)) {
    format = "WebP";
    WebpSize(bytes, &width, &height);
  } else if ((format = RasterFormatName(bytes)) != nullptr) {
    RasterSize(bytes, &width, &height);
  }
  if (format != nullptr) {
    return std::string(format) +
           (width > 0 ? " " + std::to_string(width) + "x" + std::to_string(height) : "") + ", " +
           size;
  }
  // Only a printable prefix: an error page says what went wrong; binary says nothing.
  std::string start;
  for (char c : bytes.substr(0, 24)) {
    if (c < 0x20 || c > 0x7e) break;
    start += c == '"' ? '\'' : c;
  }
  return "not an image" + (start.empty() ? "" : " (starts with \"" + start + "\")") + ", " + size;
}

StatusOr<std::vector<DecodedQr>> DecodeImage(std::string_view image_bytes,
                                             const DecodeOptions& options) {
  if (!LooksLikeSvg(image_bytes)) {
    StatusOr<LuminanceImage> image = ToLuminance(image_bytes, options);
    if (!image.ok()) return image.status();
    return ReadAnyPolarity(*image, options);
  }
  // A vector image has no pixel size of its own. ZXing misses codes whose
  // modules are over ~35 pixels as surely as ones under 2, so the first pass
  // suits the usual 21-57 module codes and only an empty answer pays for a
  // second, larger raster (the biggest versions).
  std::vector<DecodedQr> found;
  for (int side : {options.svg_raster_side, 3 * options.svg_raster_side}) {
    StatusOr<LuminanceImage> image = RasteriseSvg(image_bytes, options.max_svg_bytes, side);
    if (!image.ok()) return image.status();
    StatusOr<std::vector<DecodedQr>> read = ReadAnyPolarity(*image, options);
    if (!read.ok() || !read->empty()) return read;
  }
  return found;
}

StatusOr<std::vector<DecodedQr>> DecodeDataUri(std::string_view data_uri,
                                               const DecodeOptions& options) {
  // data:[<mediatype>][;param=value]*[;base64],<data>
  if (!StartsWithNoCase(data_uri, "data:")) {
    return Status::InvalidArgument("not a data: URI");
  }
  const size_t comma = data_uri.find(',');
  if (comma == std::string_view::npos) return Status::InvalidArgument("data: URI without ','");
  const std::string_view header = data_uri.substr(5, comma - 5);
  if (!StartsWithNoCase(header, "image/")) {
    return Status::InvalidArgument("data: URI is not an image: '" + std::string(header) + "'");
  }
  const size_t last_param = header.rfind(';');
  const bool base64 = last_param != std::string_view::npos &&
                      StartsWithNoCase(header.substr(last_param), ";base64") &&
                      header.size() - last_param == 7;
  if (!base64) {
    // "utf8,<svg ..." or "%3Csvg ...": the text itself, percent-decoded.
    const std::string bytes = PercentDecode(data_uri.substr(comma + 1));
    if (bytes.empty()) return Status::InvalidArgument("data: URI has no data (empty)");
    return DecodeImage(bytes, options);
  }
  StatusOr<std::string> bytes = proofup::Base64Decode(data_uri.substr(comma + 1));
  if (!bytes.ok()) return Status::InvalidArgument("data: URI: " + bytes.status().message());
  return DecodeImage(*bytes, options);
}

}  // namespace proofup::qr
