#include "harness/runner/runner.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "harness/browser/chromium/chromium.h"
#include "harness/browser/webdriver/webdriver.h"
#include "harness/http/cookie_jar.h"
#include "harness/runner/hooks.h"
#include "harness/runner/lookahead.h"
#include "harness/runner/run_folder.h"
#include "harness/runner/scenario_run.h"

namespace proofup::runner {
namespace {

// A WebDriver server on loopback runs its browsers on this machine's cores.
bool OnThisMachine(const std::string& url) {
  auto parts = http::SplitUrl(url);
  return parts && http::IsLoopbackHost(parts->host);
}

// The scenario's user (null when it names none or the users file lacks it).
const TestUser* UserOf(const scenario::Scenario& s, const UserDirectory& users) {
  return s.user.username.empty() ? nullptr : users.Find(s.user.username);
}

// The backend the scenario runs in: its own `browser:`, else the run's.
const std::string& BrowserOf(const scenario::Scenario& s, const RunOptions& options) {
  return s.browser.empty() ? options.browser : s.browser;
}

std::string IsoNow() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// One worker's browser launchers, made when first needed: a worker that only
// runs http scenarios never starts Chromium.
class WorkerBrowsers {
 public:
  WorkerBrowsers(std::string webdriver, browser::BrowserLauncher* early_browser)
      : webdriver_(std::move(webdriver)), early_browser_(early_browser) {}
  browser::BrowserLauncher& For(const std::string& kind) {
    if (kind == "chromium" && early_browser_) return *early_browser_;
    std::unique_ptr<browser::BrowserLauncher>& l = kind == "chromium" ? chromium_ : http_;
    if (!l)
      l = kind != "chromium"   ? browser::NewHttpLauncher()
          : webdriver_.empty() ? browser::NewChromiumLauncher()
                               : NewWebDriverLauncher();
    return *l;
  }
  std::vector<std::string> TakeNotices() {
    std::vector<std::string> out;
    for (auto* l : {http_.get(), chromium_.get(), early_browser_})
      if (l)
        for (auto& n : l->TakeNotices()) out.push_back(std::move(n));
    return out;
  }

 private:
  std::unique_ptr<browser::BrowserLauncher> NewWebDriverLauncher() const {
    browser::WebDriverOptions options;
    options.url = webdriver_;
    return browser::NewWebDriverLauncher(options);
  }

  std::string webdriver_;
  browser::BrowserLauncher* early_browser_;  // not owned; nullptr: none
  std::unique_ptr<browser::BrowserLauncher> http_, chromium_;
};

// Passes each distinct notice to the listener once per run.
class NoticeBoard {
 public:
  void Post(std::vector<std::string> lines, RunListener& listener) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& line : lines)
      if (said_.insert(line).second) listener.OnNotice(line);
  }

 private:
  std::mutex mutex_;
  std::set<std::string> said_;
};

// Runs one scenario with its retries. A pass after a failed attempt is flaky.
ScenarioResult RunWithRetries(const scenario::Scenario& s, const std::string& screen_dir,
                              const UserDirectory& users, const RunOptions& options,
                              RunListener& listener, WorkerBrowsers& browsers, NoticeBoard& notices,
                              std::function<void()> prepare_next) {
  if (std::string missing = MissingNeed(s, options); !missing.empty()) {
    ScenarioResult skipped = UnrunResult(s, Outcome::kSkipped);
    skipped.skip_reason = std::move(missing);
    listener.OnScenarioDone(skipped);
    return skipped;
  }
  browser::BrowserLauncher& launcher = browsers.For(BrowserOf(s, options));
  // The next scenario's session is made while this one runs.
  PrepareAfterFirstStep steps(listener, std::move(prepare_next));
  const TestUser* user = UserOf(s, users);
  ScenarioResult result;
  for (int attempt = 1; attempt <= 1 + std::max(0, options.retries); ++attempt) {
    listener.OnScenarioStart(s, attempt);
    bool browser_failed;
    {
      ScenarioRun run(s, user, options, steps, screen_dir, launcher);
      result = run.Execute();
      browser_failed = run.browser_failed();
    }
    notices.Post(browsers.TakeNotices(), listener);
    result.attempts = attempt;
    if (result.outcome == Outcome::kPassed) {
      if (attempt > 1) result.outcome = Outcome::kFlaky;
      break;
    }
    // Cancelled, or the harness could not run it: another attempt would not
    // help, unless the browser session was refused or lost (a Grid's queue
    // timeout, a node gone): a new session may work.
    if (result.outcome == Outcome::kNotRun) break;
    if (result.outcome == Outcome::kError && !browser_failed) break;
  }
  listener.OnScenarioDone(result);
  return result;
}

}  // namespace

