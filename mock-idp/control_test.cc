// The control API: token guard, clock, reset, events, every fault kind, and
// the request log's secrecy.
#include <gtest/gtest.h>

#include <chrono>
#include <mutex>

#include "harness/otp/otp.h"
#include "harness/qr/qr.h"
#include "mock-idp/testing/flow_driver.h"

namespace proofup::mockidp::testing {
namespace {

class ControlApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    MockIdpOptions o = TestOptions();
    o.log_requests = true;
    o.log = [this](const std::string& line) {
      std::lock_guard<std::mutex> lock(log_mu_);
      log_ += line + "\n";
    };
    idp_ = StartServer(o);
    ASSERT_TRUE(idp_);
    browser_ = std::make_unique<HttpClient>(idp_->url());
    admin_ = std::make_unique<HttpClient>(idp_->url());
  }
  HttpResponse Ctl(const std::string& method, const std::string& path,
                   const nlohmann::json& body = nlohmann::json::object()) {
    return Control(*admin_, method, path, body);
  }
  HttpResponse ToQr(const std::string& user, const std::string& password) {
    HttpResponse page = SignIn(*browser_, user, password);
    for (int i = 0; i < 3; ++i) page = Submit(*browser_, page, "next");
    return page;
  }
  std::string QrText(const HttpResponse& page) {
    auto codes = qr::DecodeDataUri(QrSrc(page.body));
    return codes.ok() && codes->size() == 1 ? (*codes)[0].text : "";
  }
  std::string Log() {
    std::lock_guard<std::mutex> lock(log_mu_);
    return log_;
  }
  // Declared before the server: the server may still be logging while it
  // is being stopped, so the log must outlive it.
  std::mutex log_mu_;
  std::string log_;
  std::unique_ptr<MockIdp> idp_;
  std::unique_ptr<HttpClient> browser_, admin_;
};

TEST_F(ControlApiTest, HealthzIsOpenEverythingElseNeedsTheToken) {
  HttpResponse h = browser_->Get("/healthz");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.Json()["ok"], true);
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"POST", "/__control/reset"},
           {"POST", "/__control/clock"},
           {"GET", "/__control/events"},
           {"POST", "/__control/faults"},
           {"DELETE", "/__control/faults"},
           {"GET", "/__control/user?name=anna@voorbeeld.nl"},
           {"GET", "/__control/nothing"}}) {
    HttpResponse none = browser_->Send(method, path, "{}", {"Content-Type: application/json"});
    EXPECT_EQ(none.status, 401) << method << " " << path;
    EXPECT_EQ(none.Header("www-authenticate"), "Bearer");
    HttpResponse wrong = browser_->Send(method, path, "{}", {AdminHeader("wrong-token")});
    EXPECT_EQ(wrong.status, 401) << method << " " << path;
  }
  EXPECT_EQ(Ctl("GET", "/__control/nothing").status, 404);
  EXPECT_EQ(Ctl("POST", "/__control/clock", {{"offset_seconds", "x"}}).status, 400);
  EXPECT_EQ(admin_->Send("POST", "/__control/clock", "{not json", {AdminHeader()}).status, 400);
}

TEST_F(ControlApiTest, HelloNamesMockIdpAndWhetherTheTokenIsRight) {
  HttpResponse open = browser_->Get("/__control/hello");
  ASSERT_EQ(open.status, 200);
  EXPECT_EQ(open.Json()["service"], "mock-idp");
  EXPECT_EQ(open.Json()["authorized"], false);
  HttpResponse wrong = browser_->Send("GET", "/__control/hello", "", {AdminHeader("wrong-token")});
  EXPECT_EQ(wrong.Json()["authorized"], false);
  HttpResponse right = Ctl("GET", "/__control/hello");
  EXPECT_EQ(right.Json()["authorized"], true);
  EXPECT_EQ(right.Json()["control_api"], 1);
}

