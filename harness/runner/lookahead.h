// Internal to the runner: asks for the next scenario's browser session once
// the current scenario's first step is done (BrowserLauncher::PrepareSession;
// the WebDriver launcher's one-deep pool), as the pipe backend prepares its
// next context once a session's first page loaded. Not at the session's start:
// a browser starting then (~0.3-0.7 s of CPU here) slowed this scenario's
// first page 2-3x on a 2-core machine (bench/README.md).
#ifndef PROOFUP_RUNNER_LOOKAHEAD_H_
#define PROOFUP_RUNNER_LOOKAHEAD_H_

#include <functional>
#include <string>
#include <utility>

#include "harness/runner/runner.h"

namespace proofup::runner {

// Forwards everything to `inner`; calls `then` once, after the first step
// (passed or failed). References must outlive it.
class PrepareAfterFirstStep : public RunListener {
 public:
  PrepareAfterFirstStep(RunListener& inner, std::function<void()> then)
      : inner_(inner), then_(std::move(then)) {}
  void OnScenarioStart(const scenario::Scenario& scenario, int attempt) override {
    inner_.OnScenarioStart(scenario, attempt);
  }
  void OnStepDone(const scenario::Scenario& scenario, const StepResult& step,
                  size_t total) override {
    inner_.OnStepDone(scenario, step, total);
    if (then_) std::exchange(then_, nullptr)();
  }
  void OnScenarioDone(const ScenarioResult& result) override { inner_.OnScenarioDone(result); }
  void OnNotice(const std::string& line) override { inner_.OnNotice(line); }

 private:
  RunListener& inner_;
  std::function<void()> then_;
};

}  // namespace proofup::runner

#endif  // PROOFUP_RUNNER_LOOKAHEAD_H_
