// The MFA challenge of an already enrolled user, and the push page that the
// wizard's try-out shares with it.
#include "mock-idp/http_util.h"
#include "mock-idp/limits.h"
#include "mock-idp/mfa.h"
#include "mock-idp/phone_number.h"
#include "mock-idp/web.h"

namespace proofup::mockidp {
namespace {

bool CanUse(const UserState& user, const std::string& method) {
  if (method == "push") return user.PushDevice() != nullptr;
  if (method == "totp") return user.HasApp();
  if (method == "sms") return user.HasPhone();
  return false;
}

// "+31 612345678" -> "+31 6******78": enough to recognise, not to reuse.
std::string MaskedPhone(const std::string& e164) {
  std::string shown = FormatE164ForDisplay(e164);
  const size_t space = shown.find(' ');
  if (space == std::string::npos || shown.size() < space + 5) return shown;
  for (size_t i = space + 2; i + 2 < shown.size(); ++i) shown[i] = '*';
  return shown;
}

std::string Trimmed(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

}  // namespace

Outcome Portal::StartChallenge(Ctx& c, UserState& user, const std::string& method) {
  std::string m = method;
  if (!CanUse(user, m)) {
    for (const char* candidate : {"push", "totp", "sms"}) {
      if (CanUse(user, candidate)) {
        m = candidate;
        break;
      }
    }
  }
  c.s.challenge_method = m;
  if (m != "push" && !c.s.push_id.empty()) {  // a pending push must not stay answerable
    c.st.pushes.erase(c.s.push_id);
    c.s.push_id.clear();
  }
  AddEvent(c.st, c.now, user.fixture.username, "challenge", m);
  if (m == "push") {
    SendPush(c.st, c.s, user.PushDevice()->push_token, c.now, config_.push_timeout_seconds);
    return Enter(c, Step::kChallengePush);
  }
  if (m == "sms") {
    SendSmsCode(c.st, c.s, user.phone, Text(c, "gateway", "sms_text"), c.now,
                config_.sms_ttl_seconds);
  }
  return Enter(c, Step::kChallengeCode);
}

Outcome Portal::PushPage(Ctx& c, const std::string& screen, Push* push, bool approved_has_next) {
  Outcome o;
  o.page = View(c, screen);
  PageView& v = *o.page;
  const PushState state = push == nullptr ? PushState::kExpired : push->state;
  switch (state) {
    case PushState::kPending:
      v.vars.set("number", std::to_string(push->number));
      v.vars.set("waiting", true);
      v.refresh_seconds = 1;
      break;
    case PushState::kApproved:
      v.status_text = Text(c, screen, "approved");
      v.vars.set("approved", approved_has_next);
      break;
    case PushState::kDenied:
      v.error = Text(c, screen, "denied");
      break;
    case PushState::kWrongNumber:
      v.error = Text(c, screen, "wrong_number");
      break;
    case PushState::kExpired:
      v.error = Text(c, screen, "timeout");
      break;
  }
  if (!v.error.empty()) v.vars.set("failed", true);
  return o;
}

Outcome Portal::ChallengePush(Ctx& c) {
  UserState* user = CurrentUser(c);
  if (user == nullptr) return ErrorOutcome(c, 500);
  auto it = c.st.pushes.find(c.s.push_id);
  Push* p = it == c.st.pushes.end() ? nullptr : &it->second;
  if (p != nullptr) RefreshPush(*p, c.now);
  if (c.post) {
    const bool settled = p == nullptr || p->state != PushState::kPending;
    if (Param(c.req, "action") == "retry" && settled && user->PushDevice() != nullptr &&
        (p == nullptr || p->state != PushState::kApproved)) {
      SendPush(c.st, c.s, user->PushDevice()->push_token, c.now, config_.push_timeout_seconds);
    }
    return RedirectTo(StepPath(Step::kChallengePush));
  }
  if (p != nullptr && p->state == PushState::kApproved) {
    AddEvent(c.st, c.now, c.s.username, "challenge_ok", "push");
    c.s.push_id.clear();
    return StartWizardOrFinish(c, *user);
  }
  Outcome o = PushPage(c, "challenge_push", p, false);
  if (user->HasPhone())
    o.page->vars.set("use_sms_href", "/challenge/switch?to=sms&csrf=" + c.s.csrf);
  o.page->vars.set("use_code_href", "/challenge/switch?to=totp&csrf=" + c.s.csrf);
  return o;
}

Outcome Portal::ChallengeCode(Ctx& c) {
  UserState* user = CurrentUser(c);
  if (user == nullptr) return ErrorOutcome(c, 500);
  const bool sms = c.s.challenge_method == "sms";
  Outcome o;
  o.page = View(c, "challenge_code");
  PageView& v = *o.page;
  if (sms) {
    v.vars.set("text", FillPlaceholders(Text(c, "challenge_code", "text_sms"),
                                        {{"phone", MaskedPhone(user->phone)}}));
    v.vars.set("resend_href", "/mfa/sms/resend?csrf=" + c.s.csrf);
    if (c.s.resend_refused) v.error = Text(c, "challenge_code", "resend_limit");
    c.s.resend_refused = false;
  } else {
    v.vars.set("text", Text(c, "challenge_code", "text_totp"));
    if (user->HasPhone()) v.vars.set("use_sms_href", "/challenge/switch?to=sms&csrf=" + c.s.csrf);
  }
  if (!c.post) return o;
  if (!c.req.has_param("code")) return ErrorOutcome(c, 400);
  std::string code = Trimmed(Param(c.req, "code"));
  if (sms && config_.breaks.accept_wrong_sms_code && c.s.sms) code = c.s.sms->code;
  bool ok = false;
  std::string error_key = "error_totp";
  if (sms) {
    const SmsCheck check = c.s.sms ? CheckSmsCode(*c.s.sms, code, c.now) : SmsCheck::kDead;
    ok = check == SmsCheck::kOk;
    error_key = check == SmsCheck::kWrong ? "wrong" : "dead";
  } else {
    std::vector<std::string> secrets;
    for (const Device& d : user->devices) secrets.push_back(d.totp_secret);
    const TotpCheck check = CheckTotpLimited(*user, secrets, code, c.now);
    ok = check == TotpCheck::kOk;
    error_key = check == TotpCheck::kReplayed ? "replayed"
                : check == TotpCheck::kLocked ? "locked"
                                              : "error_totp";
  }
  if (ok) {
    AddEvent(c.st, c.now, c.s.username, "challenge_ok", c.s.challenge_method);
    c.s.sms.reset();
    return StartWizardOrFinish(c, *user);
  }
  AddEvent(c.st, c.now, c.s.username, "challenge_failed", c.s.challenge_method);
  v.error = Text(c, "challenge_code", error_key);
  return o;
}

Outcome Portal::SwitchChallenge(Ctx& c) {
  UserState* user = CurrentUser(c);
  const std::string to = Param(c.req, "to");
  if (user == nullptr || !CanUse(*user, to)) return RedirectTo(StepPath(c.s.step));
  return StartChallenge(c, *user, to);
}

}  // namespace proofup::mockidp