TEST_F(ControlApiTest, ClockOffsetSetAndAdvance) {
  const int64_t before = Ctl("GET", "/__control/clock").Json()["now"];
  HttpResponse r = Ctl("POST", "/__control/clock", {{"offset_seconds", 100}});
  EXPECT_EQ(r.Json()["offset_seconds"], 100);
  r = Ctl("POST", "/__control/clock", {{"advance_seconds", 20}});
  EXPECT_EQ(r.Json()["offset_seconds"], 120);
  EXPECT_GE(r.Json()["now"].get<int64_t>(), before + 120);
  EXPECT_EQ(Ctl("POST", "/__control/clock", {{"offset_seconds", 1}, {"advance_seconds", 1}}).status,
            400);
}

TEST_F(ControlApiTest, ResetPutsTheUserBackAndEndsItsSessions) {
  VirtualPhone phone(idp_->url(), "push-anna");
  ASSERT_EQ(EnrollWithAuthenticator(*browser_, phone, {"anna@voorbeeld.nl", "Test-Anna-2024!"}),
            "");
  EXPECT_EQ(Ctl("GET", "/__control/user?name=anna@voorbeeld.nl").Json()["state"], "enrolled");
  EXPECT_EQ(Ctl("POST", "/__control/reset", {{"user", "anna@voorbeeld.nl"}}).status, 200);
  auto user = Ctl("GET", "/__control/user?name=anna@voorbeeld.nl").Json();
  EXPECT_EQ(user["state"], "not_enrolled");
  EXPECT_TRUE(user["devices"].empty());
  EXPECT_EQ(browser_->Get("/").Path(), "/login");
  EXPECT_TRUE(phone.Sms("+31612345678").empty());
  EXPECT_EQ(Ctl("POST", "/__control/reset", {{"user", "ghost@voorbeeld.nl"}}).status, 404);
  // Fixture state is what a reset restores: an enrolled user stays enrolled.
  EXPECT_EQ(Ctl("POST", "/__control/reset", {{"user", "kees@voorbeeld.nl"}}).status, 200);
  EXPECT_EQ(Ctl("GET", "/__control/user?name=kees@voorbeeld.nl").Json()["state"], "enrolled");
  // Reset all also zeroes the clock.
  Ctl("POST", "/__control/clock", {{"offset_seconds", 50}});
  EXPECT_EQ(Ctl("POST", "/__control/reset").Json()["reset"], "all");
  EXPECT_EQ(Ctl("GET", "/__control/clock").Json()["offset_seconds"], 0);
}

TEST_F(ControlApiTest, EventLogTellsWhatHappenedWithoutSecrets) {
  VirtualPhone phone(idp_->url(), "push-anna");
  HttpResponse page = ToQr("anna@voorbeeld.nl", "Test-Anna-2024!");
  const std::string qr_text = QrText(page);
  auto uri = otp::ParsePhoneFactorUri(qr_text);
  ASSERT_EQ(phone.Activate(qr_text), "");
  page = Submit(*browser_, page, "next");
  phone.Answer(phone.Pushes().at(0)["id"], MatchNumber(page.body), true);
  page = Submit(*browser_, browser_->Get("/mfa/try"), "next");
  page = Submit(*browser_, page, "next", {{"country", "NL"}, {"phone", "0612345678"}});
  const std::string sms_code = phone.LatestSmsCode("+31612345678");
  Submit(*browser_, page, "next", {{"code", sms_code}});
  HttpResponse events = Ctl("GET", "/__control/events?user=anna@voorbeeld.nl");
  ASSERT_EQ(events.status, 200);
  std::vector<std::string> kinds;
  const nlohmann::json parsed = events.Json();
  for (const auto& e : parsed["events"]) kinds.push_back(e["kind"]);
  for (const char* k : {"signin", "step", "activation", "push_sent", "push_answered",
                        "app_registered", "sms_sent", "sms_ok"}) {
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), k), kinds.end()) << k;
  }
  const std::string all = Ctl("GET", "/__control/events").body;
  for (const std::string& secret :
       {std::string("Test-Anna-2024!"), uri->code, sms_code, phone.secret(), Csrf(page.body)}) {
    EXPECT_EQ(all.find(secret), std::string::npos) << "event log leaks " << secret;
    EXPECT_EQ(Log().find(secret), std::string::npos) << "request log leaks " << secret;
  }
  EXPECT_NE(Log().find("POST /login 303"), std::string::npos) << Log();
  EXPECT_EQ(Ctl("GET", "/__control/events?kind=sms_ok").Json()["events"].size(), 1u);
}

