// One attempt at one scenario: its own browser session, phone, variables and
// secret mask. Internal to the runner (runner.cc schedules these).
#ifndef PROOFUP_RUNNER_SCENARIO_RUN_H_
#define PROOFUP_RUNNER_SCENARIO_RUN_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "harness/browser/browser.h"
#include "harness/phone/phone.h"
#include "harness/runner/control_client.h"
#include "harness/runner/nearest_target.h"
#include "harness/runner/runner.h"
#include "harness/runner/screen_archive.h"
#include "harness/runner/secret_mask.h"

namespace proofup::runner {

// The phone's clock: real time plus a skew a scenario can change mid-run
// ("the phone's clock is 90 s off").
class SkewedClock : public phone::Clock {
 public:
  int64_t NowUnixSeconds() override { return real_.NowUnixSeconds() + skew_seconds_; }
  int64_t MonotonicMillis() override { return real_.MonotonicMillis(); }
  void Pause(std::chrono::milliseconds d) override { real_.Pause(d); }
  void set_skew(int64_t seconds) { skew_seconds_ = seconds; }

 private:
  phone::SystemClock real_;
  int64_t skew_seconds_ = 0;
};

// What the browser session of `scenario` (run as `user`, may be null) asks
// for: the run's transport settings, the step timeout, the language.
browser::SessionOptions SessionOptionsFor(const scenario::Scenario& scenario, const TestUser* user,
                                          const RunOptions& options);

class ScenarioRun {
 public:
  // `user` may be null when the scenario names no user. All references must
  // outlive the run.
  // Its browser session comes from `launcher` (the worker's).
  ScenarioRun(const scenario::Scenario& scenario, const TestUser* user, const RunOptions& options,
              RunListener& listener, std::string screen_dir, browser::BrowserLauncher& launcher);

  // Performs every step until the first failure; the rest are "not run".
  // In survey mode (RunOptions::survey) goes on past drift (survey.cc).
  ScenarioResult Execute();
  // After Execute: the scenario ended in error because its browser session
  // could not be had (refused, a Grid's queue timeout) or was lost midway
  // (crash, session gone): another attempt may pass, unlike other errors.
  bool browser_failed() const { return browser_failed_; }

 private:
  Status Start();  // scenario_start.cc
  // Runs `hooks` into result.steps[first...] (run_hooks.cc): before hooks stop
  // at the first failure, after hooks all run. `outcome` is the steps' end
  // for after hooks (PROOFUP_OUTCOME). The first failure is returned.
  Status RunHooks(const std::vector<scenario::Hook>& hooks, const char* when,
                  ScenarioResult& result, size_t first, const std::string& outcome);
  // The steps in file order until the first failure; true when one failed.
  bool RunInOrder(ScenarioResult& result);
  // Survey mode (survey.cc): the screen blocks in the order the portal shows
  // them, past drift; sets performed_. True when a step failed.
  bool RunSurvey(ScenarioResult& result);
  bool ShowsScreenOf(size_t step);
  // Acts on the element of a step: (its name, the value to fill or select).
  using TargetAction = std::function<Status(const std::string&, const std::string&)>;
  // Survey mode, after `failure` of acting on `name` (of `kind`): when the
  // element is gone (kNotFound, kTimeout), acts on the nearest one of the
  // same kind instead (nearest_target.h; `taken`: names no replacement may
  // have), for a list also on its nearest option, and returns the drift naming
  // both. Error: `failure` itself when it is not "gone"; else kNotFound or
  // kFailedPrecondition saying that no element is plausible or the nearest
  // failed too, ending in "the survey stops here".
  StatusOr<std::string> SurveyReplace(TargetKind kind, const std::string& name,
                                      const std::string& value,
                                      const std::vector<std::string>& taken, const Status& failure,
                                      const TargetAction& act);
  // `status` unless survey mode can go on past it (SurveyReplace): then sets
  // went_on_ and returns the drift as kNotFound, so the step is reported failed.
  Status Surveyed(TargetKind kind, const std::string& name, const std::string& value,
                  const Status& status, const TargetAction& act);
  // Survey: result.steps in the order performed (performed_), the rest after.
  void ReportInOrderPerformed(ScenarioResult& result) const;
  // The text of what the step after the current one clicks, fills, selects,
  // chooses or checks (survey.cc); in survey mode the replacement the survey
  // will use when it is gone from the screen; "" when it acts on nothing.
  std::string NextTarget() const;
  void RunStep(const scenario::Step& step, StepResult& result);
  Status Perform(const scenario::Action& action, StepResult& result);
  // Records the page after a step in `result`, queues its offline screen and
  // takes its screenshot (scenario_screens.cc).
  void Observe(StepResult& result);

