#include "harness/cli/console_listener.h"

#include <cstdio>

#include "harness/base/counted.h"

namespace proofup::cli {
namespace {

std::string Seconds(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f s", ms / 1000.0);
  return buf;
}

// A line under the PASS/FAIL line; the lines of a multi-line message (a
// hook's stderr) are indented the same, so they stay visibly under it.
void PrintIndented(std::ostream& out, const std::string& text) {
  constexpr const char* kIndent = "         ";
  out << kIndent;
  for (char c : text) {
    out << c;
    if (c == '\n') out << kIndent;
  }
  out << "\n";
}

// What the scenario's error adds to its failed steps' lines. A browser crash
// and a failed hook are both a failed step's failure and the scenario's error
// (ScenarioRun): printed once, on the step's line with its file:line.
std::string ErrorLine(const ScenarioResult& result) {
  std::string beyond = ErrorBeyondSteps(result);
  if (beyond.empty() || beyond == result.error) return beyond;
  return "also: " + beyond;
}

}  // namespace

const char* OutcomeLabel(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPassed:
      return "PASS ";
    case Outcome::kFailed:
      return "FAIL ";
    case Outcome::kFlaky:
      return "FLAKY";
    case Outcome::kNotRun:
    case Outcome::kSkipped:
      return "SKIP ";
    case Outcome::kError:
      return "ERROR";
  }
  return "?    ";
}

void ConsoleListener::ClearLiveLine() {
  if (!live_line_shown_) return;
  out_ << "\r\033[K";
  live_line_shown_ = false;
}

void ConsoleListener::OnScenarioStart(const scenario::Scenario& scenario, int attempt) {
  if (attempt <= 1) return;
  std::lock_guard<std::mutex> lock(mu_);
  ClearLiveLine();
  out_ << "  retry " << attempt << ": " << scenario.name << "\n" << std::flush;
}

void ConsoleListener::OnStepDone(const scenario::Scenario& scenario, const StepResult& step,
                                 size_t total) {
  if (!options_.live) return;
  std::lock_guard<std::mutex> lock(mu_);
  out_ << "\r\033[K  [" << step.index << "/" << total << "] " << scenario.name << std::flush;
  live_line_shown_ = true;
}

void ConsoleListener::OnNotice(const std::string& line) {
  std::lock_guard<std::mutex> lock(mu_);
  ClearLiveLine();
  out_ << "  note: " << line << "\n";
}

void ConsoleListener::OnScenarioDone(const ScenarioResult& result) {
  std::lock_guard<std::mutex> lock(mu_);
  ClearLiveLine();
  size_t ran = 0;
  for (const auto& s : result.steps)
    if (s.outcome != Outcome::kNotRun) ++ran;
  const char* color = !options_.color                      ? ""
                      : result.outcome == Outcome::kPassed ? "\033[32m"
                      : result.outcome == Outcome::kFlaky  ? "\033[33m"
                      : result.outcome == Outcome::kNotRun || result.outcome == Outcome::kSkipped
                          ? "\033[2m"
                          : "\033[1;31m";
  out_ << "  " << color << OutcomeLabel(result.outcome) << (*color ? "\033[0m" : "") << " "
       << result.name << "  " << result.file << "  (" << ran << "/" << result.steps.size() << " "
       << NounFor(static_cast<long long>(result.steps.size()), "step") << ", "
       << Seconds(result.duration_ms) << ")\n";
  for (const auto& s : result.steps)
    if (s.outcome == Outcome::kFailed) PrintIndented(out_, runner::FailureLine(s));
  if (result.outcome == Outcome::kError)
    if (std::string error = ErrorLine(result); !error.empty()) PrintIndented(out_, error);
  if (result.outcome == Outcome::kSkipped)
    out_ << "         skipped: " << result.skip_reason << "\n";
  out_ << std::flush;
  if (result.outcome == Outcome::kFailed || result.outcome == Outcome::kError) ++failures_;
  if (options_.max_failures > 0 && failures_ >= options_.max_failures && options_.stop &&
      !stopped_early_) {
    stopped_early_ = true;
    *options_.stop = true;
  }
}

std::string SummaryLine(const RunResult& run) {
  const OutcomeCounts c = CountOutcomes(run.scenarios);
  return Counted(c.total, "scenario") + ": " + std::to_string(c.passed) + " passed, " +
         std::to_string(c.failed + c.errors) + " failed, " + std::to_string(c.flaky) + " flaky, " +
         std::to_string(c.not_run) + " not run" +
         (c.skipped > 0 ? ", " + std::to_string(c.skipped) + " skipped" : "") + " (" +
         Seconds(run.duration_ms) + ")" + (run.interrupted ? " — interrupted" : "");
}

}  // namespace proofup::cli
