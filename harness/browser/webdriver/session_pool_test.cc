// The WebDriver launcher's sessions made ahead (BrowserLauncher::PrepareSession)
// against a real chromedriver on a free loopback port, counted on its
// GET /sessions: a prepared session serves the NewSession that asks for the
// same, one asking for something else gets its own while the prepared one is
// deleted, one never used is deleted with the launcher, and a prepared
// session that fails gives the error an unprepared one gives. HasFreeSlot
// against a Grid-like /status served here.
#include "harness/browser/webdriver/session_pool.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "harness/browser/webdriver/webdriver.h"
#include "harness/http/http.h"
#include "harness/process/process.h"
#include "tests/support/free_port.h"
#include "tests/support/loopback_portal.h"

namespace proofup::browser {
namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// A Grid's /status (Selenium 4: value.nodes[].slots[].session), served here.
class FakeGrid {
 public:
  explicit FakeGrid(Json status) : status_(std::move(status)) {}
  std::string url() const { return server_.url(); }

 private:
  Json status_;
  e2e::LoopbackPortal server_{[this](httplib::Server& s) {
    s.Get("/status", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(Json({{"value", status_}}).dump(), "application/json");
    });
  }};
};

Json GridStatus(const std::string& availability, std::vector<bool> taken) {
  Json slots = Json::array();
  for (bool t : taken)
    slots.push_back({{"id", {{"id", "x"}}},
                     {"session", t ? Json({{"sessionId", "s"}}) : Json()},
                     {"stereotype", {{"browserName", "chrome"}}}});
  return {{"ready", true},
          {"nodes", Json::array({{{"availability", availability}, {"slots", slots}}})}};
}

class SessionPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (access("/usr/bin/chromedriver", X_OK) != 0) GTEST_SKIP() << "no chromedriver";
    int port = test_support::FreeLoopbackPort();
    url_ = "http://127.0.0.1:" + std::to_string(port);
    SpawnOptions spawn;
    spawn.discard_stderr = true;
    auto child = ChildProcess::Spawn(
        {"sh", "-c", R"(exec "$0" "$@" >/dev/null 2>&1)", "/usr/bin/chromedriver",
         "--port=" + std::to_string(port), "--allowed-ips=127.0.0.1"},
        spawn);
    ASSERT_TRUE(child.ok()) << child.status().ToString();
    driver_ = std::move(*child);
    // Ready when /sessions answers (a pause between polls of a deadline-bounded wait).
    auto deadline = Clock::now() + std::chrono::seconds(30);
    while (Sessions() < 0 && Clock::now() < deadline)
      (void)driver_->Wait(std::chrono::milliseconds(100));
    ASSERT_EQ(Sessions(), 0) << "chromedriver at " << url_ << " did not answer";
  }
  void TearDown() override {
    if (driver_) driver_->Terminate(std::chrono::milliseconds(5000));
  }

  std::unique_ptr<BrowserLauncher> Launcher(bool prepare = true, std::string binary = "") {
    WebDriverOptions options;
    options.url = url_;
    options.binary = std::move(binary);
    options.prepare_sessions = prepare;
    return NewWebDriverLauncher(options);
  }

  // chromedriver's open sessions (its GET /sessions), -1 when it does not answer.
  int Sessions() {
    http::TransportOptions options;
    options.total_timeout_ms = 5000;
    auto transport = http::NewCurlTransport(options);
    http::Request r;
    r.url = url_ + "/sessions";
    auto reply = transport->Send(r);
    if (!reply.ok() || reply->status != 200) return -1;
    Json value = Json::parse(reply->body, nullptr, false).value("value", Json());
    return value.is_array() ? static_cast<int>(value.size()) : -1;
  }

  // Polls until chromedriver has `n` sessions, at most 60 s (a browser start
  // takes 0.2-5 s on this loaded machine).
  bool AwaitSessions(int n) {
    auto deadline = Clock::now() + std::chrono::seconds(60);
    while (Sessions() != n && Clock::now() < deadline)
      (void)driver_->Wait(std::chrono::milliseconds(50));
    return Sessions() == n;
  }

  static SessionOptions InLanguage(const std::string& accept_language) {
    SessionOptions o;
    o.transport.accept_language = accept_language;
    return o;
  }

  std::string url_;
  std::unique_ptr<ChildProcess> driver_;
};