RunResult Run(const std::vector<scenario::Scenario>& scenarios, const UserDirectory& users,
              const RunOptions& given, RunListener& listener) {
  RunResult run;
  // Run-level before hooks: what they print is every scenario's (a --var wins).
  RunOptions options = given;
  SecretMask run_mask;
  HookVariables hook_vars;
  Status setup = RunRunHooks(given.before, "before", given, "", run_mask, run.setup, hook_vars);
  for (const auto& [name, value] : hook_vars)
    if (std::find(given.pinned_vars.begin(), given.pinned_vars.end(), name) ==
        given.pinned_vars.end())
      options.vars[name] = value;
  options.secrets.insert(options.secrets.end(), run_mask.secrets().begin(),
                         run_mask.secrets().end());
  run.started_at = IsoNow();
  run.target = options.target;
  run.secrets_shown = options.show_secrets;
  run.scenarios.resize(scenarios.size());
  auto start = std::chrono::steady_clock::now();

  // Screen folders are decided up front so that equal names get distinct folders.
  std::vector<std::string> screen_dirs;
  for (size_t i = 0; i < scenarios.size(); ++i) {
    std::string number = std::to_string(i + 1);
    if (number.size() < 2) number = "0" + number;
    screen_dirs.push_back(number + "-" + Slug(scenarios[i].name));
  }

  // Workers take the next scenario index; each result slot is written by one worker only.
  std::atomic<size_t> next{0};
  NoticeBoard notices;
  const bool prepare_ahead = PreparesNextSession(options);
  auto work = [&](browser::BrowserLauncher* early_browser) {
    WorkerBrowsers browsers(options.webdriver, early_browser);
    // Asks the launcher of the scenario no worker has taken yet to prepare its session.
    auto prepare_next = [&] {
      if (!prepare_ahead) return;
      size_t n = next.load();
      if (n >= scenarios.size() || (options.cancelled && options.cancelled->load())) return;
      const scenario::Scenario& s = scenarios[n];
      if (!MissingNeed(s, options).empty()) return;
      browsers.For(BrowserOf(s, options))
          .PrepareSession(SessionOptionsFor(s, UserOf(s, users), options));
    };
    for (size_t i = next++; i < scenarios.size(); i = next++) {
      if (!setup.ok()) {
        run.scenarios[i] = UnrunResult(scenarios[i], Outcome::kError,
                                       "not run: the run's " + run_mask.Mask(setup.message()));
        listener.OnScenarioDone(run.scenarios[i]);
        continue;
      }
      if (options.cancelled && options.cancelled->load()) {
        run.scenarios[i] = UnrunResult(scenarios[i], Outcome::kNotRun);
        continue;
      }
      run.scenarios[i] = RunWithRetries(scenarios[i], screen_dirs[i], users, options, listener,
                                        browsers, notices, prepare_next);
    }
  };
  int workers = std::max(1, std::min<int>(options.workers, static_cast<int>(scenarios.size())));
  std::vector<std::thread> threads;
  for (int w = 1; w < workers; ++w) threads.emplace_back(work, nullptr);
  // The early browser is this thread's: its launcher is not thread-safe.
  work(options.early_browser.get());
  for (auto& t : threads) t.join();
  // Run-level after hooks: always, also after a failed before hook or Ctrl-C.
  const OutcomeCounts counts = CountOutcomes(run.scenarios);
  const std::string outcome = !setup.ok()                                          ? "error"
                              : counts.failed + counts.errors + counts.not_run > 0 ? "failed"
                                                                                   : "passed";
  HookVariables after_vars = hook_vars;
  (void)RunRunHooks(given.after, "after", options, outcome, run_mask, run.teardown, after_vars);

  run.interrupted = options.cancelled && options.cancelled->load();
  run.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return run;
}

