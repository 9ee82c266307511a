// The shared page actions (page_actions.h) over both transports: the same
// form filled, chosen, checked and sent through the DevTools pipe and through
// a local chromedriver gives the same page, and over WebDriver each action
// costs the round trips page_actions.h promises (the overhead per step of
// issue 14). Skipped over WebDriver when chromedriver is not installed.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "harness/browser/backends_for_test.h"
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
    std::string skip;
    if (!backend_.Start(GetParam(), &skip)) {
      if (!skip.empty()) GTEST_SKIP() << skip;
      return;
    }
  }
  void TearDown() override {
    session_.reset();
    server_.stop();
    thread_.join();
  }

  Browser* Session() {
    session_ = backend_.Session();
    return session_.get();
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
  BackendForTest backend_;
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
