#include "harness/cli/run_command.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <ostream>
#include <thread>

#include "harness/cli/cli.h"
#include "harness/cli/console_listener.h"
#include "harness/cli/run_hooks.h"
#include "harness/cli/scenario_selection.h"
#include "harness/cli/shard_selection.h"
#include "harness/report/report.h"
#include "harness/runner/portal.h"
#include "harness/runner/run_folder.h"
#include "harness/runner/runner.h"
#include "harness/runner/target_profile.h"

namespace proofup::cli {
namespace {

namespace fs = std::filesystem;

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

// Every scenario marked as an error with `reason`: the run's report when the target is down.
RunResult UnreachableRun(const std::vector<scenario::Scenario>& scenarios,
                         const std::string& target, const std::string& reason) {
  RunResult run;
  run.target = target;
  for (const auto& s : scenarios)
    run.scenarios.push_back(runner::UnrunResult(s, Outcome::kError, reason));
  return run;
}

}  // namespace

// --variables-file first, then each --var over it.
bool ReadVariables(const RunArgs& args, std::map<std::string, std::string>& vars,
                   std::ostream& err) {
  std::vector<std::pair<std::string, std::string>> lines;  // (where, name=value)
  if (!args.variables_file.empty()) {
    std::ifstream in(args.variables_file);
    if (!in) {
      err << "proofup: cannot read variables file " << args.variables_file << "\n";
      return false;
    }
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      size_t start = line.find_first_not_of(" \t\r");
      if (start == std::string::npos || line[start] == '#') continue;
      size_t end = line.find_last_not_of(" \t\r");
      lines.emplace_back(args.variables_file + ":" + std::to_string(n),
                         line.substr(start, end - start + 1));
    }
  }
  for (const auto& kv : args.vars) lines.emplace_back("--var", kv);
  for (const auto& [where, kv] : lines) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      err << "proofup: " << where << ": expected name=value, got \"" << kv << "\"\n";
      return false;
    }
    auto trim = [](std::string t) {
      size_t a = t.find_first_not_of(" \t"), b = t.find_last_not_of(" \t");
      return a == std::string::npos ? std::string() : t.substr(a, b - a + 1);
    };
    // A file's "name = value" may space the '='; a --var is taken as typed.
    bool from_file = where != "--var";
    std::string name = from_file ? trim(kv.substr(0, eq)) : kv.substr(0, eq);
    vars[name] = from_file ? trim(kv.substr(eq + 1)) : kv.substr(eq + 1);
  }
  return true;
}

