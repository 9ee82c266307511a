#include "harness/cli/run_command.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <ostream>
#include <regex>
#include <thread>

#include "harness/cli/cli.h"
#include "harness/cli/console_listener.h"
#include "harness/report/report.h"
#include "harness/runner/portal.h"
#include "harness/runner/run_folder.h"
#include "harness/runner/runner.h"

namespace proofup::cli {
namespace {

std::string SelfExe() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : p.string();
}

// Blocks SIGINT/SIGTERM in every thread and turns them into `cancelled` on a
// watcher thread, so workers finish their step and the reports are written
// whole. Restores the signal mask when destroyed.
class InterruptWatcher {
 public:
  explicit InterruptWatcher(std::atomic<bool>& cancelled) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set, &old_);
    thread_ = std::thread([set, &cancelled] {
      for (;;) {
        int sig = 0;
        if (sigwait(&set, &sig) != 0 || sig == SIGUSR1) return;
        cancelled = true;
      }
    });
  }
  ~InterruptWatcher() {
    pthread_kill(thread_.native_handle(), SIGUSR1);
    thread_.join();
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }

 private:
  sigset_t old_;
  std::thread thread_;
};

// Loads, checks and filters the scenarios; nullopt (after printing why) when the run cannot start.
std::optional<std::vector<scenario::Scenario>> LoadScenarios(const RunArgs& args,
                                                             const runner::UserDirectory& users,
                                                             std::ostream& err) {
  auto files = scenario::FindScenarioFiles(args.paths);
  if (!files.ok()) {
    err << "proofup: " << files.status().message() << "\n";
    return std::nullopt;
  }
  scenario::LoadOptions load;
  for (const auto& kv : args.vars) load.extra_vars.push_back(kv.substr(0, kv.find('=')));
  std::vector<scenario::Scenario> scenarios;
  bool bad = false;
  std::optional<std::regex> grep;
  if (!args.grep.empty()) {
    try {
      grep.emplace(args.grep, std::regex::ECMAScript | std::regex::icase);
    } catch (const std::regex_error&) {
      err << "proofup: --grep: invalid regular expression \"" << args.grep << "\"\n";
      return std::nullopt;
    }
  }
  for (const auto& file : *files) {
    std::vector<scenario::Diagnostic> diagnostics;
    auto s = scenario::LoadScenarioFile(file, load, &diagnostics);
    PrintDiagnostics(diagnostics, err);
    if (!s.ok()) {
      if (diagnostics.empty()) err << file << ": error: " << s.status().message() << "\n";
      bad = true;
      continue;
    }
    if (!s->user.username.empty() && !s->user.password && !users.Find(s->user.username)) {
      err << file << ": error: user \"" << s->user.username << "\" is not in " << args.users
          << "\n";
      bad = true;
      continue;
    }
    if (grep && !std::regex_search(s->name, *grep)) continue;
    if (!args.tags.empty()) {
      bool tagged = false;
      for (const auto& t : args.tags)
        tagged |= std::find(s->tags.begin(), s->tags.end(), t) != s->tags.end();
      if (!tagged) continue;
    }
    scenarios.push_back(std::move(*s));
  }
  if (bad) return std::nullopt;
  if (scenarios.empty()) {
    err << "proofup: no scenario to run (check the paths, --grep and --tag)\n";
    return std::nullopt;
  }
  return scenarios;
}

// Every scenario marked as an error with `reason`: the run's report when the target is down.
RunResult UnreachableRun(const std::vector<scenario::Scenario>& scenarios,
                         const std::string& target, const std::string& reason) {
  RunResult run;
  run.target = target;
  for (const auto& s : scenarios)
    run.scenarios.push_back(runner::UnrunResult(s, Outcome::kError, reason));
  return run;
}

int ExitCodeOf(const RunResult& run) {
  for (const auto& s : run.scenarios)
    if (s.outcome != Outcome::kPassed && s.outcome != Outcome::kFlaky) return kExitFailed;
  return kExitPassed;
}

int WriteReports(RunResult& run, const runner::RunFolder& folder, std::ostream& out,
                 std::ostream& err) {
  run.run_id = folder.run_id;
  Status written = WriteAll(run, folder.path);
  if (!written.ok()) err << "proofup: " << written.message() << "\n";
  out << SummaryLine(run) << "\n";
  out << "reports: " << folder.path << "/index.html (junit.xml, report.json; also "
      << std::filesystem::path(folder.path).parent_path().string() << "/latest)\n";
  return written.ok() ? 0 : 1;
}

}  // namespace

void PrintDiagnostics(const std::vector<scenario::Diagnostic>& diagnostics, std::ostream& err) {
  for (const auto& d : diagnostics) err << scenario::FormatDiagnostic(d) << "\n";
}

