// The runner: performs loaded scenarios against a target portal with a
// headless browser and a virtual phone, and returns what happened as plain
// results (harness/result/result.h). After Hurl: running fails only when the
// harness cannot run; a failed expectation lives in the result. The runner
// never prints: progress goes to a RunListener.
//
// Thread safety: Run() may use several worker threads (RunOptions::workers);
// each scenario gets its own browser session, phone and variables, so
// scenarios share nothing mutable. Listener callbacks arrive from those
// threads and must be thread-safe.
#ifndef PROOFUP_RUNNER_RUNNER_H_
#define PROOFUP_RUNNER_RUNNER_H_

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/http/http.h"
#include "harness/phone/phone.h"
#include "harness/result/result.h"
#include "harness/runner/user_directory.h"
#include "harness/scenario/scenario.h"

namespace proofup::browser {
class BrowserLauncher;
}

namespace proofup::runner {

class RunListener {
 public:
  virtual ~RunListener() = default;
  virtual void OnScenarioStart(const scenario::Scenario& /*scenario*/, int /*attempt*/) {}
  // After every step, passed or failed; `total` is the scenario's step count.
  virtual void OnStepDone(const scenario::Scenario& /*scenario*/, const StepResult& /*step*/,
                          size_t /*total*/) {}
  virtual void OnScenarioDone(const ScenarioResult& /*result*/) {}
  // A line for the run log, said once per run (e.g. why Chromium runs without its sandbox).
  virtual void OnNotice(const std::string& /*line*/) {}
};

// What the target offers besides its pages. The defaults are the bundled
// mock-idp's; `proofup run` sets them from the target profile, or for a
// --target URL from its answer to GET /__control/hello.
struct TargetOffers {
  bool control_api = true;     // mock-idp's /__control routes (used only with an admin_token)
  bool mock_phone_api = true;  // mock-idp's phone-side routes: push, activation, SMS outbox
};

// How every screenshot of a run is taken (`proofup manual build`); the
// fields of browser::ScreenshotOptions with the same names. Defaults: as the
// browser is, whole viewport, grey boxes over images.
struct ScreenshotLayout {
  int width = 0, height = 0;  // viewport in CSS px; 0 = the browser's
  double scale = 0;           // device scale factor; 0 = the browser's
  std::string crop;           // "" = viewport, "dialog", or a CSS selector
  std::string sample_image;   // data: URI painted over QR codes instead of grey
};

struct RunOptions {
  std::string target;       // base URL of the portal, e.g. "http://127.0.0.1:8080"
  std::string admin_token;  // the target's control API token; empty = no control API
  TargetOffers offers;
  // Where the SIM's SMS come from. "mock_outbox" is used only when the target
  // offers mock-idp's phone API (else the SIM has no source): the phone
  // number never goes to a portal under test.
  phone::SmsSourceOptions sms;
  int workers = 1;  // scenarios run in parallel
  int retries = 0;  // extra attempts for a failed scenario; a later pass is "flaky"
  std::chrono::milliseconds step_timeout{10'000};  // waits, pushes, SMS; also HTTP total timeout
  http::TransportOptions transport;                // TLS settings, connect timeout, page size limit
  size_t max_resource_bytes = 5 * 1024 * 1024;     // images, stylesheets of saved screens
  size_t max_step_text_bytes = 64 * 1024;          // observed text per step in the reports
  std::map<std::string, std::string> vars;         // --var k=v (override scenario vars)
  // A target profile's variables for one scenario, by its name or file name
  // without .yaml; they win over `vars` except the names in `pinned_vars` (--var).
  std::map<std::string, std::map<std::string, std::string>> scenario_vars;
  std::vector<std::string> pinned_vars;
  std::string language;  // "nl"/"en" from the target profile; "" = the user's (the scenario's wins)
  bool show_secrets = false;  // keep secrets and the QR image in reports
  // Folder of this run (reports/<id>); screens are saved below it in screens/.
  // Empty = do not save screens.
  std::string run_dir;
  // The browser backend: "http" (libcurl, no JavaScript) or "chromium"
  // (headless Chromium, one process per worker). A scenario's own
  // `browser:` header wins over this.
  std::string browser = "http";
  // Survey mode (`proofup manual-check`): walk the flow to its end despite
  // drift. A failed screen expectation or wait is recorded and the walk goes
  // on; a button or link, field, list, option, radio button or checkbox that
  // is gone is replaced by the nearest one of the same kind on the screen
  // (closest text, the failure names both; nearest_target.h); screens the portal shows
  // in another order run the scenario's block for that screen first (a block:
  // an `expect screen` step and the steps up to the next one). Any other
  // failure still ends the scenario. Steps are then reported in the order
  // performed (StepResult::index keeps their place in the file).
  // False: stop at the first failure, as QA needs.
  bool survey = false;
  // Survey mode: an element or screen text still absent once the page has not
  // changed for this long is taken as renamed (the survey goes on with the
  // nearest match) instead of waiting the whole step_timeout. Only pages that
  // change by themselves (Chromium) wait at all; normal runs ignore it.
  std::chrono::milliseconds survey_grace{1'500};
  // Screenshots for a manual (`proofup manual build`): each shot frames the
  // element the next step acts on (its button, link or field; in survey mode
  // the replacement of one that is gone).
  bool outline_next_target = false;
  ScreenshotLayout screenshots;
  // Non-empty: "chromium" is driven through this W3C WebDriver server
  // (chromedriver or a Selenium Grid hub), one session per scenario attempt.
  std::string webdriver;
  // With `webdriver`: while a scenario runs, its worker has the next
  // scenario's session made ahead (BrowserLauncher::PrepareSession). nullopt
  // decides by where the server is: yes for one on another machine, no for
  // one on loopback, whose browser start would compete with the running
  // scenario for this machine's cores (bench/README.md: +1.4..+16 ms per step
  // here). The run's first session is made early either way.
  std::optional<bool> prepare_next_session;
  // From LaunchChromiumEarly (Chromium over the pipe, already starting) or
  // LaunchWebDriverEarly (with `webdriver`: its first session being made):
  // the first worker's "chromium" sessions come from this launcher instead of
  // one of its own. Shared: the caller may keep it to stop it
  // off the run's path.
  std::shared_ptr<browser::BrowserLauncher> early_browser;
  // Set (e.g. from a SIGINT handler) to stop: running steps finish, the rest is "not run".
  const std::atomic<bool>* cancelled = nullptr;
  // Run-level hooks (a target profile's, --before/--after): `before` runs
  // once before the first scenario, and what it prints is a variable of every
  // scenario (a secret unless declared public); if one fails, no scenario runs
  // (each is an error naming the hook). `after` runs at the end, always. Each
  // runs in the folder of the file it is written in (Hook::where; none: the
  // current folder).
  std::vector<scenario::Hook> before;
  std::vector<scenario::Hook> after;
  std::vector<std::string> secrets;  // values masked in every scenario (set by Run from hooks)
};

// Runs `scenarios` in order of the vector (results in the same order, whatever
// the completion order). Users are looked up in `users`. Never fails as a
// whole: a scenario that cannot even start (unknown user, unreachable target)
// is an kError result with the reason.
RunResult Run(const std::vector<scenario::Scenario>& scenarios, const UserDirectory& users,
              const RunOptions& options, RunListener& listener);

// A Chromium launcher whose browser is spawned now and not waited for (proofup
// run: it starts up while mock-idp starts and the scenarios load), trusting
// `ca_file` (empty: none); for RunOptions::early_browser. Never fails: a
// browser that cannot start fails its first session as it would without.
// Call from a thread that outlives the run (the browser is its child).
std::shared_ptr<browser::BrowserLauncher> LaunchChromiumEarly(const std::string& ca_file);

// Whether Run has each worker's next WebDriver session made ahead: never
// without options.webdriver; options.prepare_next_session when set; else only
// for a server whose host is not loopback.
bool PreparesNextSession(const RunOptions& options);

// A WebDriver launcher for `url` whose first session is being made now, on a
// thread (proofup run: while mock-idp starts and the scenarios load), for a
// scenario of `known`'s transport, step timeout and language (the default
// language when it names none). The first scenario whose session asks for
// the same gets it; one asking for something else gets its own and the early
// one is deleted (as is one never used, when the launcher is destroyed).
// Never fails: a refused or unreachable New Session is the error of the
// scenario it serves, as it would have been without. For
// RunOptions::early_browser.
std::shared_ptr<browser::BrowserLauncher> LaunchWebDriverEarly(const std::string& url,
                                                               const RunOptions& known);

// The result of a scenario that never ran: every step "not run", the scenario
// marked `outcome` (kNotRun when cancelled, kError when the target was down)
// with `error` as the reason.
ScenarioResult UnrunResult(const scenario::Scenario& scenario, Outcome outcome,
                           std::string error = "");

// Why `scenario` cannot run against a target offering `options` (a need of
// ScenarioNeeds it does not meet, in plain words), or "" when it can.
std::string MissingNeed(const scenario::Scenario& scenario, const RunOptions& options);

// StepFailureLine (result.h): "scenarios/x.yaml:23 (item 4, manual step 6): <failure>".
std::string FailureLine(const StepResult& step);

}  // namespace proofup::runner

#endif  // PROOFUP_RUNNER_RUNNER_H_
