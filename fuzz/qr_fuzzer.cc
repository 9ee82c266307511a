// QR decoding of untrusted image bytes (stb_image + ZXing), with a pixel
// limit small enough that the fuzzer explores headers, not huge images.
#include <cstdint>
#include <string_view>

#include "harness/qr/qr.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  proofup::qr::DecodeOptions options;
  options.max_pixels = 1 << 20;
  options.try_harder = false;
  (void)proofup::qr::DecodeImage(std::string_view(reinterpret_cast<const char*>(data), size),
                                 options);
  return 0;
}
