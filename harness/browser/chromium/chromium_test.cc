// The Chromium backend against a small loopback page that only works with
// JavaScript: a heading rendered by script, a <span role=button> with a click
// handler, a field whose input listener echoes what was typed, a QR code
// painted into a canvas.
#include "harness/browser/chromium/chromium.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "harness/qr/qr.h"

namespace proofup::browser {
namespace {

const char kPage[] = R"(<!DOCTYPE html><html><head><title>Spa</title></head><body>
<div id="app"></div>
<script>
setTimeout(() => {
  document.getElementById('app').innerHTML =
    '<div role="heading" aria-level="1">Rendered</div>' +
    '<label for="n">Naam</label><input id="n"><p id="echo"></p>' +
    '<span role="button" id="go" tabindex="0">Volgende</span>' +
    '<p id="hidden-text" style="display:none">invisible</p>' +
    '<canvas id="c" width="20" height="20"></canvas>';
  document.getElementById('n').addEventListener('input', e => {
    document.getElementById('echo').textContent = 'typed ' + e.target.value;
  });
  document.getElementById('go').addEventListener('click', () => {
    fetch('/api').then(r => r.text()).then(t => {
      document.getElementById('app').innerHTML = '<div role="heading" aria-level="1">' + t + '</div>';
      console.error('after click');
    });
  });
}, 30);
</script></body></html>)";

class ChromiumTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Get("/", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(kPage, "text/html");
    });
    server_.Get("/api", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("Klaar", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    launcher_ = NewChromiumLauncher();
  }
  void TearDown() override {
    server_.stop();
    thread_.join();
  }
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::unique_ptr<BrowserLauncher> launcher_;
};

// Waits (polling, deadline) until the page shows `heading` as its first heading.
bool ShowsHeading(Browser& b, const std::string& heading) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    if (b.has_page() && !b.page().headings.empty() && b.page().headings[0].text == heading)
      return true;
    if (!b.Poll().ok()) return false;
  }
  return false;
}

TEST_F(ChromiumTest, ScriptedPageIsSeenFilledAndClicked) {
  auto session = launcher_->NewSession({});
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  Browser& b = **session;
  EXPECT_EQ(b.name(), "chromium");
  ASSERT_TRUE(b.Open(Url()).ok());
  ASSERT_TRUE(ShowsHeading(b, "Rendered"));
  EXPECT_EQ(b.page().headings[0].level, 1);
  EXPECT_EQ(b.page().title, "Spa");
  EXPECT_EQ(b.page().text.find("invisible"), std::string::npos) << b.page().text;
  ASSERT_TRUE(b.Fill("Naam", "Anna").ok());
  EXPECT_EQ(*b.TextOf("#echo"), "typed Anna");
  // The element to act on framed for a manual's picture, and the frame gone after.
  ScreenshotOptions framed;
  framed.outline_text = "volgende";
  auto plain = b.Screenshot({}), outlined = b.Screenshot(framed), after = b.Screenshot({});
  ASSERT_TRUE(plain.ok() && outlined.ok() && after.ok());
  EXPECT_GT(*qr::DifferingPixelShare(*plain, *outlined), 0.0);
  EXPECT_EQ(*qr::DifferingPixelShare(*plain, *after), 0.0);
  EXPECT_EQ(b.Click("Nergens").kind(), Status::Kind::kNotFound);
  Status clicked = b.Click("Volgende");
  ASSERT_TRUE(clicked.ok()) << clicked.ToString();
  ASSERT_TRUE(ShowsHeading(b, "Klaar"));
  std::vector<ConsoleEntry> console = b.TakeConsole();
  ASSERT_EQ(console.size(), 1u);
  EXPECT_EQ(console[0].kind, "console");
  EXPECT_EQ(console[0].text, "after click");
  bool fetched_api = false;
  for (const auto& r : b.TakeLog()) fetched_api = fetched_api || r.url == Url() + "api";
  EXPECT_TRUE(fetched_api);
  auto png = b.Screenshot({});
  ASSERT_TRUE(png.ok()) << png.status().ToString();
  EXPECT_EQ(png->substr(1, 3), "PNG");
}

