// The `spa` variant: the raw HTML is a script-only shell, the JSON screen API
// drives the whole enrolment with the same rules as the HTML portal, steps
// need the X-CSRF-Token header, and real headless Chromium renders the shell.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <filesystem>

#include "harness/qr/qr.h"
#include "mock-idp/testing/flow_driver.h"

namespace proofup::mockidp::testing {
namespace {

MockIdpOptions SpaOptions() {
  MockIdpOptions o = TestOptions();
  o.variant = "spa";
  return o;
}

std::string FormEncode(const Form& form) {
  std::string out;
  for (const auto& [name, value] : form) {
    if (!out.empty()) out += '&';
    for (const std::string* part : {&name, &value}) {
      for (unsigned char ch : *part) {
        if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
          out += static_cast<char>(ch);
        } else {
          char hex[4];
          std::snprintf(hex, sizeof hex, "%%%02X", ch);
          out += hex;
        }
      }
      if (part == &name) out += '=';
    }
  }
  return out;
}

// What app.js does: GET a path as JSON, follow JSON redirects, POST steps
// with the token from the last screen model in the X-CSRF-Token header.
class SpaSession {
 public:
  explicit SpaSession(const std::string& base_url) : http_(base_url) {}

  // The screen model at `path` after following JSON redirects; records the
  // path it ended on.
  nlohmann::json Load(std::string path) {
    for (int hops = 0; hops < 10; ++hops) {
      HttpResponse r = http_.Get(path, false, {"Accept: application/json"});
      nlohmann::json j = r.Json();
      last_status_ = r.status;
      if (!j.contains("redirect")) {
        path_ = path;
        if (j.contains("csrf")) csrf_ = j["csrf"].get<std::string>();
        return j;
      }
      path = j["redirect"].get<std::string>();
    }
    ADD_FAILURE() << "redirect loop at " << path;
    return {};
  }

  // POSTs `form` to `path`; a JSON redirect is followed like the client does.
  nlohmann::json Post(const std::string& path, const Form& form, bool with_token = true) {
    std::vector<std::string> headers = {"Accept: application/json",
                                        "Content-Type: application/x-www-form-urlencoded"};
    if (with_token) headers.push_back("X-CSRF-Token: " + csrf_);
    HttpResponse r = http_.Send("POST", path, FormEncode(form), headers);
    last_status_ = r.status;
    nlohmann::json j = r.Json();
    if (j.contains("redirect")) return Load(j["redirect"].get<std::string>());
    if (j.contains("csrf")) csrf_ = j["csrf"].get<std::string>();
    return j;
  }

  // Submits the current screen's form (its vars.action) with `action`.
  nlohmann::json Step(const nlohmann::json& screen, const std::string& action, Form fields = {}) {
    fields.insert(fields.begin(), {"action", action});
    return Post(screen["vars"]["action"].get<std::string>(), fields);
  }

  HttpClient& http() { return http_; }
  long last_status() const { return last_status_; }
  const std::string& csrf() const { return csrf_; }
  const std::string& path() const { return path_; }

 private:
  HttpClient http_;
  std::string csrf_;
  std::string path_;
  long last_status_ = 0;
};

std::string Text(const nlohmann::json& screen, const std::string& key) {
  return screen["texts"].value(key, std::string());
}

TEST(SpaShell, RawHtmlHasNoTextsAndNoHeadings) {
  auto idp = StartServer(SpaOptions());
  ASSERT_TRUE(idp);
  HttpClient browser(idp->url());
  for (const char* path : {"/login", "/", "/mfa/qr", "/no-such-page"}) {
    HttpResponse r = browser.Get(path, false);
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.Header("content-type"), "text/html; charset=utf-8") << path;
    EXPECT_NE(r.body.find("<script src=\"/spa/app.js\""), std::string::npos) << path;
    EXPECT_NE(r.body.find("<main id=\"app\" aria-busy=\"true\"></main>"), std::string::npos);
    for (const char* absent : {"<h1", "<h2", "<button", "<img", "<form", "Aanmelden", "Sign in",
                               "Volgende", "Voorbeeld College", "Uw account"}) {
      EXPECT_EQ(r.body.find(absent), std::string::npos) << path << " contains " << absent;
    }
  }
  // A navigation touches no state: no session cookie until the script asks.
  EXPECT_EQ(browser.Get("/login", false).Header("set-cookie"), "");
  HttpResponse script = browser.Get("/spa/app.js", false);
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.Header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_NE(script.body.find("X-CSRF-Token"), std::string::npos);
}