namespace {

// The run folder's reports, then the fixed paths CI asked for (--report-*).
Status WriteEveryReport(const RunResult& run, const RunArgs& args, const std::string& run_dir) {
  Status first = WriteAll(run, run_dir);
  auto keep = [&first](Status s) {
    if (first.ok() && !s.ok()) first = std::move(s);
  };
  for (const std::string& file : {args.report_junit, args.report_json}) {
    std::error_code ec;
    if (!file.empty() && fs::path(file).has_parent_path())
      fs::create_directories(fs::path(file).parent_path(), ec);
  }
  if (!args.report_junit.empty()) keep(WriteJunitXml(run, args.report_junit));
  if (!args.report_json.empty()) keep(WriteJsonReport(run, args.report_json));
  if (!args.report_html.empty()) {
    keep(WriteHtmlReport(run, args.report_html));
    std::error_code ec;
    fs::path screens = fs::path(run_dir) / "screens";
    if (fs::is_directory(screens, ec))
      fs::copy(screens, fs::path(args.report_html) / "screens",
               fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
    if (ec) keep(Status::IoError("cannot copy the screens into " + args.report_html));
  }
  return first;
}

// `unreachable`: the reason the target could not be used; the summary says so.
int WriteReports(RunResult& run, const RunArgs& args, const runner::RunFolder& folder,
                 std::ostream& out, std::ostream& err, const std::string& unreachable = "") {
  run.run_id = folder.run_id;
  Status written = WriteEveryReport(run, args, folder.path);
  if (unreachable.empty()) {
    out << SummaryLine(run) << "\n";
  } else {
    out << run.scenarios.size() << " scenarios not run: the target is unreachable (" << unreachable
        << ")\n";
  }
  if (!written.ok()) {
    // stdout must never point at a report that is not there (or is half written).
    err << "proofup: the reports were not written: " << written.message() << "\n";
    out << "reports: NOT written (" << written.message() << ")\n";
    return 1;
  }
  out << "reports: " << folder.path << "/index.html (junit.xml, report.json; also "
      << std::filesystem::path(folder.path).parent_path().string() << "/latest)\n";
  return 0;
}

// What a run reads before it starts: users, variables and the selected scenarios.
struct RunInputs {
  std::optional<runner::UserDirectory> users;
  std::map<std::string, std::string> vars;
  std::vector<std::string>
      pinned;  // names given on the command line: a profile never overrides them
  std::optional<std::vector<scenario::Scenario>> scenarios;  // nullopt: printed why on err
  ShardSelection shard;  // --shard's part of `scenarios`, and the run's fingerprint
  // Created here when a run will follow: off the path that waits for the
  // bundled mock-idp (the run id's random bytes initialise OpenSSL).
  std::optional<StatusOr<runner::RunFolder>> folder;
};

RunInputs LoadRunInputs(const RunArgs& args, const std::optional<runner::TargetProfile>& profile,
                        std::ostream& err) {
  RunInputs in;
  auto users = runner::UserDirectory::Load(args.users);
  if (!users.ok()) {
    err << "proofup: " << users.status().message() << "\n";
    if (!fs::path(args.users).is_absolute())
      err << "hint: the users file is read from the current folder (" << fs::current_path().string()
          << "); pass --users FILE or set PROOFUP_USERS\n";
    return in;
  }
  in.users = std::move(*users);
  if (!ReadVariables(args, in.vars, err)) return in;
  for (const auto& [name, value] : in.vars) in.pinned.push_back(name);
  std::map<std::string, std::string> known = in.vars;  // every name a scenario may use
  if (profile) {
    for (const auto& [name, value] : profile->vars) in.vars.emplace(name, value);
    known = in.vars;
    for (const auto& [scenario, scenario_vars] : profile->scenario_vars)
      for (const auto& [name, value] : scenario_vars) known.emplace(name, value);
  }
  for (const std::string& name : RunHookVariables(args, profile)) known.emplace(name, "");
  in.scenarios = SelectScenarios(args, known, *in.users, err);
  if (in.scenarios && !ApplyShard(args, *in.scenarios, in.shard, err)) in.scenarios.reset();
  // An empty shard still writes a run folder: merge-reports needs every shard's.
  const bool reports = in.scenarios && (!in.scenarios->empty() || !args.shard.empty());
  // The same conditions as RunScenarios checks before it creates the folder.
  const bool ca_ok = args.ca_file.empty() || args.insecure || http::CheckCaFile(args.ca_file).ok();
  if (reports && !args.list && ca_ok)
    in.folder = runner::CreateRunFolder(args.reports, runner::NewRunId());
  return in;
}

runner::BundledPortalOptions BundledOptions(const RunArgs& args) {
  runner::BundledPortalOptions bundled;
  bundled.executable = runner::FindMockIdp(SelfExe());
  bundled.users_file = args.users;
  if (!args.mock_variant.empty()) bundled.extra_args = {"--variant", args.mock_variant};
  if (!args.mock_data_dir.empty())
    bundled.extra_args.insert(bundled.extra_args.end(),
                              {"--catalog-dir", args.mock_data_dir + "/catalogs", "--template-dir",
                               args.mock_data_dir + "/templates"});
  // mock-idp's default of 512 workers is for a shared portal; starting them
  // cost a one-scenario run more CPU than the scenario. With the http browser
  // a scenario keeps at most a few connections open (browser, phone, control
  // API). Chromium keeps up to 6 idle ones per browser and its runs take
  // seconds, so it keeps the default. The request log goes nowhere (stderr is
  // discarded): --quiet skips writing it.
  if (args.browser != "chromium") {
    const int threads = std::min(512, 16 + 8 * std::max(1, args.workers));
    bundled.extra_args.insert(bundled.extra_args.end(), {"--threads", std::to_string(threads)});
  }
  bundled.extra_args.push_back("--quiet");
  return bundled;
}

// The profile's settings where the command line left the default.
void ApplyProfile(const runner::TargetProfile& p, RunArgs& args) {
  args.target = p.url;
  if (args.mock_variant.empty()) args.mock_variant = p.mock_variant;
  if (args.ca_file.empty()) args.ca_file = p.ca_file;
  args.insecure = args.insecure || p.insecure;
  if (!args.users_given && !p.users.empty()) args.users = p.users;
  if (args.admin_token.empty()) args.admin_token = p.admin_token;
  if (!args.browser_given && !p.browser.empty()) args.browser = p.browser;
}

// A --target URL without a profile: mock-idp's APIs are used only when the
// target says it is mock-idp (GET /__control/hello). A given --admin-token
// keeps the control API on, so that a target that is not mock-idp makes the
// control client fail clearly instead of skipping quietly.
void DetectMockIdp(runner::RunOptions& options, std::ostream& err) {
  auto transport = http::NewCurlTransport(options.transport);
  auto hello = runner::ProbeMockIdp(options.target, options.admin_token, *transport);
  const bool mock = hello.ok() && hello->is_mock_idp;
  options.offers.mock_phone_api = mock;
  options.offers.control_api = mock || !options.admin_token.empty();
  if (!mock && !options.admin_token.empty())
    err << "proofup: --admin-token is given, but " << options.target
        << " does not answer as mock-idp's control API ("
        << (hello.ok() ? hello->answer : hello.status().message())
        << "): scenarios that use it will fail\n";
}

// Stops the bundled mock-idp on a thread of its own, so the exit waits for it
// only if the reports take less time. SIGKILL, not SIGTERM: it keeps nothing
// worth a graceful stop (in-memory state, output discarded), and its graceful
// stop (joining its workers) took ~11 ms against ~1 ms.
std::jthread StopPortal(runner::BundledPortal portal) {
  return std::jthread([p = std::move(portal)]() mutable {
    p.process->Signal(SIGKILL);
    p.process.reset();
  });
}

}  // namespace

int ExitCodeOf(const RunResult& run) {
  for (const auto& s : run.scenarios)
    if (s.outcome != Outcome::kPassed && s.outcome != Outcome::kFlaky &&
        s.outcome != Outcome::kSkipped)
      return kExitFailed;
  return kExitPassed;
}

void PrintDiagnostics(const std::vector<scenario::Diagnostic>& diagnostics, std::ostream& err) {
  for (const auto& d : diagnostics) err << scenario::FormatDiagnostic(d) << "\n";
}

RunOutcome RunScenarios(const RunArgs& given, std::ostream& out, std::ostream& err) {
  RunOutcome outcome;
  RunArgs args = given;
  std::optional<runner::TargetProfile> profile;
  if (!args.target_file.empty()) {
    if (!args.target.empty()) {
      err << "proofup: give --target or --target-file, not both\n";
      return outcome;
    }
    auto loaded = runner::LoadTargetProfile(args.target_file);
    if (!loaded.ok()) {
      err << (loaded.status().kind() == Status::Kind::kParseError ? "" : "proofup: ")
          << loaded.status().message() << "\n";
      return outcome;
    }
    profile = std::move(*loaded);
    ApplyProfile(*profile, args);
  }
  if (std::string bad = CheckRunArgs(args); !bad.empty()) {
    err << "proofup: " << bad << "\n";
    return outcome;
  }
  // The bundled mock-idp takes a while to be ready (a fresh process loading
  // its catalogs): it starts first, here, while a helper thread loads the
  // users and scenarios. It must be spawned from this thread: it gets
  // die_with_parent, which Linux fires when the spawning *thread* ends.
  const bool bundled = args.target.empty() && !args.list;
  std::future<RunInputs> loading =
      std::async(bundled ? std::launch::async : std::launch::deferred,
                 [&args, &profile, &err] { return LoadRunInputs(args, profile, err); });
  std::optional<StatusOr<runner::BundledPortal>> started;
  if (bundled) started = runner::StartBundledPortal(BundledOptions(args));
  RunInputs inputs = loading.get();
  // An early return stops a started portal off this thread, so it does not delay the exit.
  auto stop_portal = [&outcome, &started] {
    if (started && started->ok()) outcome.portal_stopping = StopPortal(std::move(**started));
  };
  if (!inputs.scenarios) {
    stop_portal();
    return outcome;
  }
  std::vector<scenario::Scenario>* scenarios = &*inputs.scenarios;
  if (!inputs.shard.note.empty()) out << inputs.shard.note << "\n";
  if (!args.list && scenarios->empty() && !args.shard.empty() && inputs.folder &&
      inputs.folder->ok()) {
    stop_portal();
    outcome.run.emplace();
    outcome.run_dir = (*inputs.folder)->path;
    outcome.exit_code = WriteReports(*outcome.run, args, **inputs.folder, out, err) != 0 ||
                                !WriteRunTimings(*outcome.run, inputs.shard, outcome.run_dir).ok()
                            ? kExitFailed
                            : kExitPassed;
    return outcome;
  }
  if (args.list || scenarios->empty()) {
    stop_portal();
    if (scenarios->empty() && args.shard.empty())
      out << "no scenario failed in the last run; nothing to run\n";
    if (args.list) ListScenarios(*scenarios, out);
    outcome.exit_code = kExitPassed;
    return outcome;
  }
  for (const auto& s : *scenarios)
    if (!s.manual_path.empty() && std::find(outcome.manuals.begin(), outcome.manuals.end(),
                                            s.manual_path) == outcome.manuals.end())
      outcome.manuals.push_back(s.manual_path);

  if (!args.ca_file.empty() && !args.insecure) {
    // Checked before anything starts: a bad bundle is the user's mistake (exit 2),
    // not an unreachable target.
    if (Status ca = http::CheckCaFile(args.ca_file); !ca.ok()) {
      err << "proofup: " << ca.message() << "\n";
      stop_portal();
      return outcome;
    }
  }
  runner::RunOptions options;
  options.workers = std::max(1, args.workers);
  options.retries = std::max(0, args.retries);
  options.step_timeout = std::chrono::milliseconds(static_cast<long>(args.timeout_s * 1000));
  options.transport.insecure = args.insecure;
  options.transport.ca_file = args.ca_file;
  options.transport.max_body_bytes = args.max_page_size;
  options.max_resource_bytes = args.max_resource_size;
  options.max_step_text_bytes = args.max_step_text;
  options.transport.connect_timeout_ms = std::min<long>(5000, options.step_timeout.count());
  options.show_secrets = args.show_secrets;
  options.vars = std::move(inputs.vars);
  options.pinned_vars = std::move(inputs.pinned);
  if (profile) {
    options.scenario_vars = profile->scenario_vars;
    options.language = profile->language;
  }
  if (std::string bad = CollectRunHooks(args, profile, options); !bad.empty()) {
    err << "proofup: " << bad << "\n";
    stop_portal();
    return outcome;
  }
  options.browser = args.browser;
  options.survey = args.survey;
  options.outline_next_target = args.outline_targets;
  options.screenshots = args.screenshots;
  options.webdriver = args.webdriver;
  auto folder = inputs.folder ? std::move(*inputs.folder)
                              : runner::CreateRunFolder(args.reports, runner::NewRunId());
  if (!folder.ok()) {
    err << "proofup: " << folder.status().message() << "\n";
    stop_portal();
    return outcome;
  }
  options.run_dir = folder->path;
  outcome.run_dir = folder->path;
  // From here on Ctrl-C cancels instead of killing: the reports are still written whole.
  std::atomic<bool> cancelled{false};
  options.cancelled = &cancelled;
  InterruptWatcher watcher(cancelled);

  std::optional<runner::BundledPortal> portal;
  std::string unreachable;
  if (args.target.empty()) {
    if (started->ok()) {
      portal = std::move(**started);
      options.target = portal->url;
      options.admin_token = portal->admin_token;
      out << "target: " << options.target << " (bundled mock-idp"
          << (profile ? ", profile " + profile->file : std::string()) << ")\n";
    } else {
      unreachable = "the bundled mock-idp could not be started: " + started->status().message();
    }
  } else {
    options.target = args.target;
    options.admin_token = args.admin_token;
    Status reachable = runner::CheckReachable(args.target, options.transport, options.step_timeout);
    if (reachable.ok()) {
      out << "target: " << options.target
          << (profile ? " (profile " + profile->file + ")" : std::string()) << "\n";
      DetectMockIdp(options, err);
    } else {
      unreachable = reachable.message();
    }
  }
  if (!unreachable.empty()) {
    err << "proofup: " << unreachable << "\n";
    outcome.run = UnreachableRun(*scenarios, args.target, unreachable);
    WriteReports(*outcome.run, args, *folder, out, err, unreachable);
    WriteRunTimings(*outcome.run, inputs.shard, folder->path);
    outcome.exit_code = kExitTarget;
    return outcome;
  }
  if (profile) {
    // What the profile says wins over what was found out.
    if (profile->control_api) options.offers.control_api = *profile->control_api;
    if (profile->mock_phone_api) options.offers.mock_phone_api = *profile->mock_phone_api;
    if (profile->sms) options.sms = *profile->sms;
  }
  out << std::flush;

  ConsoleOptions console;
  console.live = isatty(STDOUT_FILENO) == 1;
  console.color = console.live && !args.no_color && std::getenv("NO_COLOR") == nullptr;
  console.max_failures = args.max_failures;
  console.stop = &cancelled;
  ConsoleListener listener(out, console);
  RunResult run = runner::Run(*scenarios, *inputs.users, options, listener);
  // The mock-idp stops while the reports and the manual check are written.
  if (portal) outcome.portal_stopping = StopPortal(std::move(*portal));
  if (listener.stopped_early()) {
    run.interrupted = false;
    out << "stopped after " << args.max_failures << " failed scenario"
        << (args.max_failures == 1 ? "" : "s") << " (--max-failures)\n";
  }
  const bool hook_failed = ReportRunHooks(run, out);
  const bool written = WriteReports(run, args, *folder, out, err) == 0;
  Status timings = WriteRunTimings(run, inputs.shard, folder->path);
  if (!timings.ok()) err << "proofup: " << timings.message() << "\n";
  outcome.exit_code = written && timings.ok() && !hook_failed ? ExitCodeOf(run) : kExitFailed;
  outcome.run = std::move(run);
  return outcome;
}

}  // namespace proofup::cli
