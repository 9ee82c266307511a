// Internal to the qr module: the image formats stb_image does not read. SVG
// (rasterised with librsvg) and WebP (libwebp), both to the same luminance
// buffer DecodeLuminance returns.
#ifndef PROOFUP_QR_VECTOR_AND_WEBP_H_
#define PROOFUP_QR_VECTOR_AND_WEBP_H_

#include <cstdint>
#include <string_view>

#include "harness/base/status.h"
#include "harness/qr/luminance_image.h"

namespace proofup::qr {

// "RIFF....WEBP".
bool LooksLikeWebp(std::string_view bytes);
// XML or HTML-ish text whose first kilobyte opens an <svg> element.
bool LooksLikeSvg(std::string_view bytes);

// WebP (lossy, lossless, alpha; the first frame of an animation is refused
// by libwebp's simple API) to luminance over white. Errors
// (kInvalidArgument): not WebP, corrupt, or more than `max_pixels` pixels
// (checked from the header before decoding).
StatusOr<LuminanceImage> DecodeWebpLuminance(std::string_view bytes, int64_t max_pixels);

// The size in a WebP header; false when it is not readable WebP.
bool WebpSize(std::string_view bytes, int* width, int* height);

// Rasterises an SVG document so that its longer side is about `raster_side`
// pixels (aspect ratio kept), over white. When the viewBox's longer side is a
// whole number of units (a QR code drawn one unit per module, as qrencode and
// most libraries write it), the side is rounded to a whole number of pixels
// per unit: at a fractional scale every edge between two adjacent module
// rectangles is anti-aliased into a grey seam, and those seams through the
// finder patterns make ZXing miss the code. Nothing outside `bytes` is ever
// loaded: the handle has no base URL, so librsvg refuses every external
// reference (file:, http:, xi:include, <image>, <use>, CSS @import) and only
// data: URLs inside the document resolve. libxml2's safety limits stay on.
// Errors (kInvalidArgument): over `max_bytes`, not a parsable SVG, or
// librsvg cannot render it.
StatusOr<LuminanceImage> RasteriseSvg(std::string_view bytes, size_t max_bytes, int raster_side);

}  // namespace proofup::qr

#endif  // PROOFUP_QR_VECTOR_AND_WEBP_H_
