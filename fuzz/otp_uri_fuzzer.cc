// otpauth:// and phonefactor:// parsing: any bytes give a value or an error,
// and whatever parses survives Format -> Parse unchanged.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "harness/otp/otp.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto uri = proofup::otp::ParseOtpAuthUri(text); uri.ok()) {
    auto again = proofup::otp::ParseOtpAuthUri(proofup::otp::FormatOtpAuthUri(*uri));
    if (!again.ok()) abort();
  }
  if (auto uri = proofup::otp::ParsePhoneFactorUri(text); uri.ok()) {
    auto again = proofup::otp::ParsePhoneFactorUri(proofup::otp::FormatPhoneFactorUri(*uri));
    if (!again.ok()) abort();
  }
  (void)proofup::otp::PercentDecode(text);
  return 0;
}
