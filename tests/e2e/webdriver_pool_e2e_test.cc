// proofup run --webdriver makes its WebDriver sessions ahead: the first while
// the run starts (before the target answered its reachability probe), each
// next one once the scenario before it has done its first step, and deletes every one it made,
// also those never used when the run is stopped with Ctrl-C. Seen through a
// proxy in front of a local chromedriver that records every command, and on
// chromedriver's GET /sessions. The portal's pages wait (with a deadline)
// until the proxy has seen the New Session a page should come after, so the
// order is checked without depending on timing.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/process/process.h"
#include "tests/support/files.h"
#include "tests/support/loopback_portal.h"
#include "tests/support/webdriver_servers.h"

namespace proofup {
namespace {

using e2e::Http;
using e2e::Proofup;
using e2e::RunOutput;
using e2e::Servers;
using e2e::TempDir;
using Json = nlohmann::json;
namespace fs = std::filesystem;

// Forwards every WebDriver command to `server` and counts the New Sessions
// (arrived, answered with a session) and the session deletions.
class CountingProxy {
 public:
  explicit CountingProxy(const std::string& server) : target_(server) {}
  std::string url() const { return proxy_.url(); }

  struct Counts {
    int asked = 0, made = 0, deleted = 0;
  };
  Counts counts() {
    std::lock_guard<std::mutex> lock(mutex_);
    return counts_;
  }
  // Waits until `done` holds of the counts, at most `timeout`.
  bool Await(const std::function<bool(const Counts&)>& done, std::chrono::seconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return done(counts_); });
  }

 private:
  void Forward(const httplib::Request& req, httplib::Response& res) {
    const bool new_session = req.method == "POST" && req.path == "/session";
    const bool deletion = req.method == "DELETE" && req.path.rfind("/session/", 0) == 0 &&
                          req.path.find('/', 9) == std::string::npos;
    if (new_session) Count([](Counts& c) { ++c.asked; });
    httplib::Client client(target_);
    client.set_read_timeout(120, 0);
    const std::string type = "application/json; charset=utf-8";
    httplib::Result r = req.method == "GET" ? client.Get(req.path.c_str())
                        : req.method == "POST"
                            ? client.Post(req.path.c_str(), req.body, type.c_str())
                            : client.Delete(req.path.c_str());
    if (!r) {
      res.status = 502;
      return;
    }
    res.status = r->status;
    res.set_content(r->body, type.c_str());
    if (new_session && r->status == 200) Count([](Counts& c) { ++c.made; });
    if (deletion && r->status == 200) Count([](Counts& c) { ++c.deleted; });
  }
  void Count(const std::function<void(Counts&)>& change) {
    std::lock_guard<std::mutex> lock(mutex_);
    change(counts_);
    changed_.notify_all();
  }

  std::string target_;
  std::mutex mutex_;
  std::condition_variable changed_;
  Counts counts_;
  // Last: it serves (and uses the members above) until destroyed first.
  e2e::LoopbackPortal proxy_{[this](httplib::Server& s) {
    auto forward = [this](const httplib::Request& req, httplib::Response& res) {
      Forward(req, res);
    };
    s.Get(".*", forward);
    s.Post(".*", forward);
    s.Delete(".*", forward);
  }};
};

// chromedriver's open sessions, -1 when it does not answer.
int OpenSessions(const std::string& chromedriver) {
  auto r = Http("GET", chromedriver + "/sessions");
  if (!r.ok() || r->status != 200) return -1;
  Json value = Json::parse(r->body, nullptr, false).value("value", Json());
  return value.is_array() ? static_cast<int>(value.size()) : -1;
}

// A page "Klaar" on every path; /after/N answers once the proxy was asked for
// N sessions (at most 20 s) and notes whether it was; /hold answers once released.
class Portal {
 public:
  explicit Portal(CountingProxy& proxy) : proxy_(proxy) {}
  std::string url() const { return portal_.url(); }
  std::vector<std::string> late() {
    std::lock_guard<std::mutex> lock(mutex_);
    return late_;
  }
  bool AwaitHeld(std::chrono::seconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return held_; });
  }
  void Release() {
    std::lock_guard<std::mutex> lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }

 private:
  void Routes(httplib::Server& server) {
    auto after = [this](int n, const std::string& path) {
      if (!proxy_.Await([n](const CountingProxy::Counts& c) { return c.asked >= n; },
                        std::chrono::seconds(20))) {
        std::lock_guard<std::mutex> lock(mutex_);
        late_.push_back(path + " came before New Session " + std::to_string(n));
      }
    };
    server.Get("/", [after](const httplib::Request& req, httplib::Response& res) {
      after(1, req.path);  // the reachability probe: the first session was asked for already
      res.set_content("<title>Klaar</title><h1>Klaar</h1>", "text/html");
    });
    server.Get(R"(/after/(\d+))", [after](const httplib::Request& req, httplib::Response& res) {
      after(std::stoi(req.matches[1]), req.path);
      res.set_content("<title>Klaar</title><h1>Klaar</h1>", "text/html");
    });
    server.Get("/hold", [this](const httplib::Request&, httplib::Response& res) {
      std::unique_lock<std::mutex> lock(mutex_);
      held_ = true;
      changed_.notify_all();
      changed_.wait_for(lock, std::chrono::seconds(60), [&] { return released_; });
      res.set_content("<title>Klaar</title><h1>Klaar</h1>", "text/html");
    });
    server.Get(".*", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<title>Klaar</title><h1>Klaar</h1>", "text/html");
    });
  }

  CountingProxy& proxy_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> late_;
  bool held_ = false, released_ = false;
  // Last: stopped before the state its handlers use goes.
  e2e::LoopbackPortal portal_{[this](httplib::Server& s) { Routes(s); }};
};

