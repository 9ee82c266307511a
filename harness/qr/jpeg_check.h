// Internal to the qr module: a walk over a JPEG's markers before stb_image
// reads them. stb_image 2.27 (Debian) builds a Huffman table from a DHT
// segment without checking that its 16 code counts add up to at most 256, and
// writes past its 257-entry size table when they do (fuzz_qr, UBSan). 2.28
// checks it; until Debian ships that, such files are refused here.
#ifndef PROOFUP_QR_JPEG_CHECK_H_
#define PROOFUP_QR_JPEG_CHECK_H_

#include <string_view>

#include "harness/base/status.h"

namespace proofup::qr {

// OK if `bytes` is not a JPEG (stb's SOI test: 0xFF bytes then 0xD8) or if
// every DHT segment stb would read, before, between and after the scans,
// defines tables of at most 256 codes each. Otherwise kInvalidArgument naming
// the byte offset. Linear time, no allocation. Thread-safe.
Status CheckJpegHuffmanTables(std::string_view bytes);

}  // namespace proofup::qr

#endif  // PROOFUP_QR_JPEG_CHECK_H_
