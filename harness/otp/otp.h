// One-time passwords as the Authenticator app and the portal compute them:
// Base32 secrets (RFC 4648), HOTP (RFC 4226), TOTP (RFC 6238), and the URIs
// that carry them in QR codes (Key Uri Format `otpauth://`, and Microsoft's
// work-account form `phonefactor://activate_account`).
//
// Nothing here reads a clock: every time is a parameter (Unix seconds), so the
// portal's clock offset and a phone's skew are plain arguments.
// Every function is pure and thread-safe.
#ifndef PROOFUP_OTP_OTP_H_
#define PROOFUP_OTP_OTP_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "harness/base/status.h"

namespace proofup::otp {

// ---- Base32 (RFC 4648 alphabet A-Z2-7) ----

// Decodes `text` into raw bytes. Case-insensitive; '=' padding optional;
// spaces and dashes are ignored (secrets are often shown grouped "JBSW Y3DP").
// Error (kInvalidArgument): names the offending character and its 0-based
// position in `text`, e.g. "invalid base32 character '1' at position 4".
StatusOr<std::string> Base32Decode(std::string_view text);

// Encodes raw bytes, upper case; '=' padding only when `pad` is true.
std::string Base32Encode(std::string_view bytes, bool pad = false);

// ---- HOTP / TOTP ----

enum class Algorithm { kSha1, kSha256, kSha512 };

// "SHA1", "SHA256", "SHA512" (case-insensitive). Error: kInvalidArgument naming the input.
StatusOr<Algorithm> ParseAlgorithm(std::string_view name);
const char* AlgorithmName(Algorithm algorithm);  // "SHA1", "SHA256", "SHA512"

// The parameters shared by generator and verifier. `key` is the raw secret
// (already Base32-decoded).
struct OtpParams {
  std::string key;
  Algorithm algorithm = Algorithm::kSha1;
  int digits = 6;           // 6 to 8
  int period_seconds = 30;  // TOTP only; > 0
};

// RFC 4226 HOTP value for `counter`, zero-padded to params.digits.
// Error (kInvalidArgument): digits outside 6..8 or an empty key.
StatusOr<std::string> Hotp(const OtpParams& params, uint64_t counter);

// The TOTP time step containing `unix_seconds` (floor division by the period;
// times before the epoch are step 0).
uint64_t TotpStep(const OtpParams& params, int64_t unix_seconds);

// RFC 6238 TOTP value at `unix_seconds`. Errors as Hotp, plus period <= 0.
StatusOr<std::string> Totp(const OtpParams& params, int64_t unix_seconds);

struct TotpMatch {
  bool matched = false;
  int step_offset = 0;  // matched step minus the step of `unix_seconds` (-window..+window)
  uint64_t step = 0;    // the matched step itself
};

// Accepts `code` if it equals the TOTP value at any step within `window_steps`
// of the step containing `unix_seconds`. Comparison is constant-time per step.
// Error only for invalid params; a wrong code is {matched=false}.
StatusOr<TotpMatch> VerifyTotp(const OtpParams& params, std::string_view code, int64_t unix_seconds,
                               int window_steps = 1);

// ---- URIs carried by enrollment QR codes ----

enum class OtpType { kTotp, kHotp };

// Key Uri Format:
// otpauth://TYPE/LABEL?secret=...&issuer=...&algorithm=...&digits=...&period=...&counter=...
struct OtpAuthUri {
  OtpType type = OtpType::kTotp;
  std::string issuer;    // from the issuer parameter, else the label prefix before ':'
  std::string account;   // label after the (optional) "Issuer:" prefix, percent-decoded
  OtpParams params;      // key decoded from `secret`; defaults SHA1 / 6 / 30
  uint64_t counter = 0;  // hotp only (required there)
};

// Parses an otpauth:// URI. Errors (kInvalidArgument, message says which):
// not an otpauth URI, unknown type, missing or invalid secret, unknown
// algorithm, digits outside 6..8, non-positive period, hotp without counter.
StatusOr<OtpAuthUri> ParseOtpAuthUri(std::string_view uri);

// Builds the canonical URI for `u` (used by the mock portal and by tests).
std::string FormatOtpAuthUri(const OtpAuthUri& u);

// Microsoft Authenticator work-account activation:
// phonefactor://activate_account?code=<activation code>&url=<activation URL>
struct PhoneFactorUri {
  std::string code;  // activation code (digits)
  std::string url;   // where the app posts the activation, percent-decoded
};

// Errors (kInvalidArgument): wrong scheme or host, missing code or url.
StatusOr<PhoneFactorUri> ParsePhoneFactorUri(std::string_view uri);
std::string FormatPhoneFactorUri(const PhoneFactorUri& u);

// Percent-decoding ("%3A" -> ":", "+" stays "+"). Error on a malformed escape.
StatusOr<std::string> PercentDecode(std::string_view text);
// Percent-encodes everything but unreserved characters (RFC 3986).
std::string PercentEncode(std::string_view text);

}  // namespace proofup::otp

#endif  // PROOFUP_OTP_OTP_H_
