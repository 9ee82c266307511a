// The guessing limits on a UserState, with explicit times (no clock, no sleeps).
#include <gtest/gtest.h>

#include "harness/otp/otp.h"
#include "mock-idp/limits.h"

namespace proofup::mockidp {
namespace {

const std::string kSecret = "JBSWY3DPEHPK3PXP";
constexpr int64_t kT0 = 1'700'000'010;  // 10 s into a 30-s step

std::string CodeAt(int64_t t, const std::string& secret = kSecret) {
  otp::OtpParams p;
  p.key = *otp::Base32Decode(secret);
  return *otp::Totp(p, t);
}

TEST(SignInLimit, TenthWrongPasswordLocksForFifteenMinutes) {
  UserState u;
  for (int i = 1; i < kMaxWrongPasswords; ++i) EXPECT_FALSE(NoteWrongPassword(u, kT0));
  EXPECT_FALSE(SignInLocked(u, kT0));
  EXPECT_TRUE(NoteWrongPassword(u, kT0));
  EXPECT_TRUE(SignInLocked(u, kT0));
  EXPECT_TRUE(SignInLocked(u, kT0 + kSignInLockSeconds - 1));
  EXPECT_FALSE(SignInLocked(u, kT0 + kSignInLockSeconds));
}

TEST(SignInLimit, SuccessfulSignInClearsTheCount) {
  UserState u;
  for (int i = 1; i < kMaxWrongPasswords; ++i) NoteWrongPassword(u, kT0);
  NoteSignIn(u);
  EXPECT_FALSE(NoteWrongPassword(u, kT0));
  EXPECT_FALSE(SignInLocked(u, kT0));
}

TEST(TotpLimit, FifthWrongCodeLocksEvenTheRightOne) {
  UserState u;
  const std::string right = CodeAt(kT0);
  const std::string wrong = right == "000000" ? "111111" : "000000";
  for (int i = 1; i < kMaxWrongTotpCodes; ++i)
    EXPECT_EQ(CheckTotpLimited(u, {kSecret}, wrong, kT0), TotpCheck::kWrong);
  EXPECT_EQ(CheckTotpLimited(u, {kSecret}, wrong, kT0), TotpCheck::kLocked);
  EXPECT_EQ(CheckTotpLimited(u, {kSecret}, right, kT0), TotpCheck::kLocked);
  const int64_t later = kT0 + kTotpLockSeconds;
  EXPECT_EQ(CheckTotpLimited(u, {kSecret}, CodeAt(later), later), TotpCheck::kOk);
}

TEST(TotpLimit, AcceptedCodeIsRefusedWhenReplayedWithinItsWindow) {
  UserState u;
  const std::string code = CodeAt(kT0);
  EXPECT_EQ(CheckTotpLimited(u, {kSecret}, code, kT0), TotpCheck::kOk);
  EXPECT_EQ(CheckTotpLimited(u, {kSecret}, code, kT0 + 5), TotpCheck::kReplayed);
  EXPECT_EQ(CheckTotpLimited(u, {kSecret}, code, kT0 + 30), TotpCheck::kReplayed);  // window
  // An older code (the previous step, still inside the window) is refused too.
  EXPECT_EQ(CheckTotpLimited(u, {kSecret}, CodeAt(kT0 - 30), kT0 + 5), TotpCheck::kReplayed);
  // Replays are not counted as wrong guesses.
  for (int i = 0; i < 2 * kMaxWrongTotpCodes; ++i) CheckTotpLimited(u, {kSecret}, code, kT0);
  EXPECT_EQ(CheckTotpLimited(u, {kSecret}, CodeAt(kT0 + 30), kT0 + 30), TotpCheck::kOk);
}

TEST(TotpLimit, ReplayIsPerSecretAndResetClearsEverything) {
  UserState u;
  const std::string other = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
  EXPECT_EQ(CheckTotpLimited(u, {kSecret}, CodeAt(kT0), kT0), TotpCheck::kOk);
  EXPECT_EQ(CheckTotpLimited(u, {kSecret, other}, CodeAt(kT0, other), kT0), TotpCheck::kOk);
  u = UserFromFixture(u.fixture);  // what a control-API reset does
  EXPECT_EQ(CheckTotpLimited(u, {kSecret}, CodeAt(kT0), kT0), TotpCheck::kOk);
}

TEST(SmsResendLimit, ThreeResendsPerTenMinutes) {
  UserState u;
  for (int i = 0; i < kMaxSmsResends; ++i) EXPECT_TRUE(TakeSmsResend(u, kT0 + i));
  EXPECT_FALSE(TakeSmsResend(u, kT0 + 60));
  EXPECT_FALSE(TakeSmsResend(u, kT0 + kSmsResendWindowSeconds - 1));
  EXPECT_TRUE(TakeSmsResend(u, kT0 + kSmsResendWindowSeconds));  // the first one aged out
  EXPECT_FALSE(TakeSmsResend(u, kT0 + kSmsResendWindowSeconds));
}

}  // namespace
}  // namespace proofup::mockidp
