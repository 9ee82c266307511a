// What a Chromium click does and waits for, and the contexts the launcher
// prepares in the background: the page sees a person's event sequence, a
// moving element is not clicked, and every session starts fresh whether its
// page was prepared or not.
#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "harness/browser/chromium/chromium.h"

namespace proofup::browser {
namespace {

// Logs the pointer events the button sees, in order, into #log.
const char kEvents[] = R"(<!DOCTYPE html><html><body><h1>Events</h1>
<button id="b" style="margin:200px">Klik</button><p id="log"></p>
<script>
const log = [];
for (const type of ['mousemove', 'mouseover', 'mousedown', 'mouseup', 'click'])
  document.getElementById('b').addEventListener(type, () => {
    if (log[log.length - 1] !== type) log.push(type);
    document.getElementById('log').textContent = log.join(' ');
  });
</script></body></html>)";

// Buttons that never stop moving: one by a CSS animation, one by a script
// that moves it at every animation frame.
const char kMoving[] = R"(<!DOCTYPE html><html><head><style>
@keyframes slide { from { transform: translateX(0) } to { transform: translateX(600px) } }
#css { animation: slide 2s linear infinite }
</style></head><body><h1>Moving</h1>
<button id="css">Css</button><br><button id="js" style="position:relative">Js</button>
<script>
let x = 0;
const step = () => { x = (x + 7) % 600; document.getElementById('js').style.left = x + 'px';
                     requestAnimationFrame(step); };
requestAnimationFrame(step);
</script></body></html>)";

class ChromiumActionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Get("/events", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(kEvents, "text/html");
    });
    server_.Get("/moving", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(kMoving, "text/html");
    });
    server_.Get("/store", [](const httplib::Request& req, httplib::Response& res) {
      // What the context already held, then one more of each.
      res.set_content(
          "<h1 id=h>" + req.get_header_value("Cookie") +
              "</h1><script>"
              "document.getElementById('h').textContent += '|' + (localStorage.getItem('k') || '');"
              "localStorage.setItem('k', 'stored');</script>",
          "text/html");
      res.set_header("Set-Cookie", "who=earlier; Path=/");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  void TearDown() override {
    server_.stop();
    thread_.join();
  }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

TEST_F(ChromiumActionsTest, AClickIsAMoveThenPressReleaseAndClickInOrder) {
  auto launcher = NewChromiumLauncher();
  auto session = launcher->NewSession({});
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  Browser& b = **session;
  ASSERT_TRUE(b.Open(Url("/events")).ok());
  Status clicked = b.Click("Klik");
  ASSERT_TRUE(clicked.ok()) << clicked.ToString();
  EXPECT_EQ(*b.TextOf("#log"), "mouseover mousemove mousedown mouseup click");
}

TEST_F(ChromiumActionsTest, AnElementThatKeepsMovingIsNotClicked) {
  auto launcher = NewChromiumLauncher();
  SessionOptions options;
  options.transport.total_timeout_ms = 1500;  // the step timeout: how long to wait for it to stop
  auto session = launcher->NewSession(options);
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  Browser& b = **session;
  ASSERT_TRUE(b.Open(Url("/moving")).ok());
  for (const char* name : {"Css", "Js"}) {
    Status clicked = b.Click(name);
    EXPECT_EQ(clicked.kind(), Status::Kind::kTimeout) << name << ": " << clicked.ToString();
    EXPECT_NE(clicked.message().find("stayed moving"), std::string::npos) << clicked.ToString();
  }
}

// Sessions 2 and 3 get pages prepared while the one before ran (the
// default); with prepare_next off pages are made on request. Either
// way no cookie or storage of an earlier session is seen.
TEST_F(ChromiumActionsTest, PreparedAndUnpreparedSessionsStartEmpty) {
  for (bool prepare : {true, false}) {
    ChromiumOptions chromium;
    chromium.prepare_next = prepare;
    auto launcher = NewChromiumLauncher(chromium);
    for (int i = 0; i < (prepare ? 3 : 2); ++i) {
      auto session = launcher->NewSession({});
      ASSERT_TRUE(session.ok()) << session.status().ToString();
      ASSERT_TRUE((*session)->Open(Url("/store")).ok());
      ASSERT_EQ((*session)->page().headings.size(), 1u);
      EXPECT_EQ((*session)->page().headings[0].text, "|")
          << "prepare " << prepare << ", session " << i + 1;
      ASSERT_TRUE((*session)->Open(Url("/store")).ok());  // and within a session they do stay
      EXPECT_EQ((*session)->page().headings[0].text, "who=earlier|stored");
    }
  }
}

}  // namespace
}  // namespace proofup::browser