TEST_F(ControlApiTest, LatencyAndHttp500Faults) {
  ASSERT_EQ(Ctl("POST", "/__control/faults",
                {{"kind", "latency"}, {"route", "/login"}, {"ms", 300}, {"count", 1}})
                .status,
            200);
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(browser_->Get("/login").status, 200);
  auto slow = std::chrono::steady_clock::now() - t0;
  EXPECT_GE(slow, std::chrono::milliseconds(300));
  t0 = std::chrono::steady_clock::now();
  browser_->Get("/login");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(250));  // used up
  ASSERT_EQ(Ctl("POST", "/__control/faults", {{"kind", "http500"}, {"route", "/mfa/*"}}).status,
            200);
  HttpResponse page = SignIn(*browser_, "anna@voorbeeld.nl", "Test-Anna-2024!");
  EXPECT_EQ(page.status, 500);
  EXPECT_EQ(H1(page.body), "Er is iets misgegaan");
  EXPECT_EQ(browser_->Get("/mfa/more-info").status, 500);  // until cleared
  EXPECT_EQ(Ctl("GET", "/__control/faults").Json()["faults"].size(), 1u);
  EXPECT_EQ(Ctl("DELETE", "/__control/faults").status, 200);
  EXPECT_EQ(browser_->Get("/mfa/more-info").status, 200);
}

TEST_F(ControlApiTest, DropSmsFault) {
  ASSERT_EQ(Ctl("POST", "/__control/faults",
                {{"kind", "drop_sms"}, {"user", "fleur@voorbeeld.nl"}, {"count", 1}})
                .status,
            200);
  VirtualPhone phone(idp_->url(), "fixture-push-fleur");
  HttpResponse page = SignIn(*browser_, "fleur@voorbeeld.nl", "Test-Fleur-2024!");
  phone.Answer(phone.Pushes().at(0)["id"], MatchNumber(page.body), true);
  page = Submit(*browser_, browser_->Get("/challenge/push"), "next");
  page = Submit(*browser_, page, "next", {{"country", "NL"}, {"phone", "0699887766"}});
  EXPECT_EQ(page.Path(), "/mfa/sms");
  EXPECT_TRUE(phone.Sms("+31699887766").empty());
  EXPECT_EQ(Ctl("GET", "/__control/events?kind=sms_dropped").Json()["events"].size(), 1u);
  page = browser_->Get(LinkHref(page.body, "Code opnieuw verzenden"));
  EXPECT_EQ(phone.Sms("+31699887766").size(), 1u);
}

TEST_F(ControlApiTest, ExpireQrFault) {
  ASSERT_EQ(Ctl("POST", "/__control/faults",
                {{"kind", "expire_qr"}, {"user", "anna@voorbeeld.nl"}, {"count", 1}})
                .status,
            200);
  VirtualPhone phone(idp_->url(), "push-anna");
  HttpResponse page = ToQr("anna@voorbeeld.nl", "Test-Anna-2024!");
  const std::string first = QrText(page);
  auto uri = otp::ParsePhoneFactorUri(first);
  HttpResponse r = phone.ActivateRaw(uri->url, uri->code);
  EXPECT_EQ(r.status, 410);
  EXPECT_EQ(r.Json()["error"], "expired");
  page = Submit(*browser_, page, "next");
  EXPECT_EQ(ErrorText(page.body), "De QR-code is verlopen. Scan de nieuwe QR-code met de app.");
  EXPECT_EQ(phone.Activate(QrText(page)), "");
  EXPECT_EQ(Submit(*browser_, page, "next").Path(), "/mfa/try");
}

