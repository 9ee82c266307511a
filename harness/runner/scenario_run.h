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

class ScenarioRun {
 public:
  // `user` may be null when the scenario names no user. All references must
  // outlive the run.
  // Its browser session comes from `launcher` (the worker's).
  ScenarioRun(const scenario::Scenario& scenario, const TestUser* user, const RunOptions& options,
              RunListener& listener, std::string screen_dir, browser::BrowserLauncher& launcher);

  // Performs every step until the first failure; the rest are "not run".
  ScenarioResult Execute();
  // After Execute: the scenario ended in error because its browser session
  // could not be had (refused, a Grid's queue timeout) or was lost midway
  // (crash, session gone): another attempt may pass, unlike other errors.
  bool browser_failed() const { return browser_failed_; }

 private:
  Status Start();
  void RunStep(const scenario::Step& step, StepResult& result);
  Status Perform(const scenario::Action& action, StepResult& result);
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
  Status AutoWait(const std::function<Status()>& attempt, bool (*retry)(const Status&));
  Status WaitFor(const scenario::WaitFor& a, StepResult& result);
  Status Click(const scenario::Click& a);
  Status Capture(const scenario::Capture& a);
  template <typename Fn>
  Status ForEachField(const std::vector<scenario::FieldValue>& fields, Fn fn);

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
  StatusOr<phone::PhoneOptions> PhoneSettings() const;

  // Variables.
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
  size_t current_step_ = 0;  // index of the step being performed
  struct LastShot {
    std::string html;    // the page it shows
    size_t secrets = 0;  // how many secrets were painted over
    std::string file;    // "" before the first
  } last_shot_;
  std::string crash_;  // the browser died: why and during which step ("" if not)
  bool browser_failed_ = false;
  void MaskAndSave(ScenarioResult& result);
};

}  // namespace proofup::runner

#endif  // PROOFUP_RUNNER_SCENARIO_RUN_H_
