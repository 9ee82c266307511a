// Progress on the console: one line per scenario as it finishes; on a TTY also
// a live step counter that is overwritten in place. Thread-safe (workers call it).
#ifndef PROOFUP_CLI_CONSOLE_LISTENER_H_
#define PROOFUP_CLI_CONSOLE_LISTENER_H_

#include <atomic>
#include <mutex>
#include <ostream>

#include "harness/runner/runner.h"

namespace proofup::cli {

struct ConsoleOptions {
  bool live = false;     // draw the step counter (only when the stream is a terminal)
  bool color = false;    // colour the PASS/FAIL labels (a terminal, no NO_COLOR, no --no-color)
  int max_failures = 0;  // > 0: set *stop after this many failed scenarios
  std::atomic<bool>* stop = nullptr;  // the run's cancel flag; not owned
};

class ConsoleListener : public runner::RunListener {
 public:
  ConsoleListener(std::ostream& out, ConsoleOptions options) : out_(out), options_(options) {}

  // True once --max-failures stopped the run.
  bool stopped_early() const { return stopped_early_; }

  void OnScenarioStart(const scenario::Scenario& scenario, int attempt) override;
  void OnStepDone(const scenario::Scenario& scenario, const StepResult& step,
                  size_t total) override;
  void OnScenarioDone(const ScenarioResult& result) override;
  void OnNotice(const std::string& line) override;

 private:
  void ClearLiveLine();
  std::mutex mu_;
  std::ostream& out_;
  ConsoleOptions options_;
  bool live_line_shown_ = false;
  int failures_ = 0;
  std::atomic<bool> stopped_early_{false};
};

// "PASS", "FAIL", "FLAKY", "SKIP" (not run), "ERROR".
const char* OutcomeLabel(Outcome outcome);

// The closing summary, e.g. "3 scenarios: 2 passed, 1 failed, 0 flaky, 0 not run (1.24 s)".
std::string SummaryLine(const RunResult& run);

}  // namespace proofup::cli

#endif  // PROOFUP_CLI_CONSOLE_LISTENER_H_
