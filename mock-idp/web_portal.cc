// Portal plumbing (session, language, step and CSRF checks), sign-in, the
// start page and the security-info page.
#include <utility>

#include "mock-idp/http_util.h"
#include "mock-idp/limits.h"
#include "mock-idp/mfa.h"
#include "mock-idp/phone_number.h"
#include "mock-idp/qr_png.h"
#include "mock-idp/random.h"
#include "mock-idp/web.h"

namespace proofup::mockidp {

using httplib::Request;
using httplib::Response;

Portal::Portal(Store& store, const Pages& pages, const Clock& clock, PortalConfig config)
    : store_(store), pages_(pages), clock_(clock), config_(std::move(config)) {}

void Portal::Register(httplib::Server& server, const HandlerWrapper& wrap) {
  auto step = [&](Step st, StepFn fn) {
    server.Get(StepPath(st),
               wrap([this, st, fn](const Request& q, Response& r) { Serve(q, r, st, false, fn); }));
    server.Post(StepPath(st),
                wrap([this, st, fn](const Request& q, Response& r) { Serve(q, r, st, true, fn); }));
  };
  auto action = [&](const char* path, std::vector<Step> allowed, StepFn fn) {
    server.Get(path, wrap([this, allowed, fn](const Request& q, Response& r) {
                 ServeAction(q, r, allowed, fn);
               }));
  };
  if (config_.spa) RegisterSpa(server);
  server.Get("/", wrap([this](const Request& q, Response& r) { GetStart(q, r); }));
  server.Get("/login", wrap([this](const Request& q, Response& r) { GetLogin(q, r); }));
  server.Post("/login", wrap([this](const Request& q, Response& r) {
                Serve(q, r, Step::kSignIn, true, &Portal::PostLogin);
              }));
  server.Post("/logout", wrap([this](const Request& q, Response& r) {
                ServeAction(q, r, {}, &Portal::PostLogout);
              }));
  server.Get("/security-info",
             wrap([this](const Request& q, Response& r) { GetSecurityInfo(q, r); }));
  action("/security-info/add", {Step::kDone}, &Portal::AddMethod);
  for (Step s : {Step::kMoreInfo, Step::kAppSetup, Step::kTotpSetup, Step::kSmsVerified}) {
    step(s, &Portal::SimpleStep);
  }
  step(Step::kAppIntro, &Portal::AppIntro);
  step(Step::kQr, &Portal::Qr);
  step(Step::kTryout, &Portal::Tryout);
  step(Step::kTotpVerify, &Portal::TotpVerify);
  step(Step::kPhone, &Portal::Phone);
  step(Step::kSms, &Portal::Sms);
  step(Step::kSuccess, &Portal::Success);
  step(Step::kChallengePush, &Portal::ChallengePush);
  step(Step::kChallengeCode, &Portal::ChallengeCode);
  action("/mfa/other-app", {Step::kAppIntro}, &Portal::SwitchOtherApp);
  action("/mfa/sms/resend", {Step::kSms, Step::kChallengeCode}, &Portal::ResendSms);
  action("/challenge/switch", {Step::kChallengePush, Step::kChallengeCode},
         &Portal::SwitchChallenge);
}

void Portal::Serve(const Request& req, Response& res, Step step, bool post, StepFn fn) {
  Outcome out = store_.Locked([&](PortalState& st) -> Outcome {
    int64_t now = 0;
    Session* s = LiveSession(st, req, now);
    if (s == nullptr) {
      Outcome o = RedirectTo("/login");
      o.set_cookie = SessionCookieHeader("", config_.secure_cookies);
      return o;
    }
    Ctx c{st, *s, req, now, Language(req, st, *s), post};
    if (s->step != step && !SkipAhead(*s, step)) return RedirectTo(StepPath(s->step));
    if (post && !ConstantTimeEquals(CsrfToken(req), s->csrf)) {
      AddEvent(st, now, s->username, "csrf_refused", req.path);
      return ErrorOutcome(c, 403);
    }
    return (this->*fn)(c);
  });
  Emit(res, std::move(out), post);
}

void Portal::ServeAction(const Request& req, Response& res, std::vector<Step> allowed, StepFn fn) {
  const bool post = req.method == "POST";
  Outcome out = store_.Locked([&](PortalState& st) -> Outcome {
    int64_t now = 0;
    Session* s = LiveSession(st, req, now);
    if (s == nullptr) return RedirectTo("/login");
    Ctx c{st, *s, req, now, Language(req, st, *s), post};
    bool ok = allowed.empty() ? s->step != Step::kSignIn : false;
    for (Step a : allowed) ok = ok || a == s->step;
    if (!ok) return RedirectTo(StepPath(s->step));
    if (!ConstantTimeEquals(CsrfToken(req), s->csrf)) {
      AddEvent(st, now, s->username, "csrf_refused", req.path);
      return ErrorOutcome(c, 403);
    }
    return (this->*fn)(c);
  });
  Emit(res, std::move(out), post);
}

bool Portal::SkipAhead(Session& s, Step step) const {
  if (!config_.breaks.allow_step_skipping || s.plan.empty()) return false;
  for (size_t i = s.plan_pos + 1; i < s.plan.size(); ++i) {
    if (s.plan[i] != step) continue;
    s.plan_pos = i;
    s.step = step;
    return true;
  }
  return false;
}

Session* Portal::LiveSession(PortalState& st, const Request& req, int64_t& now) const {
  const std::string id = CookieValue(req, kSessionCookie);
  auto it = st.sessions.find(id);
  now = clock_.NowUnixFor(it == st.sessions.end() ? "" : it->second.username);
  return FindSession(st, id, now, config_.session_ttl_seconds);
}

void Portal::Emit(Response& res, Outcome out, bool post) const {
  if (config_.spa) return EmitSpa(res, std::move(out));
  SetSecurityHeaders(res);
  if (!out.set_cookie.empty()) res.set_header("Set-Cookie", out.set_cookie);
  if (!out.redirect.empty()) {
    res.set_redirect(out.redirect, post ? 303 : 302);
    return;
  }
  res.status = out.status;
  if (!out.page) return;
  if (!out.qr_text.empty()) {
    auto uri = QrDataUri(out.qr_text);
    if (!uri.ok()) throw std::runtime_error(uri.status().ToString());
    out.page->vars.set("qr_src", *uri);
  }
  res.set_content(pages_.Render(*out.page), "text/html; charset=utf-8");
}

std::string Portal::Language(const Request& req, PortalState& st, Session& s) const {
  const std::string lng = Param(req, "lng");
  if (lng == "nl" || lng == "en") s.lang = lng;
  if (!s.lang.empty()) return s.lang;
  if (!s.username.empty()) {
    if (UserState* u = FindUser(st, s.username)) return u->fixture.language;
  }
  const std::string accepted = LanguageFromAcceptHeader(req.get_header_value("Accept-Language"));
  return accepted.empty() ? config_.default_language : accepted;
}

void Portal::RenderError(const Request& req, Response& res, int status) const {
  std::string lang = Param(req, "lng");
  if (lang != "nl" && lang != "en")
    lang = LanguageFromAcceptHeader(req.get_header_value("Accept-Language"));
  if (lang.empty()) lang = config_.default_language;
  PageView v;
  v.screen = "error_" + std::to_string(status);
  if (pages_.catalogs().Screen(lang, v.screen).empty())
    v.screen = status < 500 ? "error_400" : "error_500";
  v.template_name = "error";
  v.lang = lang;
  if (config_.spa) return SendSpaError(req, res, v, status);
  SetSecurityHeaders(res);
  res.status = status;
  res.set_content(pages_.Render(v), "text/html; charset=utf-8");
}

PageView Portal::View(Ctx& c, const std::string& screen) const {
  PageView v;
  v.screen = screen;
  v.lang = c.lang;
  v.csrf = c.s.csrf;
  v.vars.set("action", std::string(StepPath(c.s.step)));
  return v;
}

std::string Portal::Text(Ctx& c, const std::string& screen, const std::string& key) const {
  return pages_.catalogs().Text(c.lang, screen, key);
}

Outcome Portal::RedirectTo(const std::string& path) const {
  Outcome o;
  o.redirect = path;
  return o;
}

Outcome Portal::ErrorOutcome(Ctx& c, int status) const {
  Outcome o;
  o.status = status;
  o.page = View(c, "error_" + std::to_string(status));
  o.page->template_name = "error";
  return o;
}

UserState* Portal::CurrentUser(Ctx& c) const { return FindUser(c.st, c.s.username); }

Outcome Portal::Enter(Ctx& c, Step step) {
  c.s.step = step;
  AddEvent(c.st, c.now, c.s.username, "step", StepName(step));
  return RedirectTo(StepPath(step));
}

Outcome Portal::Advance(Ctx& c) {
  Session& s = c.s;
  if (s.plan_pos + 1 < s.plan.size()) return Enter(c, s.plan[++s.plan_pos]);
  s.plan.clear();
  s.plan_pos = 0;
  if (s.add_mode) {
    s.add_mode = false;
    Enter(c, Step::kDone);
    return RedirectTo("/security-info");
  }
  return FinishSignIn(c);
}

Outcome Portal::StartWizardOrFinish(Ctx& c, UserState& user) {
  const bool needs_app = !user.HasApp(), needs_phone = !user.HasPhone();
  if (!needs_app && !needs_phone) return FinishSignIn(c);
  Session& s = c.s;
  s.plan = BuildWizardPlan(config_.wizard_order, needs_app, needs_phone);
  s.plan_pos = 0;
  s.add_mode = false;
  s.path = Path::kAuthenticator;
  return Enter(c, s.plan[0]);
}

Outcome Portal::FinishSignIn(Ctx& c) {
  std::string target = c.s.return_to.empty() ? "/" : c.s.return_to;
  c.s.return_to.clear();
  Enter(c, Step::kDone);
  return RedirectTo(target);
}

Outcome Portal::PostLogin(Ctx& c) {
  if (!c.req.has_param("username") || !c.req.has_param("password")) return ErrorOutcome(c, 400);
  const std::string username = Param(c.req, "username");
  UserState* user = FindUser(c.st, username);
  const bool password_ok =
      config_.breaks.accept_wrong_password ||
      ConstantTimeEquals(user ? user->fixture.password : "", Param(c.req, "password"));
  // Lockout runs on the user's own clock, like every other deadline of theirs.
  const int64_t user_now = user ? clock_.NowUnixFor(user->fixture.username) : c.now;
  const bool locked = user && SignInLocked(*user, user_now);
  if (user == nullptr || !password_ok || locked) {
    const bool now_locked = locked || (user && NoteWrongPassword(*user, user_now));
    AddEvent(c.st, c.now, LowerAscii(username), now_locked ? "signin_locked" : "signin_failed");
    Outcome o;
    o.page = View(c, "signin");
    o.page->error = Text(c, "signin", now_locked ? "locked" : "error");
    o.page->vars.set("username", username);
    return o;
  }
  NoteSignIn(*user);
  Session& s = RotateSession(c.st, c.s.id);  // the same object under a new id
  s.username = user->fixture.username;
  c.now = clock_.NowUnixFor(s.username);  // from here on the user's own time
  AddEvent(c.st, c.now, s.username, "signin");
  c.lang = Language(c.req, c.st, s);
  Outcome o = user->HasApp() || user->HasPhone() ? StartChallenge(c, *user, user->default_method)
                                                 : StartWizardOrFinish(c, *user);
  o.set_cookie = SessionCookieHeader(s.id, config_.secure_cookies);
  return o;
}

Outcome Portal::PostLogout(Ctx& c) {
  AddEvent(c.st, c.now, c.s.username, "signout");
  c.st.sessions.erase(c.s.id);  // `c.s` is dangling from here on
  Outcome o = RedirectTo("/login");
  o.set_cookie = SessionCookieHeader("", config_.secure_cookies);
  return o;
}

void Portal::GetLogin(const Request& req, Response& res) {
  Outcome out = store_.Locked([&](PortalState& st) -> Outcome {
    int64_t now = 0;
    Session* s = LiveSession(st, req, now);
    std::string cookie;
    if (s == nullptr) {
      s = &NewSession(st, now, config_.session_ttl_seconds);
      cookie = SessionCookieHeader(s->id, config_.secure_cookies);
    }
    Ctx c{st, *s, req, now, Language(req, st, *s), false};
    if (s->step != Step::kSignIn) return RedirectTo(StepPath(s->step));
    Outcome o;
    o.page = View(c, "signin");
    o.set_cookie = cookie;
    return o;
  });
  Emit(res, std::move(out), false);
}

void Portal::GetStart(const Request& req, Response& res) {
  Serve(req, res, Step::kDone, false, &Portal::StartPage);
}

void Portal::GetSecurityInfo(const Request& req, Response& res) {
  // An anonymous visitor signs in first and then lands here (return_to).
  Outcome pre = store_.Locked([&](PortalState& st) -> Outcome {
    int64_t now = 0;
    Session* s = LiveSession(st, req, now);
    Outcome o;
    if (s == nullptr) {
      s = &NewSession(st, now, config_.session_ttl_seconds);
      o.set_cookie = SessionCookieHeader(s->id, config_.secure_cookies);
    }
    if (s->step == Step::kSignIn) {
      s->return_to = "/security-info";
      o.redirect = "/login";
    }
    return o;
  });
  if (!pre.redirect.empty()) return Emit(res, std::move(pre), false);
  Serve(req, res, Step::kDone, false, &Portal::SecurityInfo);
}

Outcome Portal::StartPage(Ctx& c) {
  UserState* user = CurrentUser(c);
  Outcome o;
  o.page = View(c, "start");
  o.page->vars.set("welcome", FillPlaceholders(Text(c, "start", "welcome"),
                                               {{"name", user ? user->fixture.display_name : ""}}));
  return o;
}

DataList Portal::MethodList(Ctx& c, const UserState& user) const {
  DataList list;
  for (const Device& d : user.devices) {
    Data item{Data::type::object};
    item.set("label",
             Text(c, "methods", d.method == DeviceMethod::kPush ? "authenticator" : "other_app"));
    item.set("detail", d.name);
    list.push_back(item);
  }
  if (user.HasPhone()) {
    Data item{Data::type::object};
    item.set("label", Text(c, "methods", "phone"));
    item.set("detail", FormatE164ForDisplay(user.phone));
    list.push_back(item);
  }
  return list;
}

std::string Portal::DefaultMethodLabel(Ctx& c, const UserState& user) const {
  std::string m = user.default_method;
  if (m.empty()) m = user.PushDevice() ? "push" : user.HasApp() ? "totp" : "sms";
  return Text(c, "methods", m + "_default");
}

Outcome Portal::SecurityInfo(Ctx& c) {
  UserState* user = CurrentUser(c);
  if (user == nullptr) return ErrorOutcome(c, 500);
  Outcome o;
  o.page = View(c, "security_info");
  o.page->vars.set("methods", MethodList(c, *user));
  o.page->vars.set("default_method", FillPlaceholders(Text(c, "security_info", "default_method"),
                                                      {{"method", DefaultMethodLabel(c, *user)}}));
  o.page->vars.set("add_href", "/security-info/add?csrf=" + c.s.csrf);
  return o;
}

Outcome Portal::AddMethod(Ctx& c) {
  UserState* user = CurrentUser(c);
  if (user == nullptr) return ErrorOutcome(c, 500);
  if (user->devices.size() >= kMaxAuthenticatorApps) {
    Outcome o = SecurityInfo(c);
    o.page->error = Text(c, "security_info", "limit");
    return o;
  }
  Session& s = c.s;
  s.plan = {Step::kAppSetup, Step::kQr, Step::kTryout};
  s.plan_pos = 0;
  s.add_mode = true;
  s.path = Path::kAuthenticator;
  s.activation_id.clear();
  s.push_id.clear();
  s.pending_device.reset();
  return Enter(c, s.plan[0]);
}

}  // namespace proofup::mockidp