bool PreparesNextSession(const RunOptions& options) {
  if (options.webdriver.empty()) return false;
  return options.prepare_next_session.value_or(!OnThisMachine(options.webdriver));
}

std::shared_ptr<browser::BrowserLauncher> LaunchChromiumEarly(const std::string& ca_file) {
  browser::ChromiumOptions chromium;
  chromium.launch_now = true;
  chromium.launch_ca_file = ca_file;
  return browser::NewChromiumLauncher(std::move(chromium));
}

std::shared_ptr<browser::BrowserLauncher> LaunchWebDriverEarly(const std::string& url,
                                                               const RunOptions& known) {
  browser::WebDriverOptions webdriver;
  webdriver.url = url;
  std::shared_ptr<browser::BrowserLauncher> launcher = browser::NewWebDriverLauncher(webdriver);
  // A scenario of no language of its own, without a user: most scenarios' session.
  launcher->PrepareSession(SessionOptionsFor(scenario::Scenario{}, nullptr, known));
  return launcher;
}

ScenarioResult UnrunResult(const scenario::Scenario& s, Outcome outcome, std::string error) {
  ScenarioResult r;
  // Hooks are steps of the result: the before hooks first, the after hooks last.
  for (const scenario::Hook& hook : s.before) r.steps.push_back(UnrunHookStep(hook, "before"));
  r.name = s.name;
  r.file = s.file;
  r.tags = s.tags;
  r.manual = s.manual;
  r.outcome = outcome;
  r.error = std::move(error);
  for (size_t k = 0; k < s.steps.size(); ++k) {
    StepResult step;
    step.index = static_cast<int>(k + 1);
    step.manual_steps = s.steps[k].manual_steps;
    step.file = s.steps[k].where.file;
    step.line = s.steps[k].where.line;
    step.item = s.steps[k].item;
    if (!s.steps[k].included_from.empty()) {
      const scenario::SourceLocation& top = s.steps[k].included_from.back();
      step.included_from = top.file + ":" + std::to_string(top.line);
    }
    step.action = scenario::ActionKind(s.steps[k].action);
    step.description = scenario::Describe(s.steps[k].action);
    r.steps.push_back(std::move(step));
  }
  for (const scenario::Hook& hook : s.after) r.steps.push_back(UnrunHookStep(hook, "after"));
  for (size_t k = 0; k < r.steps.size(); ++k) r.steps[k].index = static_cast<int>(k + 1);
  return r;
}

std::string MissingNeed(const scenario::Scenario& s, const RunOptions& options) {
  const std::string target = options.target.empty() ? "the target" : options.target;
  for (const scenario::Need& need : scenario::ScenarioNeeds(s)) {
    if (need.name == "control-api" && (!options.offers.control_api || options.admin_token.empty()))
      return "needs mock-idp's control API (" + need.why + "); " + target +
             " offers none (the bundled mock-idp does; a target profile says \"control api: "
             "yes\" with an admin token)";
    if (need.name == "mock-phone-api" && !options.offers.mock_phone_api)
      return "needs mock-idp's phone API for push approvals and activation (" + need.why + "); " +
             target + " is not mock-idp";
    const bool sms_source = options.sms.kind != "none" &&
                            (options.sms.kind != "mock_outbox" || options.offers.mock_phone_api);
    if (need.name == "sms" && !sms_source)
      return "needs an SMS source for the SIM (" + need.why + "); " + target +
             " has none (give the target profile an \"sms:\" source, docs/scenarios.md)";
  }
  return "";
}

std::string FailureLine(const StepResult& step) { return StepFailureLine(step); }

}  // namespace proofup::runner
