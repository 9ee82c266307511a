// Reading QR codes the way a phone camera reads them off a computer screen.
// Entry point of the qr module (after ZXing-cpp's ReadBarcode.h): give it the
// image bytes of a screen or an <img>, get back every QR code in it.
//
// Failure contract:
//  - not an image, truncated data, zero-size, more than
//    DecodeOptions::max_pixels pixels, or an SVG over max_svg_bytes -> error
//    Status (kInvalidArgument), message says which;
//  - a valid image with no QR code -> OK with an empty vector ("none found"
//    is an answer, not an error);
//  - an SVG when librsvg cannot be loaded -> kUnimplemented naming the
//    library and its Debian package (librsvg is opened on the first SVG, so
//    a process that reads none never loads it and what it pulls in).
// Thread-safe: call from any number of threads (the only shared state is
// librsvg, opened once per process on the first SVG and never changed).
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
  // SVG: larger documents are refused unparsed; the rest are rasterised so
  // that the longer side has svg_raster_side pixels whatever size they claim
  // (8-20 pixels per module for the usual codes), and when that finds
  // nothing once more at three times the side (the largest QR versions).
  size_t max_svg_bytes = 2 * 1024 * 1024;
  int svg_raster_side = 480;
};

// Decodes every QR code in an encoded image: PNG, JPEG, GIF, BMP, WebP or
// SVG (the format is sniffed from the bytes, never taken from a name or a
// media type). An SVG is rasterised by librsvg without loading anything it
// references outside itself (no files, no network; data: URLs only).
StatusOr<std::vector<DecodedQr>> DecodeImage(std::string_view image_bytes,
                                             const DecodeOptions& options = {});

// Same, for a `data:` URI of an image: base64 ("data:image/png;base64,iVBOR...")
// or percent-encoded / plain text ("data:image/svg+xml;utf8,<svg ...",
// "data:image/svg+xml,%3Csvg..."). Error (kInvalidArgument) if it is not a
// data: URI of an image, or its data does not decode.
StatusOr<std::vector<DecodedQr>> DecodeDataUri(std::string_view data_uri,
                                               const DecodeOptions& options = {});

// What an image is, for messages that list the images looked at:
// "PNG 400x400, 1532 bytes", "SVG, 4180 bytes", "WebP 300x300, 902 bytes",
// or "not an image (starts with \"<!DOCTYPE html\"), 512 bytes". Reads headers
// only (never rasterises). Thread-safe.
std::string DescribeImage(std::string_view image_bytes);

// The share of pixels (0 to 1) whose luminance differs by more than
// `tolerance` (0-255) between two encoded raster images (PNG, JPEG, GIF,
// BMP); 1 when their sizes differ. For "rewrite a screenshot only when it
// changed": anti-aliasing noise stays under the tolerance. Errors
// (kInvalidArgument): either image does not decode. Thread-safe.
StatusOr<double> DifferingPixelShare(std::string_view a, std::string_view b, int tolerance = 24);

}  // namespace proofup::qr

#endif  // PROOFUP_QR_QR_H_
