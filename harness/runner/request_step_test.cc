// `request:` steps run by the runner against a small portal of its own on a
// loopback port (not mock-idp: a request step works against any portal):
// the browser signs in, the request carries its session cookie, a captured
// otpauth:// URI becomes a phone account whose code the portal's API accepts.
#include <gtest/gtest.h>

#include <mutex>
#include <nlohmann/json.hpp>

#include "harness/http/test_server.h"
#include "harness/otp/otp.h"
#include "harness/runner/request_check.h"
#include "harness/runner/runner.h"

namespace proofup::runner {
namespace {

using Json = nlohmann::json;
const char kSecret[] = "JBSWY3DPEHPK3PXP";

class ApiPortal {
 public:
  ApiPortal() {
    auto& s = server_.server();
    s.Get("/login", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(R"(<h1>Sign in</h1><form method="post" action="/login">
        <label for="u">Username</label><input id="u" name="username">
        <button type="submit">Sign in</button></form>)",
                      "text/html");
    });
    s.Post("/login", [](const httplib::Request& req, httplib::Response& res) {
      res.set_header("Set-Cookie",
                     "sid=session-of-" + req.get_param_value("username") + "; Path=/; HttpOnly");
      res.status = 303;
      res.set_header("Location", "/home");
    });
    s.Get("/home", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<h1>Home</h1>", "text/html");
    });
    s.Get("/api/me", [this](const httplib::Request& req, httplib::Response& res) {
      if (!SignedIn(req)) return Json401(res);
      res.set_content(R"({"user": "anna", "methods": ["totp", "sms"], "count": 2})",
                      "application/json");
    });
    s.Post("/api/totp/key", [this](const httplib::Request& req, httplib::Response& res) {
      if (!SignedIn(req)) return Json401(res);
      Json key = {
          {"uri", std::string("otpauth://totp/Portal:anna?secret=") + kSecret + "&issuer=Portal"}};
      res.set_content(key.dump(), "application/json");
    });
    s.Post("/api/totp/verify", [this](const httplib::Request& req, httplib::Response& res) {
      if (!SignedIn(req)) return Json401(res);
      Json body = Json::parse(req.body, nullptr, false);
      std::string code = body.is_object() ? body.value("code", "") : "";
      otp::OtpParams params;
      params.key = *otp::Base32Decode(kSecret);
      auto match = otp::VerifyTotp(params, code, std::time(nullptr));
      bool ok = req.get_header_value("Content-Type") == "application/json" && match.ok() &&
                match->matched;
      res.status = ok ? 200 : 400;
      res.set_content(ok ? R"({"ok": true})" : R"({"ok": false, "error": "wrong code"})",
                      "application/json");
    });
    started_ = server_.Start();
  }
  bool started() const { return started_; }
  std::string Url() const { return server_.Url(""); }

 private:
  static void Json401(httplib::Response& res) {
    res.status = 401;
    res.set_content(R"({"error": "not signed in"})", "application/json");
  }
  bool SignedIn(const httplib::Request& req) const {
    return req.get_header_value("Cookie").find("sid=session-of-anna") != std::string::npos;
  }
  http::testing::LocalServer server_;
  bool started_ = false;
};

ScenarioResult RunText(const ApiPortal& portal, const std::string& yaml,
                       const std::string& browser = "http") {
  auto scenario = scenario::LoadScenarioText(yaml, "request.yaml");
  EXPECT_TRUE(scenario.ok()) << scenario.status().message();
  if (!scenario.ok()) return {};
  RunOptions options;
  options.target = portal.Url();
  options.offers = {false, false};
  options.step_timeout = std::chrono::seconds(20);
  options.browser = browser;
  RunListener listener;
  RunResult result = Run({*scenario}, UserDirectory(), options, listener);
  return result.scenarios.at(0);
}

const char kSignIn[] = R"(name: request steps
steps:
  - go to: /login
  - fill: {Username: anna}
  - click: Sign in
)";

std::string Failures(const ScenarioResult& r) {
  std::string f = r.error;
  for (const auto& s : r.steps) f += s.failure.empty() ? "" : "\n" + s.failure;
  return f;
}

TEST(RequestStepTest, SendsTheBrowsersCookiesAndUsesCapturesInLaterSteps) {
  ApiPortal portal;
  ASSERT_TRUE(portal.started());
  ScenarioResult r = RunText(portal, std::string(kSignIn) + R"yaml(
  - request:
      url: /api/me
      expect:
        status: 200
        headers: {Content-Type: {matches: json}, Set-Cookie: {exists: no}}
        body:
          $.user: anna
          $.methods[*]: [totp, sms]
          $.count: "2"
          $.missing: {exists: no}
        body matches: '"methods":\s*\['
  - request:
      method: POST
      url: /api/totp/key
      capture: {otp_uri: {path: $.uri, secret: true}}
  - phone: install app
  - phone: accept terms
  - phone: {add account: {uri: "${otp_uri}"}}
  - phone: {read totp: code}
  - request:
      method: POST
      url: ${target}/api/totp/verify
      json: {code: "${code}"}
      expect: {status: 200, body: {$.ok: true}}
)yaml");
  ASSERT_EQ(r.outcome, Outcome::kPassed) << Failures(r);
  const StepResult& me = r.steps.at(3);
  EXPECT_EQ(me.action, "request");
  EXPECT_EQ(me.description, "request GET \"/api/me\"");
  ASSERT_EQ(me.requests.size(), 1u);
  EXPECT_EQ(me.requests[0].method, "GET");
  EXPECT_EQ(me.requests[0].url, portal.Url() + "/api/me");
  EXPECT_EQ(me.requests[0].status, 200);
  EXPECT_GT(me.requests[0].elapsed_ms, 0);
  // The secret never reaches the result, not even inside the URI.
  for (const StepResult& s : r.steps) {
    for (const std::string* text : {&s.description, &s.expected, &s.failure, &s.observed_text})
      EXPECT_EQ(text->find(kSecret), std::string::npos) << *text;
  }
}

