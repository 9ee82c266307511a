// The second factors: QR activations, push notifications with number
// matching, SMS codes and TOTP checks. Functions taking PortalState must be
// called with the Store lock held.
#ifndef PROOFUP_MOCK_IDP_MFA_H_
#define PROOFUP_MOCK_IDP_MFA_H_

#include <cstdint>
#include <string>

#include "mock-idp/state.h"

namespace proofup::mockidp {

constexpr int kMaxAuthenticatorApps = 5;

// A fresh activation (9-digit code, expires `ttl` seconds from `now`) for the
// session's user; becomes the session's current one.
Activation& NewActivation(PortalState& st, Session& s, int64_t now, int64_t ttl);

// Expiry is judged lazily: moves a pending activation/push past its deadline
// to the expired state.
void RefreshActivation(Activation& a, int64_t now);
void RefreshPush(Push& p, int64_t now);

// Sends a number-matching push for the session's user to the device with
// `push_token`; becomes the session's current push. A drop_push fault makes
// it never reach the device (it still expires, so the browser sees "no
// answer").
Push& SendPush(PortalState& st, Session& s, const std::string& push_token, int64_t now,
               int64_t timeout);

// Generates a 6-digit code for the session, files `text_template` with
// "{code}" filled in the outbox of `to` (unless a drop_sms fault eats it).
void SendSmsCode(PortalState& st, Session& s, const std::string& to,
                 const std::string& text_template, int64_t now, int64_t ttl);

enum class SmsCheck { kOk, kWrong, kDead };
// Checks `code` against the session's SMS code. Three wrong answers or expiry
// kill the code (kDead until a resend).
SmsCheck CheckSmsCode(SmsCode& sms, const std::string& code, int64_t now);

// Whether `code` is the TOTP of Base32 `secret` (SHA1, 6 digits, 30 s) at
// `now`, one step either side.
bool CheckTotp(const std::string& secret, const std::string& code, int64_t now);

// A new random 160-bit TOTP secret, Base32.
std::string NewTotpSecret();

}  // namespace proofup::mockidp

#endif  // PROOFUP_MOCK_IDP_MFA_H_
