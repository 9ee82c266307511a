// Internal to the qr module (and its tests and benchmark): encoded image bytes
// to an 8-bit luminance buffer, through stb_image.
#ifndef PROOFUP_QR_LUMINANCE_IMAGE_H_
#define PROOFUP_QR_LUMINANCE_IMAGE_H_

#include <cstdint>
#include <memory>
#include <string_view>

#include "harness/base/status.h"

namespace proofup::qr {

// One byte per pixel, rows packed (stride == width). Owns its buffer.
struct LuminanceImage {
  struct Free {
    void operator()(uint8_t* pixels) const;
  };
  std::unique_ptr<uint8_t, Free> pixels;
  int width = 0;
  int height = 0;
};

// Decodes PNG, JPEG, GIF (first frame) or BMP to luminance, transparent
// pixels composited over white (as a browser shows them). The
// header is read first, so an image over `max_pixels` is refused before any
// pixel memory is allocated; a PNG must also pass CheckPngStructure() (chunks
// inside the data, pixel data inflating to no more than its size implies).
// Errors (kInvalidArgument): empty input, not an image of those formats,
// too many pixels, truncated or corrupt data. Thread-safe.
StatusOr<LuminanceImage> DecodeLuminance(std::string_view bytes, int64_t max_pixels);

// The size in a PNG/JPEG/GIF/BMP header; false when stb cannot read one.
bool RasterSize(std::string_view bytes, int* width, int* height);

}  // namespace proofup::qr

#endif  // PROOFUP_QR_LUMINANCE_IMAGE_H_
