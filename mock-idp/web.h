// The browser side of the portal: sign-in, the enrolment wizard, the sign-in
// challenge, the start page and the security-info page. Routes are plain HTML
// forms; every rule (step order, anti-forgery token, expiry) is enforced here.
#ifndef PROOFUP_MOCK_IDP_WEB_H_
#define PROOFUP_MOCK_IDP_WEB_H_

#include <httplib.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mock-idp/clock.h"
#include "mock-idp/pages.h"
#include "mock-idp/state.h"

namespace proofup::mockidp {

struct PortalConfig {
  std::string base_url;  // "http://127.0.0.1:8080", used in activation URLs
  std::string default_language = "nl";
  std::vector<Step> wizard_order = BaseWizardOrder();
  int64_t qr_ttl_seconds = 300;
  int64_t push_timeout_seconds = 60;
  int64_t sms_ttl_seconds = 300;
  int64_t session_ttl_seconds = 1800;
  bool secure_cookies = false;
  PortalBreaks breaks;  // a broken-portal variant's deliberate faults
  // The spa variant: pages are a script shell plus JSON screen models, and
  // CSRF tokens travel in the X-CSRF-Token header (web_spa.cc).
  bool spa = false;
  std::string spa_script;  // the client (web/spa/app.js), served at /spa/app.js
};

// What a handler decided; rendered after the store lock is released.
struct Outcome {
  int status = 200;
  std::string redirect;  // non-empty: redirect (302 after GET, 303 after POST)
  std::optional<PageView> page;
  std::string set_cookie;
  std::string qr_text;  // non-empty: the page's {{qr_src}} is a PNG data URI of this
};

using HandlerWrapper = std::function<httplib::Server::Handler(httplib::Server::Handler)>;

class Portal {
 public:
  // Keeps references to all arguments; they must outlive the Portal.
  Portal(Store& store, const Pages& pages, const Clock& clock, PortalConfig config);

  // Adds the browser routes; each handler is passed through `wrap` (faults,
  // exception safety) first.
  void Register(httplib::Server& server, const HandlerWrapper& wrap);

  // Renders an error page (400/403/404/413/500) in the request's language.
  void RenderError(const httplib::Request& req, httplib::Response& res, int status) const;

 private:
  // Everything a step handler needs; the store lock is held while it exists.
  struct Ctx {
    PortalState& st;
    Session& s;
    const httplib::Request& req;
    int64_t now;
    std::string lang;
    bool post;
  };
  using StepFn = Outcome (Portal::*)(Ctx&);

  // Session lookup, language, step check and CSRF check, then `fn`.
  void Serve(const httplib::Request& req, httplib::Response& res, Step step, bool post, StepFn fn);
  // Like Serve for routes that are not a step of their own (links with side
  // effects); `allowed` lists the steps they may be used from.
  void ServeAction(const httplib::Request& req, httplib::Response& res, std::vector<Step> allowed,
                   StepFn fn);
  // The request's live session (nullptr: none or expired) and `now` as its
  // user sees it (per-user clock offsets; the global time while anonymous).
  Session* LiveSession(PortalState& st, const httplib::Request& req, int64_t& now) const;
  // The allow_step_skipping break: jumps `s` to `step` when it lies ahead in
  // the wizard plan. Always false on a correct portal.
  bool SkipAhead(Session& s, Step step) const;
  void Emit(httplib::Response& res, Outcome out, bool post) const;
  std::string Language(const httplib::Request& req, PortalState& st, Session& s) const;

  // Shared pieces (web_portal.cc)
  PageView View(Ctx& c, const std::string& screen) const;
  std::string Text(Ctx& c, const std::string& screen, const std::string& key) const;
  Outcome RedirectTo(const std::string& path) const;
  Outcome ErrorOutcome(Ctx& c, int status) const;
  UserState* CurrentUser(Ctx& c) const;
  Outcome Enter(Ctx& c, Step step);  // sets the step, logs it, redirects there
  Outcome Advance(Ctx& c);           // next step of the plan
  Outcome StartWizardOrFinish(Ctx& c, UserState& user);
  Outcome StartChallenge(Ctx& c, UserState& user, const std::string& method);
  Outcome FinishSignIn(Ctx& c);
  DataList MethodList(Ctx& c, const UserState& user) const;
  std::string DefaultMethodLabel(Ctx& c, const UserState& user) const;

  // Sign-in, start, security info (web_portal.cc)
  void GetLogin(const httplib::Request& req, httplib::Response& res);
  void GetStart(const httplib::Request& req, httplib::Response& res);
  void GetSecurityInfo(const httplib::Request& req, httplib::Response& res);
  Outcome PostLogin(Ctx& c);
  Outcome PostLogout(Ctx& c);
  Outcome StartPage(Ctx& c);
  Outcome SecurityInfo(Ctx& c);
  Outcome AddMethod(Ctx& c);

  // Wizard (web_wizard.cc)
  Outcome SimpleStep(Ctx& c);  // more info, app setup, other-app setup, SMS verified
  Outcome AppIntro(Ctx& c);
  Outcome SwitchOtherApp(Ctx& c);
  Outcome Qr(Ctx& c);
  Outcome QrNext(Ctx& c, Activation* a);
  Outcome QrPage(Ctx& c, std::string qr_text, DataList manual_lines, const std::string& text_key,
                 std::string error);
  Outcome OtherAppQr(Ctx& c);
  Outcome Tryout(Ctx& c);
  Outcome TotpVerify(Ctx& c);
  Outcome Phone(Ctx& c);
  Outcome Sms(Ctx& c);
  Outcome ResendSms(Ctx& c);
  Outcome Success(Ctx& c);
  void RegisterDevice(Ctx& c, UserState& user, Device device);

  // Sign-in challenge (web_challenge.cc)
  Outcome ChallengePush(Ctx& c);
  Outcome ChallengeCode(Ctx& c);
  Outcome SwitchChallenge(Ctx& c);
  // Shared by the try-out and the push challenge: the push's state as a page.
  Outcome PushPage(Ctx& c, const std::string& screen, Push* push, bool approved_has_next);

  // The spa variant (web_spa.cc)
  bool IsSpaApiRequest(const httplib::Request& req) const;
  // The request's anti-forgery token: form/query `csrf`, or in the spa
  // variant only the X-CSRF-Token header.
  std::string CsrfToken(const httplib::Request& req) const;
  void RegisterSpa(httplib::Server& server);
  nlohmann::json ScreenModel(const PageView& view, const std::string& qr_png) const;
  void EmitSpa(httplib::Response& res, Outcome out) const;
  void SendSpaError(const httplib::Request& req, httplib::Response& res, const PageView& view,
                    int status) const;

  Store& store_;
  const Pages& pages_;
  const Clock& clock_;
  const PortalConfig config_;
};

}  // namespace proofup::mockidp

#endif  // PROOFUP_MOCK_IDP_WEB_H_
