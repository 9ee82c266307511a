// Progress on the console: one line per scenario as it finishes; on a TTY also
// a live step counter that is overwritten in place. Thread-safe (workers call it).
#ifndef PROOFUP_CLI_CONSOLE_LISTENER_H_
#define PROOFUP_CLI_CONSOLE_LISTENER_H_

#include <mutex>
#include <ostream>

#include "harness/runner/runner.h"

namespace proofup::cli {

class ConsoleListener : public runner::RunListener {
 public:
  // `live`: draw the step counter (only when `out` is a terminal).
  ConsoleListener(std::ostream& out, bool live) : out_(out), live_(live) {}

  void OnScenarioStart(const scenario::Scenario& scenario, int attempt) override;
  void OnStepDone(const scenario::Scenario& scenario, const StepResult& step,
                  size_t total) override;
  void OnScenarioDone(const ScenarioResult& result) override;
  void OnNotice(const std::string& line) override;

 private:
  void ClearLiveLine();
  std::mutex mu_;
  std::ostream& out_;
  bool live_;
  bool live_line_shown_ = false;
};

// "PASS", "FAIL", "FLAKY", "SKIP" (not run), "ERROR".
const char* OutcomeLabel(Outcome outcome);

// The closing summary, e.g. "3 scenarios: 2 passed, 1 failed, 0 flaky, 0 not run (1.24 s)".
std::string SummaryLine(const RunResult& run);

}  // namespace proofup::cli

#endif  // PROOFUP_CLI_CONSOLE_LISTENER_H_
