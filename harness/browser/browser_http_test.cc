// The browser over the real curl transport against a small cookie-session
// portal on a loopback port: sign in, redirect after POST, session pages.
#include <gtest/gtest.h>

#include <mutex>
#include <set>

#include "harness/browser/http/http_browser.h"
#include "harness/http/test_server.h"

namespace proofup::browser {
namespace {

using http::testing::LocalServer;

class Portal {
 public:
  Portal() {
    auto& s = server_.server();
    s.Get("/login", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(R"(<title>Aanmelden - Voorbeeld College</title><h1>Aanmelden</h1>
        <form method="post"><input type="hidden" name="csrf" value="c5rf">
        <label for="u">Gebruikersnaam</label><input id="u" name="username">
        <label for="p">Wachtwoord</label><input id="p" type="password" name="password">
        <button type="submit" name="action" value="login">Aanmelden</button></form>)",
                      "text/html");
    });
    s.Post("/login", [this](const httplib::Request& req, httplib::Response& res) {
      bool good = req.get_param_value("csrf") == "c5rf" &&
                  req.get_param_value("username") == "anna@voorbeeld.nl" &&
                  req.get_param_value("password") == "Geheim 123!" &&
                  req.get_param_value("action") == "login";
      if (!good) {
        res.set_content(R"(<h1>Aanmelden</h1><div class="error" role="alert">Uw account of
            wachtwoord is onjuist.</div>)",
                        "text/html");
        return;
      }
      std::lock_guard lock(mu_);
      sessions_.insert("s" + std::to_string(sessions_.size() + 1));
      res.set_header("Set-Cookie", "sid=" + *sessions_.rbegin() + "; Path=/; HttpOnly");
      res.status = 303;
      res.set_header("Location", "/mfa/info");
    });
    s.Get("/mfa/info", [this](const httplib::Request& req, httplib::Response& res) {
      if (!SignedIn(req)) {
        res.status = 302;
        res.set_header("Location", "/login");
        return;
      }
      res.set_content(R"(<h1>Meer informatie vereist</h1><meta http-equiv="refresh" content="1">
          <img alt="QR-code" src="qr.png">)",
                      "text/html");
    });
    s.Get("/mfa/qr.png", [this](const httplib::Request& req, httplib::Response& res) {
      if (!SignedIn(req)) {
        res.status = 403;
        return;
      }
      res.set_content(std::string("\x89PNG\r\n\x1a\n", 8), "image/png");
    });
    started_ = server_.Start();
  }

  bool started() const { return started_; }
  std::string Url(const std::string& path) const { return server_.Url(path); }

 private:
  bool SignedIn(const httplib::Request& req) {
    std::string cookie = req.get_header_value("Cookie");
    std::lock_guard lock(mu_);
    return cookie.starts_with("sid=") && sessions_.count(cookie.substr(4)) > 0;
  }

  LocalServer server_;
  std::mutex mu_;
  std::set<std::string> sessions_;
  bool started_ = false;
};

TEST(BrowserOverCurlTest, CookieLoginFlowWithRedirectAfterPost) {
  Portal portal;
  ASSERT_TRUE(portal.started());
  HttpBrowser browser(http::NewCurlTransport());
  ASSERT_TRUE(browser.Open(portal.Url("/login")).ok());
  EXPECT_EQ(browser.page().title, "Aanmelden - Voorbeeld College");
  ASSERT_TRUE(browser.Fill("Gebruikersnaam", "anna@voorbeeld.nl").ok());
  ASSERT_TRUE(browser.Fill("Wachtwoord", "Geheim 123!").ok());
  browser.TakeLog();
  Status st = browser.Click("Aanmelden");
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(browser.page().url, portal.Url("/mfa/info"));
  EXPECT_EQ(browser.page().headings.at(0).text, "Meer informatie vereist");
  std::vector<RequestRecord> log = browser.TakeLog();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].method, "POST");
  EXPECT_EQ(log[0].status, 303);
  EXPECT_EQ(log[1].method, "GET");
  EXPECT_EQ(log[1].status, 200);
  EXPECT_GT(log[1].elapsed_ms, 0);

  // The session cookie carries over to refreshes and image fetches.
  ASSERT_TRUE(browser.FollowMetaRefresh().ok());
  EXPECT_EQ(browser.page().headings.at(0).text, "Meer informatie vereist");
  StatusOr<std::string> png = browser.FetchBytes(browser.page().images.at(0).src);
  ASSERT_TRUE(png.ok()) << png.status().ToString();
  EXPECT_EQ(png->substr(1, 3), "PNG");

  // Another browser has its own cookie jar: it is sent back to sign in.
  HttpBrowser other(http::NewCurlTransport());
  ASSERT_TRUE(other.Open(portal.Url("/mfa/info")).ok());
  EXPECT_EQ(other.page().url, portal.Url("/login"));
  EXPECT_EQ(other.FetchBytes(portal.Url("/mfa/qr.png")).status().kind(), Status::Kind::kNotFound);
}

TEST(BrowserOverCurlTest, WrongPasswordShowsErrorOnSamePage) {
  Portal portal;
  ASSERT_TRUE(portal.started());
  HttpBrowser browser(http::NewCurlTransport());
  ASSERT_TRUE(browser.Open(portal.Url("/login")).ok());
  ASSERT_TRUE(browser.Fill("Gebruikersnaam", "anna@voorbeeld.nl").ok());
  ASSERT_TRUE(browser.Fill("Wachtwoord", "fout").ok());
  ASSERT_TRUE(browser.Click("Aanmelden").ok());
  EXPECT_EQ(browser.page().url, portal.Url("/login"));
  EXPECT_EQ(*browser.TextOf(".error"), "Uw account of wachtwoord is onjuist.");
}

}  // namespace
}  // namespace proofup::browser
