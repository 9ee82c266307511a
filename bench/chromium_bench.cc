// proofup --browser chromium next to Playwright on the same enrollment, the
// same mock-idp and the same Debian Chromium (issue 9, "Performance"). A
// benchmark that prints figures, not a test: it asserts nothing and is not
// run in CI.
//
// One mock-idp is started; then, interleaved (proofup, Playwright, proofup,
// ...), N enrollments each of scenarios/enrollment-nl.yaml:
//   - proofup in-process: the runner's ScenarioRun with a Chromium launcher
//     kept for all runs (one browser, a fresh context per run, as one worker
//     of `proofup run --browser chromium` does). With --screens, every step
//     also saves its HTML and PNG as `proofup run` does by default.
//   - bench/peers/enrollment.mjs (playwright-core, executablePath
//     /usr/bin/chromium), in --serve-fd mode: its browser is launched once and
//     each "run" written to it is one enrollment in a fresh context.
// Both reset the user before each enrollment, untimed for Playwright; for
// proofup the reset (one loopback POST) is inside the timed run.
//
// Printed: both medians, the ratio proofup/Playwright, both launch times, and
// per step of proofup's scenario, where its time went (ChromiumTimingsOf):
// waiting for Chromium (DevTools replies, page loading), waiting out the
// settle quiet period, and the rest, proofup's own work on top of Chromium's.
//
// usage (from the repository root, after `cd bench/peers && npm install`):
//   build/bench/proofup_bench_chromium [--runs 10] [--screens] [--node node]
//       [--peer bench/peers/enrollment.mjs] [--scenario scenarios/enrollment-nl.yaml]
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "harness/browser/chromium/chromium.h"
#include "harness/process/process.h"
#include "harness/runner/portal.h"
#include "harness/runner/runner.h"
#include "harness/runner/scenario_run.h"

namespace {

using namespace proofup;
using Clock = std::chrono::steady_clock;

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t mid = v.size() / 2;
  return v.size() % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

int Fail(const std::string& what) {
  std::fprintf(stderr, "bench: %s\n", what.c_str());
  return 1;
}

// The worker's Chromium launcher, kept across runs; remembers the session it
// handed out last so that the listener can read its timings.
class WatchedLauncher : public browser::BrowserLauncher {
 public:
  StatusOr<std::unique_ptr<browser::Browser>> NewSession(
      const browser::SessionOptions& options) override {
    auto session = inner_->NewSession(options);
    last_ = session.ok() ? session->get() : nullptr;
    return session;
  }
  const browser::Browser* last() const { return last_; }

 private:
  std::unique_ptr<browser::BrowserLauncher> inner_ = browser::NewChromiumLauncher();
  const browser::Browser* last_ = nullptr;
};

// One step of one proofup run: wall time and the session's timings at its end.
struct StepSample {
  double wall_ms = 0;
  browser::ChromiumTimings at_end;
};

class StepClock : public runner::RunListener {
 public:
  explicit StepClock(const WatchedLauncher& launcher) : launcher_(launcher) {}
  void Begin() {
    samples_.clear();
    last_ = Clock::now();
  }
  void OnStepDone(const scenario::Scenario&, const StepResult& step, size_t) override {
    StepSample s;
    s.wall_ms = MillisSince(last_);
    last_ = Clock::now();
    if (launcher_.last()) {
      if (auto t = browser::ChromiumTimingsOf(*launcher_.last())) s.at_end = *t;
    }
    samples_.push_back(s);
    if (labels_.size() < samples_.size()) labels_.push_back(step.description);
  }
  const std::vector<StepSample>& samples() const { return samples_; }
  const std::vector<std::string>& labels() const { return labels_; }

 private:
  const WatchedLauncher& launcher_;
  Clock::time_point last_;
  std::vector<StepSample> samples_;
  std::vector<std::string> labels_;
};

// Per step index, over all proofup runs: the time split up.
struct StepSplit {
  std::vector<double> wall, chromium, quiet, parse, own;
};

// The Playwright peer in --serve-fd mode: "run" on its fd 3 starts one enrollment.
class Peer {
 public:
  static StatusOr<Peer> Start(const std::vector<std::string>& argv_head, const std::string& url,
                              const std::string& token) {
    int fds[2];
    if (pipe(fds) != 0) return Status::Internal("pipe failed");
    std::vector<std::string> argv = argv_head;
    for (std::string a :
         {"--url", url.c_str(), "--admin-token", token.c_str(), "--serve-fd", "3", "--steps"})
      argv.push_back(a);
    SpawnOptions spawn;
    spawn.child_fds = {{fds[0], 3}};
    auto child = ChildProcess::Spawn(argv, spawn);
    close(fds[0]);
    if (!child.ok()) {
      close(fds[1]);
      return child.status();
    }
    Peer peer;
    peer.process_ = std::move(*child);
    peer.commands_ = fds[1];
    return peer;
  }