TEST_F(SessionPoolTest, APreparedSessionIsMadeAheadAndServesTheNewSessionAskingForTheSame) {
  auto launcher = Launcher();
  launcher->PrepareSession(InLanguage("nl-NL,nl;q=0.9"));
  ASSERT_TRUE(AwaitSessions(1)) << "nothing was made before NewSession";
  auto session = launcher->NewSession(InLanguage("nl-NL,nl;q=0.9"));
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  EXPECT_EQ(Sessions(), 1) << "NewSession made another instead of taking the prepared one";
  // It works, and it is gone with its Browser.
  FakeGrid page(Json{{"ready", true}});
  ASSERT_TRUE((*session)->Open(page.url() + "/status").ok());
  EXPECT_NE((*session)->page().text.find("ready"), std::string::npos) << (*session)->page().text;
  session->reset();
  EXPECT_EQ(Sessions(), 0);
}

TEST_F(SessionPoolTest, ANewSessionAskingForOtherOptionsGetsItsOwnAndThePreparedOneIsDeleted) {
  auto launcher = Launcher();
  launcher->PrepareSession(InLanguage("nl-NL,nl;q=0.9"));
  ASSERT_TRUE(AwaitSessions(1));
  auto session = launcher->NewSession(InLanguage("en-GB,en;q=0.9"));
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  EXPECT_TRUE(AwaitSessions(1)) << "the prepared session was not deleted";
  session->reset();
  EXPECT_EQ(Sessions(), 0);
}

TEST_F(SessionPoolTest, APreparedSessionNeverAskedForIsDeletedWithTheLauncher) {
  auto launcher = Launcher();
  launcher->PrepareSession(SessionOptions{});
  // Also while it is still being made: the launcher waits for it, then deletes it.
  launcher.reset();
  EXPECT_EQ(Sessions(), 0);

  launcher = Launcher();
  launcher->PrepareSession(SessionOptions{});
  ASSERT_TRUE(AwaitSessions(1));
  launcher.reset();
  EXPECT_EQ(Sessions(), 0);
}

TEST_F(SessionPoolTest, APreparedSessionThatFailsGivesTheSameErrorAndTheNextTryIsItsOwn) {
  auto made_now = Launcher(/*prepare=*/false, "/nonexistent/chromium")->NewSession({});
  ASSERT_FALSE(made_now.ok());
  auto launcher = Launcher(/*prepare=*/true, "/nonexistent/chromium");
  launcher->PrepareSession({});
  auto prepared = launcher->NewSession({});
  ASSERT_FALSE(prepared.ok());
  EXPECT_EQ(prepared.status().kind(), made_now.status().kind());
  EXPECT_EQ(prepared.status().message(), made_now.status().message());
  EXPECT_NE(prepared.status().message().find("no chrome binary at /nonexistent/chromium"),
            std::string::npos)
      << prepared.status().message();
  // A retry asks the server again (nothing is held any more).
  auto retry = launcher->NewSession({});
  ASSERT_FALSE(retry.ok());
  EXPECT_EQ(retry.status().message(), made_now.status().message());
  EXPECT_EQ(Sessions(), 0);
}

TEST_F(SessionPoolTest, APreparedSessionOnAnUnreachableServerGivesTheSameError) {
  WebDriverOptions options;
  options.url = "http://127.0.0.1:" + std::to_string(test_support::FreeLoopbackPort());
  auto made_now = NewWebDriverLauncher(options)->NewSession({});
  auto launcher = NewWebDriverLauncher(options);
  launcher->PrepareSession({});
  auto prepared = launcher->NewSession({});
  ASSERT_FALSE(made_now.ok());
  ASSERT_FALSE(prepared.ok());
  EXPECT_EQ(prepared.status().kind(), made_now.status().kind());
  EXPECT_EQ(prepared.status().message(), made_now.status().message());
  EXPECT_NE(prepared.status().message().find("cannot reach the WebDriver server at " + options.url),
            std::string::npos)
      << prepared.status().message();
}

TEST(HasFreeSlotTest, OnlyAGridWithEverySlotTakenHasNone) {
  EXPECT_FALSE(webdriver::HasFreeSlot(FakeGrid(GridStatus("UP", {true, true})).url()));
  EXPECT_TRUE(webdriver::HasFreeSlot(FakeGrid(GridStatus("UP", {true, false})).url()));
  EXPECT_FALSE(webdriver::HasFreeSlot(FakeGrid(GridStatus("DRAINING", {false})).url()));
  // chromedriver's /status names no nodes: no limit.
  EXPECT_TRUE(webdriver::HasFreeSlot(FakeGrid(Json{{"ready", true}, {"message", "ready"}}).url()));
  // Unreachable: the New Session will say why.
  EXPECT_TRUE(webdriver::HasFreeSlot("http://127.0.0.1:" +
                                     std::to_string(test_support::FreeLoopbackPort())));
}

}  // namespace
}  // namespace proofup::browser
