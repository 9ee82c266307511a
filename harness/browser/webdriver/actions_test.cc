// The shared page actions (page_actions.h) over both transports: the same
// form filled, chosen, checked and sent through the DevTools pipe and through
// a local chromedriver gives the same page, and over WebDriver each action
// costs the round trips page_actions.h promises (the overhead per step of
// issue 14). Skipped over WebDriver when chromedriver is not installed.
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "harness/browser/chromium/chromium.h"
#include "harness/browser/webdriver/webdriver.h"
#include "harness/process/process.h"
#include "harness/qr/qr.h"

namespace proofup::browser {
namespace {

using Clock = std::chrono::steady_clock;

// Every input event's field and value, in order, into #echo.
const char kForm[] = R"(<!DOCTYPE html><html><body><h1>Form</h1>
<form method="post" action="/done">
<label for="name">Naam</label><input id="name" name="name" value="oud">
<label for="age">Leeftijd</label><input id="age" name="age" type="number">
<label for="lang">Taal</label>
<select id="lang" name="lang"><option>Engels</option><option value="nl">Nederlands</option></select>
<label><input type="checkbox" name="terms"> Akkoord</label>
<label><input type="radio" name="m" value="app" checked> App</label>
<label><input type="radio" name="m" value="sms"> Sms</label>
<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAUEBAAAACwAAAAAAQABAAACAkQBADs=" width=60 height=60>
<p id="echo"></p><button>Verstuur</button></form>
<script>
const echo = document.getElementById('echo');
for (const type of ['input', 'change'])
  document.addEventListener(type, e => { echo.textContent += type + ':' + e.target.name + ' '; });
</script></body></html>)";

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), size) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0)
    port = ntohs(address.sin_port);
  close(fd);
  return port;
}

class PageActionsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    server_.Get("/form", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(kForm, "text/html");
    });
    server_.Post("/done", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content("<h1>" + req.body + "</h1>", "text/html");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    if (GetParam() == "pipe") {
      launcher_ = NewChromiumLauncher();
      return;
    }
    if (access("/usr/bin/chromedriver", X_OK) != 0) GTEST_SKIP() << "no chromedriver";
    int port = FreePort();
    SpawnOptions spawn;
    spawn.capture_stdout = false;
    spawn.discard_stderr = true;
    auto child = ChildProcess::Spawn(
        {"sh", "-c", R"(exec "$0" "$@" >/dev/null 2>&1)", "/usr/bin/chromedriver",
         "--port=" + std::to_string(port), "--allowed-ips=127.0.0.1"},
        spawn);
    ASSERT_TRUE(child.ok()) << child.status().ToString();
    driver_ = std::move(*child);
    WebDriverOptions options;
    options.url = "http://127.0.0.1:" + std::to_string(port);
    options.new_session_timeout_ms = 60'000;
    launcher_ = NewWebDriverLauncher(options);
  }
  void TearDown() override {
    session_.reset();
    launcher_.reset();
    if (driver_) driver_->Terminate();
    server_.stop();
    thread_.join();
  }

  // A session; over WebDriver chromedriver may still be starting: retried
  // until a deadline while it refuses connections.
  Browser* Session() {
    auto deadline = Clock::now() + std::chrono::seconds(30);
    for (;;) {
      auto s = launcher_->NewSession({});
      if (s.ok()) {
        session_ = std::move(*s);
        return session_.get();
      }
      if (Clock::now() >= deadline ||
          s.status().message().find("cannot reach") == std::string::npos) {
        ADD_FAILURE() << s.status().ToString();
        return nullptr;
      }
      (void)driver_->Wait(std::chrono::milliseconds(100));  // a pause between polls
    }
  }

  // Round trips `action` costs over WebDriver (-1 over the pipe).
  template <typename F>
  int Trips(F action) {
    auto before = WebDriverTimingsOf(*session_);
    Status s = action();
    EXPECT_TRUE(s.ok()) << s.ToString();
    auto after = WebDriverTimingsOf(*session_);
    return before && after ? after->commands - before->commands : -1;
  }

  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::unique_ptr<ChildProcess> driver_;
  std::unique_ptr<BrowserLauncher> launcher_;
  std::unique_ptr<Browser> session_;
};

TEST_P(PageActionsTest, SameFormSameResultInFewRoundTrips) {
  Browser* b = Session();
  ASSERT_TRUE(b);
  const bool webdriver = GetParam() != "pipe";
  int open = Trips([&] { return b->Open(Url("/form")); });
  int fill = Trips([&] { return b->Fill("Naam", "Anna"); });
  int number = Trips([&] { return b->Fill("Leeftijd", "42"); });
  int select = Trips([&] { return b->Select("Taal", "Nederlands"); });
  int check = Trips([&] { return b->Check("Akkoord"); });
  int choose = Trips([&] { return b->Choose("Sms"); });
  // Typed text fires input events; the list fires input and change.
  auto echo = b->TextOf("#echo");
  ASSERT_TRUE(echo.ok());
  EXPECT_NE(echo->find("input:name"), std::string::npos) << *echo;
  EXPECT_NE(echo->find("input:age"), std::string::npos) << *echo;
  EXPECT_NE(echo->find("change:lang"), std::string::npos) << *echo;
  EXPECT_NE(echo->find("change:terms"), std::string::npos) << *echo;

  // A masked shot differs from the plain one; the masks are gone for the next.
  ScreenshotOptions masked;
  masked.mask_images = true;
  auto plain = b->Screenshot({}), covered = b->Screenshot(masked), after = b->Screenshot({});
  ASSERT_TRUE(plain.ok() && covered.ok() && after.ok());
  EXPECT_GT(*qr::DifferingPixelShare(*plain, *covered), 0.0);
  EXPECT_EQ(*qr::DifferingPixelShare(*plain, *after), 0.0);

  int send = Trips([&] { return b->Click("Verstuur"); });
  ASSERT_EQ(b->page().headings.size(), 1u);
  EXPECT_EQ(b->page().headings[0].text, "name=Anna&age=42&lang=nl&terms=on&m=sms");
  if (!webdriver) return;
  EXPECT_EQ(open, 2);    // Navigate To; settle + snapshot
  EXPECT_EQ(fill, 1);    // prepare + clear + insert + settle + snapshot
  EXPECT_EQ(number, 1);  // the same for a number field
  EXPECT_EQ(select, 1);  // prepare + select + settle + snapshot
  EXPECT_EQ(check, 3);   // prepare; Perform Actions; settle + snapshot
  EXPECT_EQ(choose, 3);
  // The same, plus one settle when the first ran while the old page was
  // leaving (kLeaving) rather than after chromedriver saw the navigation.
  EXPECT_GE(send, 3);
  EXPECT_LE(send, 4);
}

INSTANTIATE_TEST_SUITE_P(Transports, PageActionsTest, ::testing::Values("pipe", "chromedriver"));

}  // namespace
}  // namespace proofup::browser
