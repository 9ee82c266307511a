// Base32: decoding never crashes, and encoding round-trips any bytes.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "harness/otp/otp.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)proofup::otp::Base32Decode(bytes);
  for (bool pad : {false, true}) {
    auto back = proofup::otp::Base32Decode(proofup::otp::Base32Encode(bytes, pad));
    if (!back.ok() || *back != bytes) abort();
  }
  return 0;
}