TEST(SpaApi, WalksTheWholeEnrolment) {
  auto idp = StartServer(SpaOptions());
  ASSERT_TRUE(idp);
  SpaSession spa(idp->url());
  VirtualPhone phone(idp->url(), "spa-push-token");
  const std::string user = "user02@voorbeeld.nl";

  nlohmann::json s = spa.Load("/");
  EXPECT_EQ(spa.path(), "/login");
  EXPECT_EQ(s["screen"], "signin");
  EXPECT_EQ(Text(s, "heading"), "Aanmelden");
  EXPECT_EQ(Text(s, "submit"), "Aanmelden");
  EXPECT_EQ(s["tenant"], "Voorbeeld College");

  s = spa.Post("/login", {{"action", "signin"}, {"username", user}, {"password", "wrong"}});
  EXPECT_EQ(s["screen"], "signin");
  EXPECT_EQ(s.value("error", ""), "Uw account of wachtwoord is onjuist.");
  EXPECT_EQ(s["vars"]["username"], user);

  s = spa.Post("/login",
               {{"action", "signin"}, {"username", user}, {"password", "Test-User02-2024!"}});
  EXPECT_EQ(spa.path(), "/mfa/more-info");
  EXPECT_EQ(Text(s, "heading"), "Meer informatie vereist");
  s = spa.Step(s, "next");
  EXPECT_EQ(Text(s, "subheading"), "Begin door de app op te halen");
  EXPECT_EQ(s["vars"]["other_app_href"], "/mfa/other-app");  // token only in the header
  s = spa.Step(s, "next");
  EXPECT_EQ(Text(s, "subheading"), "Uw account instellen");
  s = spa.Step(s, "next");
  ASSERT_EQ(Text(s, "subheading"), "De QR-code scannen");
  EXPECT_EQ(Text(s, "img_alt"), "QR-code");

  // Volgende before the app scanned: the error, then the scan from the PNG
  // that app.js paints into the canvas.
  s = spa.Step(s, "next");
  EXPECT_EQ(s.value("error", ""), "De app is nog niet geactiveerd. Scan de QR-code met de app.");
  auto codes = qr::DecodeDataUri(s.value("qr_png", ""));
  ASSERT_TRUE(codes.ok()) << codes.status().ToString();
  ASSERT_EQ(codes->size(), 1u);
  ASSERT_EQ(phone.Activate((*codes)[0].text), "");
  s = spa.Step(s, "next");
  ASSERT_EQ(Text(s, "subheading"), "Laten we het uitproberen");
  EXPECT_EQ(s["vars"]["waiting"], true);
  EXPECT_EQ(s["poll_ms"], 1000);  // the client polls instead of a meta refresh
  const std::string number = s["vars"]["number"].get<std::string>();
  auto pushes = phone.Pushes();
  ASSERT_EQ(pushes.size(), 1u);
  EXPECT_EQ(phone.Answer(pushes[0]["id"].get<std::string>(), number, true).status, 200);
  s = spa.Load(spa.path());  // the next poll
  EXPECT_EQ(s.value("status_text", ""), "Melding goedgekeurd");
  EXPECT_FALSE(s.contains("poll_ms"));
  s = spa.Step(s, "next");

  ASSERT_EQ(Text(s, "subheading"), "Telefoon");
  ASSERT_GE(s["vars"]["countries"].size(), 5u);
  EXPECT_EQ(s["vars"]["countries"][0]["label"], "Nederland (+31)");
  EXPECT_EQ(Text(s, "number_label"), "Telefoonnummer");
  s = spa.Step(s, "next", {{"country", "NL"}, {"phone", "06 12345602"}, {"method", "sms"}});
  EXPECT_EQ(s["vars"]["sent"],
            "We hebben een code van 6 cijfers verzonden naar +31 612345602. Voer de code "
            "hieronder in.");
  s = spa.Step(s, "next", {{"code", "000000"}});
  EXPECT_EQ(s.value("error", ""), "Onjuiste code. Probeer het opnieuw.");
  const std::string code = phone.LatestSmsCode("+31612345602");
  ASSERT_EQ(code.size(), 6u);
  s = spa.Step(s, "next", {{"code", code}});
  EXPECT_EQ(Text(s, "subheading"), "Sms geverifieerd");
  s = spa.Step(s, "next");
  EXPECT_EQ(Text(s, "heading"), "Gelukt!");
  EXPECT_EQ(Text(s, "done"), "Gereed");
  ASSERT_EQ(s["vars"]["methods"].size(), 2u);
  s = spa.Step(s, "done");
  EXPECT_EQ(spa.path(), "/");
  EXPECT_EQ(Text(s, "heading"), "Startpagina");
  EXPECT_EQ(s["vars"]["welcome"], "Welkom, Testgebruiker 02");

  HttpResponse state = Control(spa.http(), "GET", "/__control/user?name=" + user);
  EXPECT_EQ(state.Json().value("state", ""), "enrolled");
}

