#include "harness/otp/otp.h"

#include <gtest/gtest.h>

#include <string>

namespace proofup::otp {
namespace {

OtpParams Params(std::string key, Algorithm algorithm, int digits, int period = 30) {
  OtpParams p;
  p.key = std::move(key);
  p.algorithm = algorithm;
  p.digits = digits;
  p.period_seconds = period;
  return p;
}

constexpr char kSeed20[] = "12345678901234567890";
constexpr char kSeed32[] = "12345678901234567890123456789012";
constexpr char kSeed64[] = "1234567890123456789012345678901234567890123456789012345678901234";

TEST(Hotp, Rfc4226AppendixD) {
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  const OtpParams p = Params(kSeed20, Algorithm::kSha1, 6);
  for (uint64_t counter = 0; counter < 10; ++counter) {
    StatusOr<std::string> code = Hotp(p, counter);
    ASSERT_TRUE(code.ok()) << code.status().ToString();
    EXPECT_EQ(*code, expected[counter]) << "counter " << counter;
  }
}

TEST(Totp, Rfc6238AppendixB) {
  struct Vector {
    int64_t time;
    const char* sha1;
    const char* sha256;
    const char* sha512;
  };
  const Vector vectors[] = {
      {59, "94287082", "46119246", "90693936"},
      {1111111109, "07081804", "68084774", "25091201"},
      {1111111111, "14050471", "67062674", "99943326"},
      {1234567890, "89005924", "91819424", "93441116"},
      {2000000000, "69279037", "90698825", "38618901"},
      {20000000000, "65353130", "77737706", "47863826"},
  };
  const OtpParams sha1 = Params(kSeed20, Algorithm::kSha1, 8);
  const OtpParams sha256 = Params(kSeed32, Algorithm::kSha256, 8);
  const OtpParams sha512 = Params(kSeed64, Algorithm::kSha512, 8);
  for (const Vector& v : vectors) {
    EXPECT_EQ(Totp(sha1, v.time).value(), v.sha1) << "SHA1 at " << v.time;
    EXPECT_EQ(Totp(sha256, v.time).value(), v.sha256) << "SHA256 at " << v.time;
    EXPECT_EQ(Totp(sha512, v.time).value(), v.sha512) << "SHA512 at " << v.time;
  }
}

TEST(Totp, SixAndSevenDigitsAreSuffixesOfEight) {
  const OtpParams eight = Params(kSeed20, Algorithm::kSha1, 8);
  OtpParams six = eight;
  six.digits = 6;
  OtpParams seven = eight;
  seven.digits = 7;
  EXPECT_EQ(Totp(six, 1111111109).value(), "081804");  // keeps the leading zero
  EXPECT_EQ(Totp(seven, 1111111109).value(), "7081804");
}

TEST(Totp, StepIsFloorDivisionAndClampsBeforeEpoch) {
  const OtpParams p = Params(kSeed20, Algorithm::kSha1, 6, 30);
  EXPECT_EQ(TotpStep(p, 0), 0u);
  EXPECT_EQ(TotpStep(p, 29), 0u);
  EXPECT_EQ(TotpStep(p, 30), 1u);
  EXPECT_EQ(TotpStep(p, 59), 1u);
  EXPECT_EQ(TotpStep(p, -100), 0u);
  EXPECT_EQ(TotpStep(Params(kSeed20, Algorithm::kSha1, 6, 60), 59), 0u);
  EXPECT_EQ(Totp(p, 31).value(), Hotp(p, 1).value());
  EXPECT_EQ(Totp(Params(kSeed20, Algorithm::kSha1, 6, 7), 70).value(), Hotp(p, 10).value());
}

TEST(Otp, InvalidParamsAreErrors) {
  for (int digits : {0, 5, 9, -1}) {
    StatusOr<std::string> r = Hotp(Params(kSeed20, Algorithm::kSha1, digits), 0);
    ASSERT_FALSE(r.ok()) << digits;
    EXPECT_EQ(r.status().kind(), Status::Kind::kInvalidArgument);
    EXPECT_NE(r.status().message().find("digits"), std::string::npos);
  }
  StatusOr<std::string> empty = Hotp(Params("", Algorithm::kSha1, 6), 0);
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("empty"), std::string::npos);
  for (int period : {0, -30}) {
    StatusOr<std::string> r = Totp(Params(kSeed20, Algorithm::kSha1, 6, period), 100);
    ASSERT_FALSE(r.ok()) << period;
    EXPECT_NE(r.status().message().find("period"), std::string::npos);
    EXPECT_FALSE(VerifyTotp(Params(kSeed20, Algorithm::kSha1, 6, period), "123456", 100).ok());
  }
}

TEST(Algorithm, ParseAndName) {
  EXPECT_EQ(ParseAlgorithm("sha1").value(), Algorithm::kSha1);
  EXPECT_EQ(ParseAlgorithm("SHA256").value(), Algorithm::kSha256);
  EXPECT_EQ(ParseAlgorithm("Sha512").value(), Algorithm::kSha512);
  StatusOr<Algorithm> bad = ParseAlgorithm("MD5");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("'MD5'"), std::string::npos);
  EXPECT_FALSE(ParseAlgorithm("SHA-1").ok());
  EXPECT_FALSE(ParseAlgorithm("").ok());
  EXPECT_STREQ(AlgorithmName(Algorithm::kSha1), "SHA1");
  EXPECT_STREQ(AlgorithmName(Algorithm::kSha256), "SHA256");
  EXPECT_STREQ(AlgorithmName(Algorithm::kSha512), "SHA512");
}