TEST_F(ChromiumTest, SessionsShareNoCookies) {
  server_.Get("/set", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Set-Cookie", "who=first; Path=/");
    res.set_content("<h1>set</h1>", "text/html");
  });
  server_.Get("/show", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content("<h1>" + req.get_header_value("Cookie") + "</h1>", "text/html");
  });
  auto first = launcher_->NewSession({});
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE((*first)->Open(Url() + "set").ok());
  ASSERT_TRUE((*first)->Open(Url() + "show").ok());
  EXPECT_EQ((*first)->page().headings.at(0).text, "who=first");
  auto second = launcher_->NewSession({});
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE((*second)->Open(Url() + "show").ok());
  EXPECT_TRUE((*second)->page().headings.empty() || (*second)->page().headings[0].text.empty());
}

// Network.getCookies of the session's own context: HttpOnly and path rules
// as Chromium applies them; another session sees none of them.
TEST_F(ChromiumTest, CookiesAreTheContextsOwn) {
  server_.Get("/set", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Set-Cookie", "sid=abc; Path=/; HttpOnly");
    res.headers.emplace("Set-Cookie", "api=k; Path=/api");
    res.set_content("<h1>set</h1>", "text/html");
  });
  auto first = launcher_->NewSession({});
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE((*first)->Open(Url() + "set").ok());
  auto names = [](const StatusOr<std::vector<http::Cookie>>& cookies) {
    std::string out;
    if (!cookies.ok()) return cookies.status().message();
    for (const auto& c : *cookies) out += c.name + "=" + c.value + ";";
    return out;
  };
  EXPECT_EQ(names((*first)->Cookies(Url())), "sid=abc;");
  std::string both = names((*first)->Cookies(Url() + "api/me"));
  EXPECT_TRUE(both == "api=k;sid=abc;" || both == "sid=abc;api=k;") << both;
  auto second = launcher_->NewSession({});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(names((*second)->Cookies(Url())), "");
  EXPECT_EQ((*first)->Cookies("/relative").status().kind(), Status::Kind::kInvalidArgument);
}

}  // namespace
}  // namespace proofup::browser

namespace proofup::browser {
namespace {

// --ca-file reaches Chromium (through its NSS database) and verification is
// not switched off to get there: without the CA the same page is refused.
TEST(ChromiumTlsTest, CaFileIsTrustedAndWithoutItTheCertificateIsRefused) {
  const std::string tls = std::string(PROOFUP_SOURCE_DIR) + "/fixtures/tls/";
  httplib::SSLServer server((tls + "server.crt").c_str(), (tls + "server.key").c_str());
  ASSERT_TRUE(server.is_valid());
  server.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<title>Veilig</title><h1>Secure page</h1>", "text/html");
  });
  int port = server.bind_to_any_port("127.0.0.1");
  std::thread thread([&] { server.listen_after_bind(); });
  const std::string url = "https://127.0.0.1:" + std::to_string(port) + "/";
  auto launcher = NewChromiumLauncher();
  {
    auto plain = launcher->NewSession({});
    ASSERT_TRUE(plain.ok()) << plain.status().ToString();
    Status refused = (*plain)->Open(url);
    EXPECT_FALSE(refused.ok());
    EXPECT_NE(refused.message().find("ERR_CERT_AUTHORITY_INVALID"), std::string::npos)
        << refused.ToString();
  }
  {
    SessionOptions with_ca;
    with_ca.transport.ca_file = tls + "ca.crt";
    auto trusting = launcher->NewSession(with_ca);
    ASSERT_TRUE(trusting.ok()) << trusting.status().ToString();
    Status opened = (*trusting)->Open(url);
    ASSERT_TRUE(opened.ok()) << opened.ToString();
    ASSERT_FALSE((*trusting)->page().headings.empty());
    EXPECT_EQ((*trusting)->page().headings[0].text, "Secure page");
  }
  server.stop();
  thread.join();
}

}  // namespace
}  // namespace proofup::browser