TEST_F(ControlApiTest, DropPushFault) {
  ASSERT_EQ(Ctl("POST", "/__control/faults",
                {{"kind", "drop_push"}, {"user", "kees@voorbeeld.nl"}, {"count", 1}})
                .status,
            200);
  VirtualPhone phone(idp_->url(), "fixture-push-kees");
  HttpResponse page = SignIn(*browser_, "kees@voorbeeld.nl", "Test-Kees-2024!");
  EXPECT_FALSE(MatchNumber(page.body).empty());  // the browser waits...
  EXPECT_TRUE(phone.Pushes().empty());           // ...for a push that never comes
  Ctl("POST", "/__control/clock", {{"advance_seconds", 61}});
  page = browser_->Get("/challenge/push");
  EXPECT_EQ(ErrorText(page.body), "Geen reactie ontvangen");
  page = Submit(*browser_, page, "retry");
  ASSERT_EQ(phone.Pushes().size(), 1u);
}

TEST_F(ControlApiTest, BadFaultsAreRefused) {
  EXPECT_EQ(Ctl("POST", "/__control/faults", {{"kind", "meteor"}}).status, 400);
  EXPECT_EQ(Ctl("POST", "/__control/faults", {{"kind", 5}}).status, 400);
  EXPECT_EQ(Ctl("POST", "/__control/faults", {{"kind", "latency"}, {"route", "/login"}}).status,
            400);
  EXPECT_EQ(Ctl("POST", "/__control/faults", {{"kind", "http500"}}).status, 400);
  EXPECT_EQ(Ctl("POST", "/__control/faults", {{"kind", "drop_sms"}, {"count", 0}}).status, 400);
  EXPECT_EQ(Ctl("POST", "/__control/faults", {{"kind", "drop_sms"}, {"user", "ghost@x"}}).status,
            404);
  EXPECT_TRUE(Ctl("GET", "/__control/faults").Json()["faults"].empty());
}

}  // namespace
}  // namespace proofup::mockidp::testing

namespace proofup::mockidp::testing {
namespace {

// Lockouts live in the user's state: a reset (of the user or of everything) lifts them.
TEST(Limits, ResetLiftsTheSignInLockout) {
  auto idp = StartServer();
  ASSERT_TRUE(idp);
  HttpClient admin(idp->url());
  for (const nlohmann::json& reset :
       {nlohmann::json{{"user", "kees@voorbeeld.nl"}}, nlohmann::json::object()}) {
    HttpClient browser(idp->url());
    HttpResponse page;
    for (int i = 0; i < 10; ++i) page = SignIn(browser, "kees@voorbeeld.nl", "wrong");
    EXPECT_NE(page.body.find("tijdelijk vergrendeld"), std::string::npos);
    page = SignIn(browser, "kees@voorbeeld.nl", "Test-Kees-2024!");
    EXPECT_EQ(H1(page.body), "Aanmelden") << "locked: the right password is refused too";
    EXPECT_EQ(Control(admin, "POST", "/__control/reset", reset).status, 200);
    HttpClient fresh(idp->url());
    page = SignIn(fresh, "kees@voorbeeld.nl", "Test-Kees-2024!");
    EXPECT_NE(H1(page.body), "Aanmelden") << reset.dump();
  }
  auto events = Control(admin, "GET", "/__control/events?kind=signin_locked").Json()["events"];
  EXPECT_EQ(events.size(), 4u);  // per round: the 10th wrong one and the refused right one
}

}  // namespace
}  // namespace proofup::mockidp::testing