TEST(VerifyTotp, MatchesWithinWindowAndReportsOffset) {
  const OtpParams p = Params(kSeed20, Algorithm::kSha1, 6);
  const int64_t now = 1'700'000'015;  // step 56666667
  const uint64_t step = TotpStep(p, now);
  for (int offset = -2; offset <= 2; ++offset) {
    const std::string code = Hotp(p, step + offset).value();
    StatusOr<TotpMatch> within = VerifyTotp(p, code, now, /*window_steps=*/2);
    ASSERT_TRUE(within.ok());
    EXPECT_TRUE(within->matched) << offset;
    EXPECT_EQ(within->step_offset, offset);
    EXPECT_EQ(within->step, step + offset);

    StatusOr<TotpMatch> narrow = VerifyTotp(p, code, now, /*window_steps=*/1);
    ASSERT_TRUE(narrow.ok());
    EXPECT_EQ(narrow->matched, offset >= -1 && offset <= 1) << offset;
  }
  StatusOr<TotpMatch> exact = VerifyTotp(p, Hotp(p, step + 1).value(), now, 0);
  ASSERT_TRUE(exact.ok());
  EXPECT_FALSE(exact->matched);
  EXPECT_TRUE(VerifyTotp(p, Totp(p, now).value(), now, 0)->matched);
}

TEST(VerifyTotp, WrongCodesDoNotMatch) {
  const OtpParams p = Params(kSeed20, Algorithm::kSha1, 6);
  const int64_t now = 1'700'000'015;
  std::string code = Totp(p, now).value();
  std::string wrong = code;
  wrong[5] = wrong[5] == '9' ? '0' : static_cast<char>(wrong[5] + 1);
  EXPECT_FALSE(VerifyTotp(p, wrong, now, 1)->matched);
  EXPECT_FALSE(VerifyTotp(p, code.substr(0, 5), now, 1)->matched);
  EXPECT_FALSE(VerifyTotp(p, code + "0", now, 1)->matched);
  EXPECT_FALSE(VerifyTotp(p, "", now, 1)->matched);
  EXPECT_FALSE(VerifyTotp(p, code, now, -1).ok());
}

TEST(VerifyTotp, WindowDoesNotUnderflowAtEpoch) {
  const OtpParams p = Params(kSeed20, Algorithm::kSha1, 6);
  StatusOr<TotpMatch> m = VerifyTotp(p, Hotp(p, 1).value(), 5, 3);
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->matched);
  EXPECT_EQ(m->step_offset, 1);
  // A code for the "step before 0" (which wraps to UINT64_MAX) is never accepted.
  EXPECT_FALSE(VerifyTotp(p, Hotp(p, UINT64_MAX).value(), 5, 3)->matched);
}

}  // namespace
}  // namespace proofup::otp
