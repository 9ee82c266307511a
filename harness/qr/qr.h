// Reading QR codes the way a phone camera reads them off a computer screen.
// Entry point of the qr module (after ZXing-cpp's ReadBarcode.h): give it the
// image bytes of a screen or an <img>, get back every QR code in it.
//
// Failure contract:
//  - not an image, truncated data, zero-size, or more than
//    DecodeOptions::max_pixels pixels -> error Status (kInvalidArgument),
//    message says which;
//  - a valid image with no QR code -> OK with an empty vector ("none found"
//    is an answer, not an error).
// Thread-safe: no shared state; call from any number of threads.
#ifndef PROOFUP_QR_QR_H_
#define PROOFUP_QR_QR_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "harness/base/status.h"

namespace proofup::qr {

struct Point {
  int x = 0;
  int y = 0;
};

struct DecodedQr {
  std::string text;  // the payload, UTF-8
  // Corners in image pixels: top-left, top-right, bottom-right, bottom-left
  // of the symbol as oriented in the image.
  Point corners[4];
};

struct DecodeOptions {
  int64_t max_pixels = 50'000'000;  // bounds memory for hostile images
  bool try_harder = true;           // also try rotated / inverted symbols
};

// Decodes every QR code in an encoded image (PNG, JPEG, GIF or BMP).
StatusOr<std::vector<DecodedQr>> DecodeImage(std::string_view image_bytes,
                                             const DecodeOptions& options = {});

// Same, for a `data:` URI such as "data:image/png;base64,iVBOR...".
// Error (kInvalidArgument) if it is not a base64 data: URI of an image.
StatusOr<std::vector<DecodedQr>> DecodeDataUri(std::string_view data_uri,
                                               const DecodeOptions& options = {});

}  // namespace proofup::qr

#endif  // PROOFUP_QR_QR_H_
