// Internal to the qr module: a structural check of PNG bytes before stb_image
// decodes them. stb_image 2.27 (Debian) trusts a PNG's chunk lengths and
// zlib stream: an IDAT chunk claiming 2 GiB makes it allocate 2 GiB before it
// notices the data is missing, and a small zlib stream that inflates to
// gigabytes grows its output buffer without bound. Both are refused here.
#ifndef PROOFUP_QR_PNG_CHECK_H_
#define PROOFUP_QR_PNG_CHECK_H_

#include <cstdint>
#include <string_view>

#include "harness/base/status.h"

namespace proofup::qr {

// The number of bytes the pixel data of a width x height PNG inflates to
// (filter bytes included, Adam7 passes when `interlaced`), for `bits_per_pixel`
// = channels x bit depth. Images decoding to more than this are refused.
uint64_t PngRawSize(uint32_t width, uint32_t height, uint32_t bits_per_pixel, bool interlaced);

// OK if `bytes` is not a PNG (other formats are stb's to judge) or is a PNG
// whose chunks up to IEND all lie inside `bytes` and whose compressed pixel
// data inflates without error to at most PngRawSize() bytes (checked by
// streaming inflate into a small buffer, so the check itself allocates
// nothing in proportion to the image). Otherwise kInvalidArgument naming the
// chunk or the sizes. Runs before the pixel limit check only for the
// structure; the caller checks dimensions. Thread-safe.
Status CheckPngStructure(std::string_view bytes);

}  // namespace proofup::qr

#endif  // PROOFUP_QR_PNG_CHECK_H_