void AddRunOptions(CLI::App& command, RunArgs& args) {
  command.add_option("--target", args.target,
                     "Base URL of a running portal (default: start the bundled mock-idp)");
  command.add_option("--admin-token", args.admin_token, "The target's control-API token");
  command.add_option("--users", args.users, "Users file")->capture_default_str();
  command.add_option("--reports", args.reports, "Reports folder")->capture_default_str();
  command.add_option("--mock-variant", args.mock_variant,
                     "Start the bundled mock-idp with this variant (e.g. portal-update)");
  command.add_option("--workers", args.workers, "Scenarios run in parallel")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  command.add_option("--retries", args.retries, "Extra attempts for a failed scenario (flaky)")
      ->check(CLI::Range(0, 10))
      ->capture_default_str();
  command.add_option("--timeout", args.timeout_s, "Seconds a step may take")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  command.add_option("--grep", args.grep, "Only scenarios whose name matches this regex");
  command.add_option("--tag", args.tags, "Only scenarios with this tag (repeatable)");
  command.add_option("--var", args.vars, "Set a variable: name=value (repeatable)");
  command.add_option("--ca-file", args.ca_file, "Extra CA certificate (PEM) to trust");
  command
      .add_option("--browser", args.browser,
                  "Browser backend: http (libcurl, no JavaScript) or chromium (headless)")
      ->check(CLI::IsMember({"http", "chromium"}))
      ->capture_default_str();
  command.add_flag("--insecure", args.insecure, "Do not verify TLS certificates");
  command.add_flag("--show-secrets", args.show_secrets,
                   "Keep secrets and the QR image in reports (never in CI)");
}

RunOutcome RunScenarios(const RunArgs& args, std::ostream& out, std::ostream& err) {
  RunOutcome outcome;
  auto users = runner::UserDirectory::Load(args.users);
  if (!users.ok()) {
    err << "proofup: " << users.status().message() << "\n";
    return outcome;
  }
  auto scenarios = LoadScenarios(args, *users, err);
  if (!scenarios) return outcome;
  for (const auto& s : *scenarios)
    if (!s.manual_path.empty() && std::find(outcome.manuals.begin(), outcome.manuals.end(),
                                            s.manual_path) == outcome.manuals.end())
      outcome.manuals.push_back(s.manual_path);

  runner::RunOptions options;
  options.workers = std::max(1, args.workers);
  options.retries = std::max(0, args.retries);
  options.step_timeout = std::chrono::milliseconds(static_cast<long>(args.timeout_s * 1000));
  options.transport.insecure = args.insecure;
  options.transport.ca_file = args.ca_file;
  options.transport.connect_timeout_ms = std::min<long>(5000, options.step_timeout.count());
  options.show_secrets = args.show_secrets;
  options.browser = args.browser;
  for (const auto& kv : args.vars) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      err << "proofup: --var expects name=value, got \"" << kv << "\"\n";
      return outcome;
    }
    options.vars[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  auto folder = runner::CreateRunFolder(args.reports, runner::NewRunId());
  if (!folder.ok()) {
    err << "proofup: " << folder.status().message() << "\n";
    return outcome;
  }
  options.run_dir = folder->path;
  outcome.run_dir = folder->path;
  // From here on Ctrl-C cancels instead of killing: the reports are still written whole.
  std::atomic<bool> cancelled{false};
  options.cancelled = &cancelled;
  InterruptWatcher watcher(cancelled);

  std::optional<runner::BundledPortal> portal;
  if (args.target.empty()) {
    runner::BundledPortalOptions bundled;
    bundled.executable = runner::FindMockIdp(SelfExe());
    bundled.users_file = args.users;
    if (!args.mock_variant.empty()) bundled.extra_args = {"--variant", args.mock_variant};
    auto started = runner::StartBundledPortal(bundled);
    if (!started.ok()) {
      std::string reason =
          "the bundled mock-idp could not be started: " + started.status().message();
      err << "proofup: " << reason << "\n";
      outcome.run = UnreachableRun(*scenarios, "", reason);
      WriteReports(*outcome.run, *folder, out, err);
      outcome.exit_code = kExitTarget;
      return outcome;
    }
    portal = std::move(*started);
    options.target = portal->url;
    options.admin_token = portal->admin_token;
    out << "target: " << options.target << " (bundled mock-idp)\n";
  } else {
    options.target = args.target;
    options.admin_token = args.admin_token;
    Status reachable = runner::CheckReachable(args.target, options.transport, options.step_timeout);
    if (!reachable.ok()) {
      err << "proofup: " << reachable.message() << "\n";
      outcome.run = UnreachableRun(*scenarios, args.target, reachable.message());
      WriteReports(*outcome.run, *folder, out, err);
      outcome.exit_code = kExitTarget;
      return outcome;
    }
    out << "target: " << options.target << "\n";
  }
  out << std::flush;

  ConsoleListener listener(err, isatty(STDERR_FILENO) == 1);
  RunResult run = runner::Run(*scenarios, *users, options, listener);
  outcome.exit_code = WriteReports(run, *folder, out, err) != 0 ? kExitFailed : ExitCodeOf(run);
  outcome.run = std::move(run);
  return outcome;
}

}  // namespace proofup::cli