// The push challenge polls; once approved, the poll's answer is the redirect
// to the start page. A wrong number leaves the user there with the error.
TEST(SpaApi, PushChallengePollsUntilApproved) {
  auto idp = StartServer(SpaOptions());
  ASSERT_TRUE(idp);
  SpaSession spa(idp->url());
  VirtualPhone phone(idp->url(), "fixture-push-kees");
  spa.Load("/login");
  nlohmann::json s = spa.Post(
      "/login",
      {{"action", "signin"}, {"username", "kees@voorbeeld.nl"}, {"password", "Test-Kees-2024!"}});
  ASSERT_EQ(Text(s, "heading"), "Aanmeldingsaanvraag goedkeuren");
  EXPECT_EQ(spa.path(), "/challenge/push");
  EXPECT_EQ(s["poll_ms"], 1000);
  EXPECT_EQ(s["vars"]["use_sms_href"], "/challenge/switch?to=sms");
  auto pushes = phone.Pushes();
  ASSERT_EQ(pushes.size(), 1u);
  const std::string wrong = s["vars"]["number"] == "10" ? "11" : "10";
  EXPECT_EQ(phone.Answer(pushes[0]["id"].get<std::string>(), wrong, true).status, 200);
  s = spa.Load(spa.path());
  EXPECT_EQ(s.value("error", ""), "Het nummer komt niet overeen");
  EXPECT_EQ(s["vars"]["failed"], true);
  EXPECT_EQ(Text(s, "retry"), "Opnieuw proberen");
  s = spa.Step(s, "retry");
  const std::string number = s["vars"]["number"].get<std::string>();
  pushes = phone.Pushes();
  ASSERT_EQ(pushes.size(), 1u);
  EXPECT_EQ(phone.Answer(pushes[0]["id"].get<std::string>(), number, true).status, 200);
  s = spa.Load(spa.path());
  EXPECT_EQ(spa.path(), "/");
  EXPECT_EQ(s["vars"]["welcome"], "Welkom, Kees van Dijk");
}

