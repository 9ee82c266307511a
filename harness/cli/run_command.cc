#include "harness/cli/run_command.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <future>
#include <ostream>

#include "harness/cli/cli.h"
#include "harness/cli/console_listener.h"
#include "harness/cli/interrupt_watcher.h"
#include "harness/cli/manual_command.h"
#include "harness/cli/run_hooks.h"
#include "harness/cli/run_inputs.h"
#include "harness/cli/run_reports.h"
#include "harness/cli/run_target.h"
#include "harness/cli/scenario_selection.h"
#include "harness/http/http.h"
#include "harness/runner/portal.h"
#include "harness/runner/run_folder.h"
#include "harness/runner/runner.h"
#include "harness/runner/target_profile.h"

namespace proofup::cli {

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

namespace {

// What the run's options will say of a browser session, known before the
// scenarios load (LaunchWebDriverEarly's guess at the first one's session).
runner::RunOptions EarlyRunOptions(const RunArgs& args,
                                   const std::optional<runner::TargetProfile>& profile) {
  runner::RunOptions known;
  known.transport.insecure = args.insecure;
  known.step_timeout = std::chrono::milliseconds(static_cast<long>(args.timeout_s * 1000));
  known.max_resource_bytes = args.max_resource_size;
  if (profile) known.language = profile->language;
  return known;
}

}  // namespace

RunOutcome RunScenarios(const RunArgs& given, std::ostream& out, std::ostream& err) {
  RunOutcome outcome;
  RunArgs args = given;
  // Ctrl-C cancels instead of killing, from the start: the scenarios not yet
  // run are "not run" and the reports are still written whole. First, so that
  // every thread this run starts (the early browser's, the loading, the
  // manuals', a session pool's) inherits the blocked signals: one landing on
  // a thread that does not block it would kill the process.
  std::atomic<bool> cancelled{false};
  InterruptWatcher watcher(cancelled);
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
  // Chromium takes longest of all to start (~0.3-1 s): spawned first and
  // waited for by the first session, it starts while mock-idp starts and the
  // scenarios load. Every shard of a sharded run pays this start-up.
  // Over --webdriver, the first session is asked for now instead (the
  // browser starts on the server's side).
  std::shared_ptr<browser::BrowserLauncher> early_browser;
  if (args.browser == "chromium" && args.webdriver.empty() && !args.list)
    early_browser = runner::LaunchChromiumEarly(args.ca_file);
  if (args.browser == "chromium" && !args.webdriver.empty() && !args.list)
    early_browser = runner::LaunchWebDriverEarly(args.webdriver, EarlyRunOptions(args, profile));
  // Stopped off this thread, beside the reports (Browser.close, then its exit).
  auto stop_browser = [&outcome, &early_browser] {
    if (early_browser)
      outcome.browser_stopping =
          std::jthread([b = std::move(early_browser)]() mutable { b.reset(); });
  };
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
    stop_browser();
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
  // Parsed beside the run; a survey (manual-check) loads its manual itself.
  if (!outcome.manuals.empty() && !args.survey)
    outcome.manuals_loading = LoadManualsAsync(outcome.manuals);

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
  if (args.webdriver_prepare != "auto")
    options.prepare_next_session = args.webdriver_prepare == "on";
  options.early_browser = early_browser;
  options.cancelled = &cancelled;

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
    // One connection for both questions: is it there, is it mock-idp.
    auto probe = http::NewCurlTransport(
        runner::ReachabilityOptions(options.transport, options.step_timeout));
    Status reachable = runner::CheckReachable(args.target, *probe);
    if (reachable.ok()) {
      out << "target: " << options.target
          << (profile ? " (profile " + profile->file + ")" : std::string()) << "\n";
      DetectMockIdp(options, *probe, err);
    } else {
      unreachable = reachable.message();
    }
  }
  if (unreachable.empty() && profile) {
    // What the profile says wins over what was found out.
    if (profile->control_api) options.offers.control_api = *profile->control_api;
    if (profile->mock_phone_api) options.offers.mock_phone_api = *profile->mock_phone_api;
    if (profile->sms) options.sms = *profile->sms;
  }
  // The users are checked once the offers are known: scenarios the target
  // cannot run are skipped, not refused for a user they would not sign in.
  if (unreachable.empty() && !CheckScenarioUsers(*scenarios, *inputs.users, &options, args, err)) {
    if (portal) outcome.portal_stopping = StopPortal(std::move(*portal));
    return outcome;
  }
  auto folder = inputs.folder ? std::move(*inputs.folder)
                              : runner::CreateRunFolder(args.reports, runner::NewRunId());
  if (!folder.ok()) {
    err << "proofup: " << folder.status().message() << "\n";
    if (portal) outcome.portal_stopping = StopPortal(std::move(*portal));
    return outcome;
  }
  options.run_dir = folder->path;
  outcome.run_dir = folder->path;
  if (!unreachable.empty()) {
    err << "proofup: " << unreachable << "\n";
    outcome.run = UnreachableRun(*scenarios, args.target, unreachable);
    WriteReports(*outcome.run, args, *folder, out, err, unreachable);
    WriteRunTimings(*outcome.run, inputs.shard, folder->path);
    outcome.exit_code = kExitTarget;
    return outcome;
  }
  out << std::flush;

  ConsoleOptions console;
  console.live = isatty(STDOUT_FILENO) == 1;
  console.color = console.live && !args.no_color && std::getenv("NO_COLOR") == nullptr;
  console.max_failures = args.max_failures;
  console.stop = &cancelled;
  ConsoleListener listener(out, console);
  RunResult run = runner::Run(*scenarios, *inputs.users, options, listener);
  options.early_browser.reset();
  stop_browser();
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
