// The enrolment wizard's steps (manual steps 7 to 15).
#include "harness/otp/otp.h"
#include "mock-idp/http_util.h"
#include "mock-idp/limits.h"
#include "mock-idp/mfa.h"
#include "mock-idp/phone_number.h"
#include "mock-idp/random.h"
#include "mock-idp/web.h"

namespace proofup::mockidp {
namespace {

Data Line(const std::string& label, const std::string& value) {
  Data d{Data::type::object};
  d.set("label", label);
  d.set("value", value);
  return d;
}

std::string Trimmed(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

}  // namespace

Outcome Portal::SimpleStep(Ctx& c) {
  if (c.post) return Advance(c);
  Outcome o;
  o.page = View(c, StepName(c.s.step));
  o.page->template_name = "info";
  return o;
}

Outcome Portal::AppIntro(Ctx& c) {
  if (c.post) return Advance(c);
  Outcome o;
  o.page = View(c, "app_intro");
  o.page->vars.set("other_app_href", "/mfa/other-app?csrf=" + c.s.csrf);
  return o;
}

Outcome Portal::SwitchOtherApp(Ctx& c) {
  Session& s = c.s;
  std::vector<Step> plan(s.plan.begin(), s.plan.begin() + static_cast<long>(s.plan_pos) + 1);
  std::vector<Step> rest = SwitchToOtherApp(
      std::vector<Step>(s.plan.begin() + static_cast<long>(s.plan_pos) + 1, s.plan.end()));
  plan.insert(plan.end(), rest.begin(), rest.end());
  s.plan = std::move(plan);
  s.path = Path::kOtherApp;
  AddEvent(c.st, c.now, s.username, "path", "other_app");
  return Advance(c);
}

Outcome Portal::QrPage(Ctx& c, std::string qr_text, DataList manual_lines,
                       const std::string& text_key, std::string error) {
  Outcome o;
  o.page = View(c, "qr");
  o.page->error = std::move(error);
  o.page->vars.set("text", Text(c, "qr", text_key));
  o.page->vars.set("manual_href", "/mfa/qr?manual=1");
  if (Param(c.req, "manual") == "1") {
    o.page->vars.set("manual", true);
    o.page->vars.set("manual_lines", manual_lines);
  }
  o.qr_text = std::move(qr_text);
  return o;
}

Outcome Portal::OtherAppQr(Ctx& c) {
  if (c.s.totp_secret.empty()) {
    c.s.totp_secret = NewTotpSecret();
    RecordIssuedSecret(c.st, c.s.username, "totp_secret", c.s.totp_secret);
  }
  if (c.post) return Advance(c);
  otp::OtpAuthUri uri;
  uri.issuer = pages_.tenant();
  uri.account = c.s.username;
  uri.params.key = otp::Base32Decode(c.s.totp_secret).value();
  DataList lines;
  lines.push_back(Line(Text(c, "qr", "account_label"), c.s.username));
  lines.push_back(Line(Text(c, "qr", "secret_label"), c.s.totp_secret));
  return QrPage(c, otp::FormatOtpAuthUri(uri), lines, "text_other", "");
}

Outcome Portal::Qr(Ctx& c) {
  if (c.s.path == Path::kOtherApp) return OtherAppQr(c);
  UserState* user = CurrentUser(c);
  if (user == nullptr) return ErrorOutcome(c, 500);
  if (user->devices.size() >= kMaxAuthenticatorApps) {
    Outcome o;
    o.page = View(c, "qr");
    o.page->error = Text(c, "qr", "limit");
    return o;
  }
  auto it = c.st.activations.find(c.s.activation_id);
  Activation* a = it == c.st.activations.end() ? nullptr : &it->second;
  if (a != nullptr) RefreshActivation(*a, c.now);
  if (c.post) return QrNext(c, a);
  if (a == nullptr || a->state == ActivationState::kExpired) {
    a = &NewActivation(c.st, c.s, c.now, config_.qr_ttl_seconds);
  }
  const std::string url = config_.base_url + "/activate/" + a->id;
  DataList lines;
  lines.push_back(Line(Text(c, "qr", "code_label"), a->code));
  lines.push_back(Line(Text(c, "qr", "url_label"), url));
  return QrPage(c, otp::FormatPhoneFactorUri({a->code, url}), lines, "text_authenticator", "");
}

Outcome Portal::QrNext(Ctx& c, Activation* a) {
  if (a != nullptr && a->state == ActivationState::kUsed && c.s.pending_device) {
    SendPush(c.st, c.s, c.s.pending_device->push_token, c.now, config_.push_timeout_seconds);
    return Advance(c);
  }
  std::string error_key = "not_activated";
  if (a == nullptr || a->state == ActivationState::kExpired) {
    a = &NewActivation(c.st, c.s, c.now, config_.qr_ttl_seconds);
    error_key = "expired";
  }
  const std::string url = config_.base_url + "/activate/" + a->id;
  DataList lines;
  lines.push_back(Line(Text(c, "qr", "code_label"), a->code));
  lines.push_back(Line(Text(c, "qr", "url_label"), url));
  return QrPage(c, otp::FormatPhoneFactorUri({a->code, url}), lines, "text_authenticator",
                Text(c, "qr", error_key));
}

void Portal::RegisterDevice(Ctx& c, UserState& user, Device device) {
  const char* method = device.method == DeviceMethod::kPush ? "push" : "totp";
  if (user.devices.size() < kMaxAuthenticatorApps) user.devices.push_back(std::move(device));
  if (user.default_method.empty()) user.default_method = method;
  AddEvent(c.st, c.now, user.fixture.username, "app_registered", method);
}

Outcome Portal::Tryout(Ctx& c) {
  auto it = c.st.pushes.find(c.s.push_id);
  Push* p = it == c.st.pushes.end() ? nullptr : &it->second;
  if (p != nullptr) RefreshPush(*p, c.now);
  UserState* user = CurrentUser(c);
  if (user == nullptr || !c.s.pending_device) return ErrorOutcome(c, 500);
  if (!c.post) return PushPage(c, "tryout", p, true);
  const std::string action = Param(c.req, "action");
  if (p != nullptr && p->state == PushState::kApproved) {
    if (action != "next") return RedirectTo(StepPath(Step::kTryout));
    RegisterDevice(c, *user, *c.s.pending_device);
    c.s.pending_device.reset();
    c.s.push_id.clear();
    return Advance(c);
  }
  if (action == "retry" && (p == nullptr || p->state != PushState::kPending)) {
    SendPush(c.st, c.s, c.s.pending_device->push_token, c.now, config_.push_timeout_seconds);
  }
  return RedirectTo(StepPath(Step::kTryout));
}

Outcome Portal::TotpVerify(Ctx& c) {
  UserState* user = CurrentUser(c);
  if (user == nullptr) return ErrorOutcome(c, 500);
  Outcome o;
  if (c.post) {
    if (!c.req.has_param("code")) return ErrorOutcome(c, 400);
    const TotpCheck check =
        CheckTotpLimited(*user, {c.s.totp_secret}, Trimmed(Param(c.req, "code")), c.now);
    if (check == TotpCheck::kOk) {
      AddEvent(c.st, c.now, c.s.username, "totp_ok");
      RegisterDevice(c, *user,
                     {RandomHex(8), Text(c, "methods", "other_app"), "", c.s.totp_secret,
                      DeviceMethod::kTotp, c.now});
      c.s.totp_secret.clear();
      return Advance(c);
    }
    AddEvent(c.st, c.now, c.s.username, "totp_failed");
    o.page = View(c, "totp_verify");
    o.page->error = Text(c, "totp_verify",
                         check == TotpCheck::kReplayed ? "replayed"
                         : check == TotpCheck::kLocked ? "locked"
                                                       : "error");
    return o;
  }
  o.page = View(c, "totp_verify");
  return o;
}

Outcome Portal::Phone(Ctx& c) {
  std::string country = c.post ? Param(c.req, "country") : "NL";
  Outcome o;
  if (c.post) {
    if (!c.req.has_param("phone")) return ErrorOutcome(c, 400);
    const std::string method = Param(c.req, "method");
    auto e164 = NormalizeMobileNumber(country, Param(c.req, "phone"));
    if (e164.ok() && (method.empty() || method == "sms")) {
      c.s.pending_phone = *e164;
      SendSmsCode(c.st, c.s, *e164, Text(c, "gateway", "sms_text"), c.now, config_.sms_ttl_seconds);
      return Advance(c);
    }
    AddEvent(c.st, c.now, c.s.username, "phone_invalid");
    o.page = View(c, "phone");
    o.page->error = Text(c, "phone", "error");
    o.page->vars.set("phone", Param(c.req, "phone"));
  } else {
    o.page = View(c, "phone");
  }
  DataList countries;
  for (const Country& k : SupportedCountries()) {
    Data item{Data::type::object};
    item.set("iso", k.iso);
    item.set("label", FillPlaceholders(Text(c, "phone", "country_option"),
                                       {{"name", k.name}, {"code", k.calling_code}}));
    item.set("selected", k.iso == country);
    countries.push_back(item);
  }
  o.page->vars.set("countries", countries);
  return o;
}

Outcome Portal::Sms(Ctx& c) {
  Outcome o;
  o.page = View(c, "sms");
  o.page->vars.set("sent", FillPlaceholders(Text(c, "sms", "sent"),
                                            {{"phone", FormatE164ForDisplay(c.s.pending_phone)}}));
  o.page->vars.set("resend_href", "/mfa/sms/resend?csrf=" + c.s.csrf);
  if (c.s.resend_refused && !c.post) o.page->error = Text(c, "sms", "resend_limit");
  c.s.resend_refused = false;
  if (!c.post) return o;
  if (!c.req.has_param("code")) return ErrorOutcome(c, 400);
  std::string code = Trimmed(Param(c.req, "code"));
  if (config_.breaks.accept_wrong_sms_code && c.s.sms) code = c.s.sms->code;
  const SmsCheck check = c.s.sms ? CheckSmsCode(*c.s.sms, code, c.now) : SmsCheck::kDead;
  if (check == SmsCheck::kOk) {
    UserState* user = CurrentUser(c);
    if (user == nullptr) return ErrorOutcome(c, 500);
    user->phone = c.s.pending_phone;
    if (user->default_method.empty()) user->default_method = "sms";
    AddEvent(c.st, c.now, c.s.username, "sms_ok");
    c.s.sms.reset();
    return Advance(c);
  }
  AddEvent(c.st, c.now, c.s.username, "sms_failed");
  o.page->error = Text(c, "sms", check == SmsCheck::kWrong ? "wrong" : "dead");
  return o;
}

Outcome Portal::ResendSms(Ctx& c) {
  std::string to = c.s.pending_phone;
  if (c.s.step == Step::kChallengeCode) {
    UserState* user = CurrentUser(c);
    if (user == nullptr || c.s.challenge_method != "sms") return RedirectTo(StepPath(c.s.step));
    to = user->phone;
  }
  UserState* user = CurrentUser(c);
  if (user == nullptr) return ErrorOutcome(c, 500);
  if (!TakeSmsResend(*user, c.now)) {
    AddEvent(c.st, c.now, c.s.username, "sms_resend_refused");
    c.s.resend_refused = true;
    return RedirectTo(StepPath(c.s.step));
  }
  SendSmsCode(c.st, c.s, to, Text(c, "gateway", "sms_text"), c.now, config_.sms_ttl_seconds);
  return RedirectTo(StepPath(c.s.step));
}

Outcome Portal::Success(Ctx& c) {
  UserState* user = CurrentUser(c);
  if (user == nullptr) return ErrorOutcome(c, 500);
  if (c.post) {
    AddEvent(c.st, c.now, c.s.username, "enrolled");
    return Advance(c);
  }
  Outcome o;
  o.page = View(c, "success");
  o.page->vars.set("methods", MethodList(c, *user));
  o.page->vars.set("default_method", DefaultMethodLabel(c, *user));
  return o;
}

}  // namespace proofup::mockidp