TEST(SpaApi, StepsAndActionsNeedTheCsrfHeader) {
  auto idp = StartServer(SpaOptions());
  ASSERT_TRUE(idp);
  SpaSession spa(idp->url());
  nlohmann::json s = spa.Load("/login");
  const std::string token = s["csrf"].get<std::string>();
  const Form login = {
      {"action", "signin"}, {"username", "user03@voorbeeld.nl"}, {"password", "Test-User03-2024!"}};
  // No header; then the HTML portal's form field, which the spa ignores.
  s = spa.Post("/login", login, false);
  EXPECT_EQ(spa.last_status(), 403);
  EXPECT_EQ(s["screen"], "error_403");
  EXPECT_EQ(Text(s, "heading"), "Toegang geweigerd");
  Form with_field = login;
  with_field.push_back({"csrf", token});
  s = spa.Post("/login", with_field, false);
  EXPECT_EQ(spa.last_status(), 403);

  s = spa.Post("/login", login);
  ASSERT_EQ(Text(s, "heading"), "Meer informatie vereist");
  s = spa.Step(s, "next");
  ASSERT_EQ(Text(s, "subheading"), "Begin door de app op te halen");
  // The "other app" link is a side effect: a GET without the header is refused.
  HttpResponse refused = spa.http().Get("/mfa/other-app", false, {"Accept: application/json"});
  EXPECT_EQ(refused.status, 403);
  HttpResponse events = Control(spa.http(), "GET", "/__control/events?kind=csrf_refused");
  EXPECT_EQ(events.Json()["events"].size(), 3u);
  HttpResponse ok = spa.http().Get("/mfa/other-app", false,
                                   {"Accept: application/json", "X-CSRF-Token: " + spa.csrf()});
  EXPECT_EQ(ok.Json().value("redirect", ""), "/mfa/other-app-setup");
}

// ---- real headless Chromium ----

constexpr const char* kChromium = "/usr/bin/chromium";

// The DOM after the client rendered (virtual time lets the delay pass).
std::string RenderedDom(const std::string& url) {
  char dir_template[] = "/tmp/mock-idp-spa-chromium-XXXXXX";
  const char* dir = mkdtemp(dir_template);
  if (dir == nullptr) return "";
  std::string cmd = std::string("timeout 60 ") + kChromium +
                    " --headless=new --disable-gpu --no-first-run --accept-lang=nl"
                    " --virtual-time-budget=2000 --user-data-dir=" +
                    dir + (geteuid() == 0 ? " --no-sandbox" : "") + " --dump-dom '" + url +
                    "' 2>/dev/null";
  std::string dom;
  if (FILE* pipe = popen(cmd.c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) dom.append(buf, n);
    pclose(pipe);
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return dom;
}

TEST(SpaChromium, RendersTheSignInScreen) {
  if (access(kChromium, X_OK) != 0) GTEST_SKIP() << kChromium << " is not installed";
  auto idp = StartServer(SpaOptions());
  ASSERT_TRUE(idp);
  const std::string dom = RenderedDom(idp->url() + "/");
  EXPECT_NE(dom.find("<title>Aanmelden - Voorbeeld College</title>"), std::string::npos) << dom;
  EXPECT_NE(dom.find("<div role=\"heading\" aria-level=\"1\">Aanmelden</div>"), std::string::npos)
      << dom;
  EXPECT_NE(dom.find("<span role=\"button\" tabindex=\"0\" class=\"button\">Aanmelden</span>"),
            std::string::npos)
      << dom;
  EXPECT_NE(dom.find("<label for=\"username\">Gebruikersnaam</label><input id=\"username\""),
            std::string::npos)
      << dom;
  EXPECT_NE(dom.find("<label for=\"password\">Wachtwoord</label>"), std::string::npos);
  EXPECT_EQ(dom.find("<h1"), std::string::npos);
  EXPECT_EQ(dom.find("<h2"), std::string::npos);
}

TEST(SpaChromium, RendersTheErrorScreenOfAnUnknownPage) {
  if (access(kChromium, X_OK) != 0) GTEST_SKIP() << kChromium << " is not installed";
  auto idp = StartServer(SpaOptions());
  ASSERT_TRUE(idp);
  const std::string dom = RenderedDom(idp->url() + "/no-such-page");
  EXPECT_NE(dom.find("<div role=\"heading\" aria-level=\"1\">Pagina niet gevonden</div>"),
            std::string::npos)
      << dom;
  EXPECT_NE(dom.find("<a href=\"/\">Naar de startpagina</a>"), std::string::npos) << dom;
}

}  // namespace
}  // namespace proofup::mockidp::testing