  // The launch time it prints first.
  StatusOr<double> ReadLaunch() {
    auto line = process_->ReadStdoutLine(std::chrono::seconds(60));
    if (!line.ok()) return line.status();
    if (line->rfind("launch_ms ", 0) != 0) return Status::Internal("peer said: " + *line);
    return std::stod(line->substr(10));
  }

  // One enrollment: its time and its `step_ms` lines (name -> ms).
  StatusOr<double> Enroll(std::map<std::string, double>& steps) {
    if (write(commands_, "run\n", 4) != 4) return Status::Internal("cannot write to the peer");
    for (;;) {
      auto line = process_->ReadStdoutLine(std::chrono::seconds(120));
      if (!line.ok()) return line.status();
      if (line->rfind("step_ms ", 0) == 0) {
        size_t space = line->rfind(' ');
        steps[line->substr(8, space - 8)] = std::stod(line->substr(space + 1));
      } else if (line->rfind("enrollment_ms ", 0) == 0) {
        return std::stod(line->substr(14));
      } else if (line->rfind("error ", 0) == 0) {
        return Status::Internal("Playwright peer: " + line->substr(6));
      }
    }
  }

  void Stop() {
    if (commands_ >= 0) close(commands_);  // end of input: the peer closes its browser
    commands_ = -1;
    if (process_ && !process_->Wait(std::chrono::seconds(10)).ok()) process_->Terminate();
  }

 private:
  std::unique_ptr<ChildProcess> process_;
  int commands_ = -1;
};

std::string Fit(const std::string& text, size_t width) {
  return text.size() <= width ? text : text.substr(0, width - 3) + "...";
}

void PrintSteps(const StepClock& clock, const std::map<size_t, StepSplit>& split) {
  std::printf(
      "\nproofup per step, median of the runs (ms): wall = chromium (DevTools replies and\n"
      "page loading) + quiet (settle quiet period) + own (proofup: DOM parse, matching,\n"
      "runner, phone, reports)\n");
  std::printf("  %-3s %-44s %7s %8s %6s %6s %6s\n", "#", "step", "wall", "chromium", "quiet",
              "parse", "own");
  double sums[5] = {0, 0, 0, 0, 0};
  int browser_steps = 0;
  for (const auto& [i, s] : split) {
    double v[5] = {Median(s.wall), Median(s.chromium), Median(s.quiet), Median(s.parse),
                   Median(s.own)};
    for (int k = 0; k < 5; ++k) sums[k] += v[k];
    if (v[1] > 0) ++browser_steps;
    std::printf("  %-3zu %-44s %7.1f %8.1f %6.1f %6.1f %6.1f\n", i + 1,
                Fit(clock.labels()[i], 44).c_str(), v[0], v[1], v[2], v[3], v[4]);
  }
  std::printf("  %-48s %7.1f %8.1f %6.1f %6.1f %6.1f\n", "sum of medians", sums[0], sums[1],
              sums[2], sums[3], sums[4]);
  if (browser_steps > 0)
    std::printf("proofup adds per browser step (%d steps): %.1f ms own + %.1f ms quiet period\n",
                browser_steps, sums[4] / browser_steps, sums[2] / browser_steps);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"proofup --browser chromium next to Playwright on the same enrollment"};
  int runs = 10;
  bool screens = false;
  std::string node = "node", peer_script = "bench/peers/enrollment.mjs";
  std::string scenario_file = "scenarios/enrollment-nl.yaml";
  app.add_option("--runs", runs, "Enrollments per tool");
  app.add_flag("--screens", screens,
               "proofup saves every step's HTML and PNG (proofup run's default); "
               "the peer takes a PNG of every screen");
  app.add_option("--node", node, "The node binary");
  app.add_option("--peer", peer_script, "The Playwright peer script");
  app.add_option("--scenario", scenario_file, "The enrollment scenario");
  CLI11_PARSE(app, argc, argv);

  runner::BundledPortalOptions portal_options;
  portal_options.executable = runner::FindMockIdp(PROOFUP_BINARY_DIR "/proofup");
  portal_options.users_file = "fixtures/users.yaml";
  auto portal = runner::StartBundledPortal(portal_options);
  if (!portal.ok()) return Fail(portal.status().ToString());
  auto users = runner::UserDirectory::Load("fixtures/users.yaml");
  if (!users.ok()) return Fail(users.status().ToString());
  auto scenario = scenario::LoadScenarioFile(scenario_file);
  if (!scenario.ok()) return Fail(scenario.status().ToString());
  const runner::TestUser* user = users->Find(scenario->user.username);
  if (!user) return Fail("the scenario's user is not in fixtures/users.yaml");

