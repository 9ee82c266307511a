// The browser over the real curl transport against a small cookie-session
// portal on a loopback port: sign in, redirect after POST, session pages.
#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <set>
#include <thread>

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

// Cookies(url) hands the signed-in session's cookie to requests made beside
// the page; another session and a non-http URL get none.
TEST(BrowserOverCurlTest, CookiesAreTheSessionsOwn) {
  Portal portal;
  ASSERT_TRUE(portal.started());
  HttpBrowser browser(http::NewCurlTransport());
  auto before = browser.Cookies(portal.Url("/mfa/info"));
  ASSERT_TRUE(before.ok());
  EXPECT_TRUE(before->empty());
  ASSERT_TRUE(browser.Open(portal.Url("/login")).ok());
  ASSERT_TRUE(browser.Fill("Gebruikersnaam", "anna@voorbeeld.nl").ok());
  ASSERT_TRUE(browser.Fill("Wachtwoord", "Geheim 123!").ok());
  ASSERT_TRUE(browser.Click("Aanmelden").ok());
  auto cookies = browser.Cookies(portal.Url("/mfa/info"));
  ASSERT_TRUE(cookies.ok());
  ASSERT_EQ(cookies->size(), 1u);
  EXPECT_EQ((*cookies)[0].name, "sid");
  EXPECT_EQ((*cookies)[0].value, "s1");
  HttpBrowser other(http::NewCurlTransport());
  EXPECT_TRUE(other.Cookies(portal.Url("/mfa/info"))->empty());
  EXPECT_EQ(browser.Cookies("/mfa/info").status().kind(), Status::Kind::kInvalidArgument);
  EXPECT_EQ(browser.Cookies("file:///etc/passwd").status().kind(), Status::Kind::kInvalidArgument);
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

// Issue 11 row 3: a hostile portal cannot make the browser read local files.
TEST(BrowserOverCurlTest, RedirectToFileAndFileImagesAreRefused) {
  LocalServer server;
  server.server().Get("/to-file", [](const httplib::Request&, httplib::Response& res) {
    res.status = 302;
    res.set_header("Location", "file:///etc/passwd");
  });
  server.server().Get("/img", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"(<h1>x</h1><img alt="qr" src="file:///etc/passwd">)", "text/html");
  });
  ASSERT_TRUE(server.Start());
  HttpBrowser browser(http::NewCurlTransport());
  Status s = browser.Open(server.Url("/to-file"));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("only http and https"), std::string::npos) << s.message();
  EXPECT_FALSE(browser.has_page());
  ASSERT_TRUE(browser.Open(server.Url("/img")).ok());
  ASSERT_EQ(browser.page().images.size(), 1u);
  StatusOr<std::string> bytes = browser.FetchBytes(browser.page().images[0].src);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().message().find("root:"), std::string::npos);
}

// Issue 11 row 7: 9 hops of 2.5 s with a 5 s timeout took 22.6 s; the
// deadline now holds for the whole navigation (here 6 hops of 300 ms, 700 ms).
TEST(BrowserOverCurlTest, OneDeadlineForAllRedirectHops) {
  LocalServer server;
  server.server().Get(R"(/slow/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the slow portal
    int n = std::stoi(req.matches[1]);
    res.status = 302;
    res.set_header("Location", "/slow/" + std::to_string(n + 1));
  });
  ASSERT_TRUE(server.Start());
  BrowserOptions options;
  options.navigation_timeout_ms = 700;
  HttpBrowser browser(http::NewCurlTransport(), options);
  auto start = std::chrono::steady_clock::now();
  Status s = browser.Open(server.Url("/slow/0"));
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.kind(), Status::Kind::kTimeout) << s.message();
  EXPECT_LT(took, std::chrono::milliseconds(1500));
  EXPECT_GE(took, std::chrono::milliseconds(650));
}

}  // namespace
}  // namespace proofup::browser
