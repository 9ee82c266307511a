// HOTP (RFC 4226) and TOTP (RFC 6238) on OpenSSL's HMAC.
#include "harness/otp/otp.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>

namespace proofup::otp {
namespace {

const EVP_MD* Digest(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::kSha256:
      return EVP_sha256();
    case Algorithm::kSha512:
      return EVP_sha512();
    case Algorithm::kSha1:
      break;
  }
  return EVP_sha1();
}

Status CheckParams(const OtpParams& params) {
  if (params.digits < 6 || params.digits > 8) {
    return Status::InvalidArgument("OTP digits must be 6 to 8, got " +
                                   std::to_string(params.digits));
  }
  if (params.key.empty()) return Status::InvalidArgument("OTP key is empty");
  return Status::Ok();
}

Status CheckTotpParams(const OtpParams& params) {
  if (params.period_seconds <= 0) {
    return Status::InvalidArgument("TOTP period must be positive, got " +
                                   std::to_string(params.period_seconds));
  }
  return CheckParams(params);
}

// Precondition: CheckParams(params) is OK.
std::string HotpUnchecked(const OtpParams& params, uint64_t counter) {
  unsigned char message[8];
  for (int i = 7; i >= 0; --i) {
    message[i] = static_cast<unsigned char>(counter & 0xff);
    counter >>= 8;
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(Digest(params.algorithm), params.key.data(), static_cast<int>(params.key.size()), message,
       sizeof message, mac, &mac_len);
  // Dynamic truncation (RFC 4226 section 5.3).
  const unsigned offset = mac[mac_len - 1] & 0x0f;
  const uint32_t binary = (static_cast<uint32_t>(mac[offset] & 0x7f) << 24) |
                          (static_cast<uint32_t>(mac[offset + 1]) << 16) |
                          (static_cast<uint32_t>(mac[offset + 2]) << 8) |
                          static_cast<uint32_t>(mac[offset + 3]);
  uint32_t modulus = 1;
  for (int i = 0; i < params.digits; ++i) modulus *= 10;
  std::string code = std::to_string(binary % modulus);
  code.insert(0, static_cast<size_t>(params.digits) - code.size(), '0');
  return code;
}

}  // namespace

StatusOr<Algorithm> ParseAlgorithm(std::string_view name) {
  std::string upper(name);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper == "SHA1") return Algorithm::kSha1;
  if (upper == "SHA256") return Algorithm::kSha256;
  if (upper == "SHA512") return Algorithm::kSha512;
  return Status::InvalidArgument("unknown OTP algorithm '" + std::string(name) +
                                 "' (expected SHA1, SHA256 or SHA512)");
}

const char* AlgorithmName(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::kSha256:
      return "SHA256";
    case Algorithm::kSha512:
      return "SHA512";
    case Algorithm::kSha1:
      break;
  }
  return "SHA1";
}

StatusOr<std::string> Hotp(const OtpParams& params, uint64_t counter) {
  if (Status s = CheckParams(params); !s.ok()) return s;
  return HotpUnchecked(params, counter);
}

uint64_t TotpStep(const OtpParams& params, int64_t unix_seconds) {
  if (unix_seconds <= 0 || params.period_seconds <= 0) return 0;
  return static_cast<uint64_t>(unix_seconds) / static_cast<uint64_t>(params.period_seconds);
}

StatusOr<std::string> Totp(const OtpParams& params, int64_t unix_seconds) {
  if (Status s = CheckTotpParams(params); !s.ok()) return s;
  return HotpUnchecked(params, TotpStep(params, unix_seconds));
}

StatusOr<TotpMatch> VerifyTotp(const OtpParams& params, std::string_view code, int64_t unix_seconds,
                               int window_steps) {
  if (Status s = CheckTotpParams(params); !s.ok()) return s;
  if (window_steps < 0) {
    return Status::InvalidArgument("TOTP window must be >= 0, got " + std::to_string(window_steps));
  }
  const uint64_t now_step = TotpStep(params, unix_seconds);
  if (code.size() != static_cast<size_t>(params.digits)) return TotpMatch{};
  // Nearest steps first, so that the reported offset is the smallest drift
  // that explains the code.
  for (int distance = 0; distance <= window_steps; ++distance) {
    for (int offset : {-distance, distance}) {
      if (offset < 0 && static_cast<uint64_t>(-offset) > now_step) continue;
      const uint64_t step = now_step + static_cast<int64_t>(offset);
      const std::string expected = HotpUnchecked(params, step);
      if (CRYPTO_memcmp(expected.data(), code.data(), expected.size()) == 0) {
        return TotpMatch{.matched = true, .step_offset = offset, .step = step};
      }
      if (distance == 0) break;
    }
  }
  return TotpMatch{};
}

}  // namespace proofup::otp