// The Chromium backend hands over the cookies of its browser context (Network.getCookies).
TEST(RequestStepTest, ChromiumSendsItsSessionCookieToo) {
  ApiPortal portal;
  ASSERT_TRUE(portal.started());
  ScenarioResult r = RunText(portal, std::string(kSignIn) + R"yaml(
  - request:
      url: /api/me
      expect: {status: 200, body: {$.user: anna}}
)yaml",
                             "chromium");
  ASSERT_EQ(r.outcome, Outcome::kPassed) << Failures(r);
  EXPECT_EQ(r.steps.at(3).requests.at(0).status, 200);
}

// Without the browser's sign-in the API refuses: the failure says what was
// expected and what came back (status, type, size, an excerpt of the body).
TEST(RequestStepTest, AFailedExpectationSaysWhatCameBack) {
  ApiPortal portal;
  ASSERT_TRUE(portal.started());
  ScenarioResult r = RunText(portal, R"(name: not signed in
steps:
  - request:
      url: /api/me
      expect: {status: [200, 204], body: {$.user: anna}, body matches: "methods"}
)");
  ASSERT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_EQ(r.steps.at(0).failure,
            "GET " + portal.Url() +
                "/api/me answered 401 (application/json, 26 bytes): expected status 200 or 204, "
                "got 401; $.user: expected \"anna\", got nothing (the path selects nothing); "
                "expected the body to match \"methods\"; body: "
                "\"{\\\"error\\\": \\\"not signed in\\\"}\"");
  EXPECT_EQ(r.steps.at(0).requests.at(0).status, 401);
}

TEST(RequestStepTest, WithoutStatusAnErrorStatusFailsAndCapturesMustFindTheirValue) {
  ApiPortal portal;
  ASSERT_TRUE(portal.started());
  ScenarioResult r = RunText(portal, std::string(kSignIn) + R"(
  - request:
      method: POST
      url: /api/totp/verify
      json: {code: "000000"}
      capture: {token: {path: $.token, secret: true}}
)");
  ASSERT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_EQ(r.steps.at(3).failure,
            "POST " + portal.Url() +
                "/api/totp/verify answered 400 (application/json, 36 bytes): expected a status "
                "below 400 (no \"status\" expected), got 400; capture token: $.token selects "
                "nothing; body not shown (the step captures secrets)");
}

TEST(RequestCheckTest, BodyExcerptEscapesAndCutsAtACharacter) {
  EXPECT_EQ(BodyExcerpt("a\n\"b\"\t\x01"), R"("a\n\"b\"\t\x01")");
  EXPECT_EQ(BodyExcerpt("\xff ok"), R"("\xFF ok")");
  EXPECT_EQ(BodyExcerpt("abcdé", 5), "\"abcd\"... (2 more bytes)");
  EXPECT_EQ(BodyExcerpt("ééé", 4), "\"éé\"... (2 more bytes)");
  EXPECT_EQ(BodyExcerpt("ééé", 5), "\"éé\"... (2 more bytes)");
}

TEST(RequestCheckTest, InterpolatesInsideJsonStringsOnly) {
  auto lookup = [](std::string_view name) -> std::optional<std::string> {
    if (name == "q") return std::string("say \"hi\"");
    return std::nullopt;
  };
  auto json = InterpolateJson(R"({"a":"${q}","n":1,"l":["${q}"],"${q}":true})", lookup);
  ASSERT_TRUE(json.ok()) << json.status().message();
  EXPECT_EQ(*json, R"({"a":"say \"hi\"","n":1,"l":["say \"hi\""],"say \"hi\"":true})");
  EXPECT_EQ(InterpolateJson(R"({"a":"${nope}"})", lookup).status().kind(), Status::Kind::kNotFound);
}

TEST(RequestCheckTest, NumbersAndTheirTextAreEqual) {
  scenario::HttpRequest q;
  q.status = {200};
  q.expect_body = {{"$.n", {scenario::ValueCheck::Kind::kEquals, "42", true}},
                   {"$.s", {scenario::ValueCheck::Kind::kEquals, "42", true}},
                   {"$.b", {scenario::ValueCheck::Kind::kEquals, "\"true\"", true}},
                   {"$.o", {scenario::ValueCheck::Kind::kEquals, R"({"x":[1]})", true}}};
  http::Response ok;
  ok.status = 200;
  ok.body = R"({"n": 42, "s": "42", "b": true, "o": {"x": [1]}})";
  EXPECT_TRUE(BrokenExpectations(q, ok).empty());
  http::Response wrong = ok;
  wrong.body = R"({"n": 43, "s": "42", "b": false, "o": {"x": [2]}})";
  std::vector<std::string> broken = BrokenExpectations(q, wrong);
  ASSERT_EQ(broken.size(), 3u);
  EXPECT_EQ(broken[0], "$.n: expected 42, got 43");
  EXPECT_EQ(broken[2], R"($.o: expected {"x":[1]}, got {"x":[2]})");
  http::Response html = ok;
  html.body = "<h1>no json</h1>";
  EXPECT_EQ(BrokenExpectations(q, html).at(0), "$.n: expected 42, got no JSON body");
}

}  // namespace
}  // namespace proofup::runner