// A scenario that goes to /start, then to `path`.
void WriteScenario(const fs::path& file, const std::string& name, const std::string& path,
                   const std::string& extra = "") {
  std::ofstream(file) << "name: " << name << "\n"
                      << extra << "steps:\n  - go to: /start\n  - go to: " << path
                      << "\n  - expect screen: Klaar\n";
}

TEST(WebDriverPoolE2eTest, SessionsAreMadeAheadOnePerScenarioAndAllAreDeleted) {
  e2e::Server* driver = Servers::Get().chromedriver();
  PROOFUP_REQUIRE_SERVER(driver, Servers::Get().why_no_chromedriver());
  CountingProxy proxy(driver->url);
  Portal portal(proxy);
  TempDir dir;
  // 2's session is asked for once 1's first step is done, 3's once 2's is;
  // 3 asks for another language: its session is made for it.
  WriteScenario(dir.path / "1.yaml", "een", "/after/2");
  WriteScenario(dir.path / "2.yaml", "twee", "/after/3");
  WriteScenario(dir.path / "3.yaml", "drie", "/drie", "language: en\n");
  RunOutput run = Proofup({"run", (dir.path / "1.yaml").string(), (dir.path / "2.yaml").string(),
                           (dir.path / "3.yaml").string(), "--browser", "chromium", "--webdriver",
                           proxy.url(), "--webdriver-prepare", "on", "--target", portal.url()},
                          dir.path / "reports");
  EXPECT_EQ(run.code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("3 scenarios: 3 passed"), std::string::npos) << run.out;
  EXPECT_TRUE(portal.late().empty()) << ::testing::PrintToString(portal.late());
  CountingProxy::Counts c = proxy.counts();
  EXPECT_EQ(c.asked, 3) << "one New Session per scenario, none wasted";
  EXPECT_EQ(c.made, 3);
  EXPECT_EQ(c.deleted, 3);
  EXPECT_EQ(OpenSessions(driver->url), 0);
}

TEST(WebDriverPoolE2eTest, ASessionMadeAheadForAScenarioThatNeverRunsIsDeletedOnCtrlC) {
  e2e::Server* driver = Servers::Get().chromedriver();
  PROOFUP_REQUIRE_SERVER(driver, Servers::Get().why_no_chromedriver());
  CountingProxy proxy(driver->url);
  Portal portal(proxy);
  TempDir dir;
  WriteScenario(dir.path / "1.yaml", "een", "/hold");
  WriteScenario(dir.path / "2.yaml", "twee", "/twee");
  auto proofup =
      e2e::StartProofup({"run", (dir.path / "1.yaml").string(), (dir.path / "2.yaml").string(),
                         "--browser", "chromium", "--webdriver", proxy.url(), "--webdriver-prepare",
                         "on", "--target", portal.url()},
                        dir.path / "reports");
  ASSERT_TRUE(proofup.ok()) << proofup.status().ToString();
  ASSERT_TRUE(portal.AwaitHeld(std::chrono::seconds(60)));
  // Scenario 2's session is made while 1 waits on /hold (its second step).
  EXPECT_TRUE(proxy.Await([](const CountingProxy::Counts& c) { return c.made == 2; },
                          std::chrono::seconds(60)));
  kill((*proofup)->pid(), SIGINT);
  portal.Release();
  const RunOutput run = e2e::Finish(**proofup, dir.path / "reports");
  ASSERT_EQ(run.code, 1) << run.out << run.err;
  ASSERT_TRUE(run.report.is_object()) << run.out << run.err;
  EXPECT_EQ(run.report["scenarios"][1]["outcome"], "not run") << run.out;
  CountingProxy::Counts c = proxy.counts();
  EXPECT_EQ(c.made, 2);
  EXPECT_EQ(c.deleted, 2) << "the session made for scenario 2 was left open";
  EXPECT_EQ(OpenSessions(driver->url), 0);
}

}  // namespace
}  // namespace proofup