  std::vector<std::string> peer_argv = {node, peer_script};
  if (screens) peer_argv.push_back("--screens");  // Playwright takes a PNG of every screen too
  auto peer = Peer::Start(peer_argv, portal->url, portal->admin_token);
  if (!peer.ok()) return Fail("cannot start the Playwright peer: " + peer.status().ToString());
  auto peer_launch = peer->ReadLaunch();
  if (!peer_launch.ok())
    return Fail("Playwright peer did not start (npm install in bench/peers?): " +
                peer_launch.status().ToString());

  WatchedLauncher launcher;
  StepClock clock(launcher);
  runner::RunOptions options;
  options.target = portal->url;
  options.admin_token = portal->admin_token;
  options.browser = "chromium";
  std::filesystem::path run_dir;
  if (screens) {
    run_dir =
        std::filesystem::temp_directory_path() / ("proofup-bench-" + std::to_string(getpid()));
    options.run_dir = run_dir.string();
  }
  // Chromium is started by the first session, as in a worker; timed here once.
  double proofup_launch = 0;
  {
    auto warm = launcher.NewSession({});
    if (!warm.ok()) return Fail(warm.status().ToString());
    proofup_launch = browser::ChromiumTimingsOf(**warm)->launch_ms;
  }

  std::vector<double> proofup_ms, peer_ms;
  std::map<size_t, StepSplit> split;
  std::map<std::string, std::vector<double>> peer_steps;
  for (int i = 0; i < runs; ++i) {
    clock.Begin();
    auto start = Clock::now();
    ScenarioResult result;
    {
      runner::ScenarioRun run(*scenario, user, options, clock, "run-" + std::to_string(i),
                              launcher);
      result = run.Execute();
    }  // the session (its browser context) is disposed inside the timed part
    double ms = MillisSince(start);
    if (result.outcome != Outcome::kPassed) {
      std::string why = result.error;
      for (const auto& s : result.steps)
        if (!s.failure.empty()) why = runner::FailureLine(s);
      return Fail("proofup run " + std::to_string(i) + " did not pass: " + why);
    }
    proofup_ms.push_back(ms);
    browser::ChromiumTimings before;
    for (size_t k = 0; k < clock.samples().size(); ++k) {
      const StepSample& s = clock.samples()[k];
      double chromium =
          s.at_end.command_ms - before.command_ms + s.at_end.loading_ms - before.loading_ms;
      double quiet = s.at_end.quiet_ms - before.quiet_ms;
      StepSplit& out = split[k];
      out.wall.push_back(s.wall_ms);
      out.chromium.push_back(chromium);
      out.quiet.push_back(quiet);
      out.parse.push_back(s.at_end.parse_ms - before.parse_ms);
      out.own.push_back(s.wall_ms - chromium - quiet);
      before = s.at_end;
    }

    std::map<std::string, double> steps;
    auto pw = peer->Enroll(steps);
    if (!pw.ok()) return Fail(pw.status().ToString());
    peer_ms.push_back(*pw);
    for (const auto& [name, v] : steps) peer_steps[name].push_back(v);
    std::fprintf(stderr, "run %d: proofup %.0f ms, playwright %.0f ms\n", i + 1, ms, *pw);
  }
  peer->Stop();
  if (!run_dir.empty()) std::filesystem::remove_all(run_dir);

  double p = Median(proofup_ms), w = Median(peer_ms);
  std::printf(
      "enrollment (%s, %zu steps), %d runs each, interleaved, one Chromium each (%s)%s\n",
      scenario_file.c_str(), scenario->steps.size(), runs, "/usr/bin/chromium",
      screens ? ", proofup saving every step's HTML and PNG, the peer a PNG of every screen" : "");
  std::printf("  proofup --browser chromium  median %7.1f ms   min %7.1f ms\n", p,
              *std::min_element(proofup_ms.begin(), proofup_ms.end()));
  std::printf("  playwright-core             median %7.1f ms   min %7.1f ms\n", w,
              *std::min_element(peer_ms.begin(), peer_ms.end()));
  std::printf("  ratio proofup/playwright    %.2f   (target <= 0.80)\n", p / w);
  std::printf("Chromium launch: proofup %.1f ms, playwright %.1f ms\n", proofup_launch,
              *peer_launch);
  PrintSteps(clock, split);
  std::printf("\nplaywright per manual step group, median (ms):");
  for (const auto& [name, v] : peer_steps) std::printf("  %s %.0f", name.c_str(), Median(v));
  std::printf("\n");
  return 0;
}
