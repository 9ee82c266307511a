#include "mock-idp/mfa.h"

#include "harness/otp/otp.h"
#include "mock-idp/catalog.h"
#include "mock-idp/random.h"

namespace proofup::mockidp {

Activation& NewActivation(PortalState& st, Session& s, int64_t now, int64_t ttl) {
  Activation a;
  a.id = RandomHex(16);
  a.code = RandomDigits(9);
  a.session_id = s.id;
  a.username = s.username;
  a.expires_at = now + ttl;
  s.activation_id = a.id;
  RecordIssuedSecret(st, s.username, "activation_code", a.code);
  RecordIssuedSecret(st, s.username, "activation_id", a.id);
  std::string id = a.id;
  return st.activations.emplace(id, std::move(a)).first->second;
}

void RefreshActivation(Activation& a, int64_t now) {
  if (a.state == ActivationState::kPending && now >= a.expires_at)
    a.state = ActivationState::kExpired;
}

void RefreshPush(Push& p, int64_t now) {
  if (p.state == PushState::kPending && now >= p.expires_at) p.state = PushState::kExpired;
}

Push& SendPush(PortalState& st, Session& s, const std::string& push_token, int64_t now,
               int64_t timeout) {
  if (!s.push_id.empty()) st.pushes.erase(s.push_id);  // superseded by this one
  Push p;
  p.id = RandomHex(16);
  p.username = s.username;
  p.session_id = s.id;
  p.push_token = push_token;
  p.number = RandomInt(10, 99);
  p.created_at = now;
  p.expires_at = now + timeout;
  p.dropped = TakeUserFault(st, "drop_push", s.username);
  AddEvent(st, now, s.username, p.dropped ? "push_dropped" : "push_sent", "push " + p.id);
  s.push_id = p.id;
  std::string id = p.id;
  return st.pushes.emplace(id, std::move(p)).first->second;
}

void SendSmsCode(PortalState& st, Session& s, const std::string& to,
                 const std::string& text_template, int64_t now, int64_t ttl) {
  SmsCode sms;
  sms.code = RandomDigits(6);
  sms.to = to;
  RecordIssuedSecret(st, s.username, "sms_code", sms.code);
  sms.expires_at = now + ttl;
  if (TakeUserFault(st, "drop_sms", s.username)) {
    AddEvent(st, now, s.username, "sms_dropped", "to " + to);
  } else {
    auto& box = st.outbox[to];
    box.push_back({to, FillPlaceholders(text_template, {{"code", sms.code}}), s.username, now});
    if (box.size() > 100) box.erase(box.begin());
    AddEvent(st, now, s.username, "sms_sent", "to " + to);
  }
  s.sms = std::move(sms);
}

SmsCheck CheckSmsCode(SmsCode& sms, const std::string& code, int64_t now) {
  if (now >= sms.expires_at) sms.dead = true;
  if (sms.dead) return SmsCheck::kDead;
  if (ConstantTimeEquals(sms.code, code)) {
    sms.dead = true;  // single use
    return SmsCheck::kOk;
  }
  if (++sms.wrong_attempts >= 3) {
    sms.dead = true;
    return SmsCheck::kDead;
  }
  return SmsCheck::kWrong;
}

bool CheckTotp(const std::string& secret, const std::string& code, int64_t now) {
  auto key = otp::Base32Decode(secret);
  if (!key.ok() || code.size() != 6) return false;
  otp::OtpParams params;
  params.key = *key;
  auto match = otp::VerifyTotp(params, code, now, 1);
  return match.ok() && match->matched;
}

std::string NewTotpSecret() { return otp::Base32Encode(RandomBytes(20)); }

}  // namespace proofup::mockidp
