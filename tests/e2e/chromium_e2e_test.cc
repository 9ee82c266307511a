// proofup with --browser chromium as a real process: the enrollment against
// the script-drawn `spa` portal, and Chromium dying in the middle of a run.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "harness/process/process.h"
#include "tests/support/files.h"
#include "tests/support/loopback_portal.h"
#include "tests/support/processes.h"

namespace proofup {
namespace {

using e2e::Descendants;
using e2e::Finish;
using e2e::Proofup;
using e2e::ReadFile;
using e2e::RunOutput;
using e2e::StartProofup;
using e2e::TempDir;

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// The enrollment against the spa portal: the QR code exists only as pixels
// in a <canvas>, buttons are spans, every screen appears after a delay.
TEST(ChromiumSpaTest, EnrollmentReadsTheCanvasQrAnswersNumberMatchingAndSmsAndEndsOnStartPage) {
  TempDir reports;
  RunOutput run = Proofup(
      {"run", "scenarios/enrollment-nl.yaml", "--browser", "chromium", "--mock-variant", "spa"},
      reports.path);
  ASSERT_EQ(run.code, 0) << run.out << run.err;
  const auto& steps = run.report["scenarios"][0]["steps"];
  std::set<std::string> passed;
  for (const auto& s : steps) {
    EXPECT_EQ(s["outcome"], "passed") << s.dump();
    passed.insert(s["action"].get<std::string>());
    if (s["action"] == "phone.scan_qr") {
      EXPECT_EQ(s["expected"],
                "the app reads the QR code in a screenshot of the page (the page draws it in a "
                "<canvas>)");
    }
  }
  for (const char* action : {"phone.scan_qr", "phone.answer_push", "phone.read_sms"})
    EXPECT_TRUE(passed.count(action)) << action << " missing from " << steps.dump();
  EXPECT_EQ(steps.back()["observed_heading"], "Startpagina");
}

// A portal the test controls: it says when a page was asked for and when it
// runs in Chromium, so the test knows which scenario is running (and that its
// page has a renderer) when it kills Chromium.
class SignallingPortal {
 public:
  std::string url() const { return portal_.url(); }
  bool WaitAsked(const std::string& page, std::chrono::seconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return asked_.count(page) > 0; });
  }

 private:
  void Serve(const httplib::Request& req, httplib::Response& res) {
    // The script reports back once the page runs in its renderer.
    const std::string name = req.matches[1].str();
    res.set_content("<title>" + name + "</title><h1>Page " + name + "</h1><script>fetch('/shown_" +
                        name + "')</script>",
                    "text/html");
    std::lock_guard<std::mutex> lock(mutex_);
    asked_.insert(name);
    changed_.notify_all();
  }

  // Declared before the portal: its server thread uses them until it stops.
  std::mutex mutex_;
  std::condition_variable changed_;
  std::set<std::string> asked_;
  e2e::LoopbackPortal portal_{[this](httplib::Server& s) {
    s.Get(R"(/(\w+))",
          [this](const httplib::Request& req, httplib::Response& res) { Serve(req, res); });
  }};
};

// Kills every process below `root` matching `needle` once one exists.
int KillWhenThere(pid_t root, const std::string& needle) {
  auto deadline = Clock::now() + std::chrono::seconds(30);
  std::vector<pid_t> pids;
  while ((pids = Descendants(root, needle)).empty() && Clock::now() < deadline) {
  }
  for (pid_t p : pids) kill(p, SIGKILL);
  return static_cast<int>(pids.size());
}

void WriteScenario(const fs::path& file, const std::string& name, const std::string& page,
                   bool hang) {
  std::ofstream(file) << "name: " << name << "\nsteps:\n  - go to: /" << page
                      << "\n  - expect screen: Page " << page << "\n"
                      << (hang ? "  - wait for:\n      screen: Never\n      timeout: 60s\n" : "");
}

// The renderer of the page dies, then the whole browser: each of those
// scenarios ends in error saying so, and the next scenario on the same worker
// gets a fresh Chromium and passes; the reports are complete.
TEST(ChromiumCrashTest, ACrashEndsThatScenarioInErrorAndTheNextGetsAFreshBrowser) {
  TempDir dir;
  WriteScenario(dir.path / "1-renderer.yaml", "renderer dies", "renderer", true);
  WriteScenario(dir.path / "2-browser.yaml", "browser dies", "browser", true);
  WriteScenario(dir.path / "3-after.yaml", "after the crashes", "after", false);
  SignallingPortal portal;
  auto proofup =
      StartProofup({"run", (dir.path / "1-renderer.yaml").string(),
                    (dir.path / "2-browser.yaml").string(), (dir.path / "3-after.yaml").string(),
                    "--browser", "chromium", "--workers", "1", "--target", portal.url()},
                   dir.path / "reports");
  ASSERT_TRUE(proofup.ok()) << proofup.status().ToString();
  pid_t root = (*proofup)->pid();
  ASSERT_TRUE(portal.WaitAsked("shown_renderer", std::chrono::seconds(60)));
  EXPECT_GT(KillWhenThere(root, "--type=renderer"), 0);
  ASSERT_TRUE(portal.WaitAsked("shown_browser", std::chrono::seconds(60)));
  // The browser process itself: proofup's child (its helpers are the browser's).
  auto deadline = Clock::now() + std::chrono::seconds(30);
  int killed = 0;
  while (killed == 0 && Clock::now() < deadline) {
    for (pid_t p : Descendants(root, "--remote-debugging-pipe", true)) {
      kill(p, SIGKILL);
      ++killed;
    }
  }
  EXPECT_EQ(killed, 1);
  RunOutput run = Finish(**proofup, dir.path / "reports");
  const std::string& out = run.out;
  EXPECT_EQ(run.code, 1) << out << run.err;
  EXPECT_NE(out.find("the page's renderer crashed (Chromium's tab process died) during step"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("Chromium exited (signal 9) during step"), std::string::npos) << out;
  // Each reason once: it is the failed step's failure and the scenario's error.
  for (const std::string reason : {"the page's renderer crashed", "Chromium exited (signal 9)"}) {
    size_t count = 0;
    for (size_t at = out.find(reason); at != std::string::npos; at = out.find(reason, at + 1))
      ++count;
    EXPECT_EQ(count, 1u) << reason << " in\n" << out;
  }
  EXPECT_NE(out.find("3 scenarios: 1 passed, 2 failed"), std::string::npos) << out;
  const auto& report = run.report;
  ASSERT_EQ(report["scenarios"].size(), 3u);
  EXPECT_EQ(report["scenarios"][0]["outcome"], "error");
  EXPECT_EQ(report["scenarios"][1]["outcome"], "error");
  EXPECT_EQ(report["scenarios"][2]["outcome"], "passed");
  EXPECT_NE(ReadFile(dir.path / "reports" / "latest" / "junit.xml").find("Chromium exited"),
            std::string::npos);
}

}  // namespace
}  // namespace proofup