  // Browser actions (scenario_run.cc).
  Status Open(const scenario::Open& a);
  Status Expect(const scenario::ScreenExpectation& e, StepResult& result);
  // One look at the page against `e` (Expect retries it; WaitFor polls it).
  Status CheckOnce(const scenario::ScreenExpectation& e, StepResult& result);
  // Runs `attempt` until it succeeds, fails in a way waiting cannot mend
  // (`retry` says no), or the step timeout passes; between attempts the
  // browser waits for its page to change (Browser::AwaitChange), like
  // Playwright's web-first assertions. A page that cannot change by itself
  // (http backend) is tried once, so its behaviour is what it always was.
  // `replaceable` (kReplaceable): in survey mode the wait ends sooner, once
  // the page has not changed for RunOptions::survey_grace (the survey then
  // replaces what is gone); a normal run always waits the full step timeout.
  static constexpr bool kReplaceable = true;
  Status AutoWait(const std::function<Status()>& attempt, bool (*retry)(const Status&),
                  bool replaceable = false);
  std::string PageState() const;
  Status WaitFor(const scenario::WaitFor& a, StepResult& result);
  Status Click(const scenario::Click& a);
  Status Capture(const scenario::Capture& a);
  // `act` on each field of a fill or select step, each with auto-wait; in
  // survey mode a gone field is replaced (SurveyReplace) and the step goes on.
  Status ForEachField(const std::vector<scenario::FieldValue>& fields, TargetKind kind,
                      const TargetAction& act);

  // Phone and control actions (phone_actions.cc).
  Status ScanQr(const scenario::ScanQr& a, StepResult& result);
  Status EnterCodeManually();
  Status AnswerPush(const scenario::AnswerPush& a, StepResult& result);
  Status ReadTotp(const scenario::ReadTotp& a);
  Status AddAccount(const scenario::AddAccount& a);
  // The scenario's user name: what a typed secret's account is called by default.
  std::string UserName() const;
  Status ReadSms(const scenario::ReadSms& a);
  Status Control(const scenario::Action& a);
  void LearnPhoneSecrets();
  // What the phone shows after a successful phone step (StepResult::phone).
  void RecordPhoneScreen(const scenario::Action& action, StepResult& result) const;
  StatusOr<phone::PhoneOptions> PhoneSettings() const;

  // `request:` steps (request_step.cc).
  Status Request(const scenario::HttpRequest& a, StepResult& result);
  StatusOr<http::Request> BuildRequest(const scenario::HttpRequest& a) const;
  // The step with ${...} replaced in its expected header and body values.
  StatusOr<scenario::HttpRequest> ExpandChecks(const scenario::HttpRequest& a) const;

  // Variables (scenario_variables.cc).
  StatusOr<std::string> Expand(const std::string& text) const;
  std::optional<std::string> Lookup(std::string_view name) const;
  void SetVariable(const std::string& name, const std::string& value, bool secret);
  Status NeedPage() const;

  browser::BrowserLauncher& launcher_;
  const scenario::Scenario& scenario_;
  const TestUser* user_;
  const RunOptions& options_;
  RunListener& listener_;
  std::unique_ptr<browser::Browser> browser_;
  std::unique_ptr<phone::VirtualPhone> phone_;
  std::unique_ptr<ControlClient> control_;
  http::TransportOptions transport_options_;  // the browser's: TLS, timeouts, size limit
  SkewedClock phone_clock_;
  std::map<std::string, std::string> vars_;
  SecretMask mask_;
  ScreenArchive archive_;
  // Screens of this scenario, offline but not yet masked: they are written
  // only when the scenario ends, with the mask of every secret learned by
  // then (a code shown at step 5 may be learned by the phone at step 7).
  struct PendingScreen {
    size_t step;  // index into the ScenarioResult's steps
    std::string html;
  };
  std::vector<PendingScreen> pending_screens_;
  size_t current_step_ = 0;        // index of the step being performed
  size_t first_step_ = 0;          // result.steps index of the first step (after before hooks)
  std::vector<size_t> performed_;  // survey: result.steps indexes in the order performed
  bool went_on_ = false;           // survey: the step failed but acted on a replacement
  std::string crash_;              // the browser died: why and during which step ("" if not)
  bool browser_failed_ = false;
  // Masks every step's texts with all secrets learned, then writes the
  // queued screens (scenario_screens.cc).
  void MaskAndSave(ScenarioResult& result);
};

}  // namespace proofup::runner

#endif  // PROOFUP_RUNNER_SCENARIO_RUN_H_
