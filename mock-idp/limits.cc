#include "mock-idp/limits.h"

#include <algorithm>

#include "harness/otp/otp.h"

namespace proofup::mockidp {

bool SignInLocked(const UserState& user, int64_t now) {
  return now < user.limits.signin_locked_until;
}

bool NoteWrongPassword(UserState& user, int64_t now) {
  if (++user.limits.wrong_passwords < kMaxWrongPasswords) return false;
  user.limits.wrong_passwords = 0;
  user.limits.signin_locked_until = now + kSignInLockSeconds;
  return true;
}

void NoteSignIn(UserState& user) { user.limits.wrong_passwords = 0; }

TotpCheck CheckTotpLimited(UserState& user, const std::vector<std::string>& secrets,
                           const std::string& code, int64_t now) {
  GuessLimits& l = user.limits;
  if (now < l.totp_locked_until) return TotpCheck::kLocked;
  for (const std::string& secret : secrets) {
    auto key = otp::Base32Decode(secret);
    if (secret.empty() || !key.ok() || code.size() != 6) continue;
    otp::OtpParams params;
    params.key = *key;
    auto match = otp::VerifyTotp(params, code, now, 1);
    if (!match.ok() || !match->matched) continue;
    auto used = l.last_totp_step.find(secret);
    if (used != l.last_totp_step.end() && match->step <= used->second) return TotpCheck::kReplayed;
    l.last_totp_step[secret] = match->step;
    l.wrong_totp = 0;
    return TotpCheck::kOk;
  }
  if (++l.wrong_totp < kMaxWrongTotpCodes) return TotpCheck::kWrong;
  l.wrong_totp = 0;
  l.totp_locked_until = now + kTotpLockSeconds;
  return TotpCheck::kLocked;
}

bool TakeSmsResend(UserState& user, int64_t now) {
  auto& times = user.limits.sms_resends;
  times.erase(std::remove_if(times.begin(), times.end(),
                             [&](int64_t t) { return t <= now - kSmsResendWindowSeconds; }),
              times.end());
  if (static_cast<int>(times.size()) >= kMaxSmsResends) return false;
  times.push_back(now);
  return true;
}

}  // namespace proofup::mockidp
