// The one translation unit that compiles stb_image. STB_IMAGE_STATIC keeps its
// symbols private, so other modules may compile their own copy without clashes.
#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_STATIC
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_GIF
#define STBI_ONLY_BMP
#define STBI_NO_STDIO
#include "harness/qr/luminance_image.h"

#include <stb/stb_image.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <string>

#include "harness/qr/jpeg_check.h"
#include "harness/qr/png_check.h"

namespace proofup::qr {
namespace {

// Converts interleaved pixels of `channels` (2 = grey+alpha, 3 = RGB, 4 = RGBA)
// to luminance in place: pixel i's value is written to byte i, which never
// overtakes the pixels still to be read. Transparent pixels are composited
// over white, the way a browser shows a QR code drawn on a transparent
// background. Luma weights as stb_image's (BT.601, 8-bit fixed point).
void ToLuminanceInPlace(uint8_t* pixels, size_t count, int channels) {
  // Through a small local block so that the compiler sees no aliasing between
  // what is read and what is written, and vectorises the arithmetic.
  constexpr size_t kBlock = 256;
  uint8_t block[kBlock];
  const size_t stride = static_cast<size_t>(channels);
  for (size_t base = 0; base < count; base += kBlock) {
    const size_t n = std::min(kBlock, count - base);
    const uint8_t* p = pixels + base * stride;
    if (channels == 3) {
      // Opaque RGB: the green channel alone. It carries most of the luma
      // (0.59 of BT.601) and dark-on-light codes in any usual colour stay
      // dark-on-light in it; the full weighted sum cost as much as ZXing's
      // whole binarisation on a screenshot.
      for (size_t i = 0; i < n; ++i) block[i] = p[3 * i + 1];
    } else {
      for (size_t i = 0; i < n; ++i) {
        const uint8_t* q = p + stride * i;
        const unsigned y = channels == 2 ? q[0] : (q[0] * 77u + q[1] * 150u + q[2] * 29u) >> 8;
        const unsigned alpha = q[stride - 1];
        block[i] = static_cast<uint8_t>((y * alpha + 255u * (255u - alpha) + 127u) / 255u);
      }
    }
    std::memcpy(pixels + base, block, n);  // never beyond base * stride: already read
  }
}

}  // namespace

void LuminanceImage::Free::operator()(uint8_t* pixels) const { stbi_image_free(pixels); }

bool RasterSize(std::string_view bytes, int* width, int* height) {
  if (bytes.empty() || bytes.size() > static_cast<size_t>(INT_MAX)) return false;
  int channels = 0;
  return stbi_info_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()),
                               static_cast<int>(bytes.size()), width, height, &channels) != 0;
}

StatusOr<LuminanceImage> DecodeLuminance(std::string_view bytes, int64_t max_pixels) {
  if (bytes.empty()) return Status::InvalidArgument("image data is empty (zero bytes)");
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    return Status::InvalidArgument("image data too large: " + std::to_string(bytes.size()) +
                                   " bytes");
  }
  const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
  const int len = static_cast<int>(bytes.size());
  // Before stbi_info: stb reads a JPEG's Huffman tables while it looks for the size.
  if (Status jpeg = CheckJpegHuffmanTables(bytes); !jpeg.ok()) return jpeg;
  int width = 0, height = 0, channels = 0;
  if (!stbi_info_from_memory(data, len, &width, &height, &channels)) {
    return Status::InvalidArgument(
        std::string("not an image (PNG, JPEG, GIF, BMP, WebP or SVG expected): ") +
        stbi_failure_reason());
  }
  const int64_t pixels = static_cast<int64_t>(width) * height;
  if (width <= 0 || height <= 0) {
    return Status::InvalidArgument("image has zero size (" + std::to_string(width) + "x" +
                                   std::to_string(height) + ")");
  }
  if (pixels > max_pixels) {
    return Status::InvalidArgument("image is " + std::to_string(width) + "x" +
                                   std::to_string(height) + " = " + std::to_string(pixels) +
                                   " pixels, over the limit of " + std::to_string(max_pixels));
  }
  // stb_image trusts a PNG's chunk lengths and its zlib stream (see png_check.h).
  if (Status png = CheckPngStructure(bytes); !png.ok()) return png;
  // Decoded in the file's own channel count and converted here rather than
  // with req_comp=1: stb's generic converter allocates a second buffer and is
  // the slowest step of a screenshot decode, and it ignores transparency.
  LuminanceImage image;
  image.pixels.reset(stbi_load_from_memory(data, len, &image.width, &image.height, &channels, 0));
  if (!image.pixels) {
    return Status::InvalidArgument(std::string("cannot decode image (truncated or corrupt): ") +
                                   stbi_failure_reason());
  }
  if (channels > 1) {
    ToLuminanceInPlace(image.pixels.get(),
                       static_cast<size_t>(image.width) * static_cast<size_t>(image.height),
                       channels);
  }
  return image;
}

}  // namespace proofup::qr
