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

}  // namespace

StatusOr<std::vector<DecodedQr>> DecodeImage(std::string_view image_bytes,
                                             const DecodeOptions& options) {
  StatusOr<LuminanceImage> image = DecodeLuminance(image_bytes, options.max_pixels);
  if (!image.ok()) return image.status();
  try {
    std::vector<DecodedQr> found = ReadQrCodes(*image, options);
    // ZXing 1.4 has no "try inverted" hint: light-on-dark symbols are read by
    // inverting the pixels in place. Only when nothing was found, so the
    // common case costs one pass; a screen rarely mixes both polarities.
    if (found.empty() && options.try_harder) {
      uint8_t* pixels = image->pixels.get();
      const size_t count = static_cast<size_t>(image->width) * static_cast<size_t>(image->height);
      for (size_t i = 0; i < count; ++i) pixels[i] = static_cast<uint8_t>(255 - pixels[i]);
      found = ReadQrCodes(*image, options);
    }
    return found;
  } catch (const std::exception& e) {
    return Status::Internal(std::string("ZXing failed: ") + e.what());
  }
}

StatusOr<std::vector<DecodedQr>> DecodeDataUri(std::string_view data_uri,
                                               const DecodeOptions& options) {
  // data:[<mediatype>][;param=value]*;base64,<data>
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
  if (last_param == std::string_view::npos ||
      !StartsWithNoCase(header.substr(last_param), ";base64") || header.size() - last_param != 7) {
    return Status::InvalidArgument("data: URI is not base64-encoded: '" + std::string(header) +
                                   "'");
  }
  StatusOr<std::string> bytes = proofup::Base64Decode(data_uri.substr(comma + 1));
  if (!bytes.ok()) return Status::InvalidArgument("data: URI: " + bytes.status().message());
  return DecodeImage(*bytes, options);
}

}  // namespace proofup::qr
