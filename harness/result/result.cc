#include "harness/result/result.h"

#include <string_view>

namespace proofup {

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPassed:
      return "passed";
    case Outcome::kFailed:
      return "failed";
    case Outcome::kNotRun:
      return "not run";
    case Outcome::kFlaky:
      return "flaky";
    case Outcome::kError:
      return "error";
    case Outcome::kSkipped:
      return "skipped";
  }
  return "unknown";
}

void OutcomeCounts::Add(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPassed:
      ++passed;
      break;
    case Outcome::kFailed:
      ++failed;
      break;
    case Outcome::kFlaky:
      ++flaky;
      break;
    case Outcome::kNotRun:
      ++not_run;
      break;
    case Outcome::kError:
      ++errors;
      break;
    case Outcome::kSkipped:
      ++skipped;
      break;
  }
  ++total;
}

OutcomeCounts CountOutcomes(const std::vector<ScenarioResult>& scenarios) {
  OutcomeCounts counts;
  for (const ScenarioResult& scenario : scenarios) counts.Add(scenario.outcome);
  return counts;
}

std::string StepLocation(const StepResult& step) {
  std::string where = step.file.empty() || step.line <= 0
                          ? "step " + std::to_string(step.index)
                          : step.file + ":" + std::to_string(step.line);
  std::string detail;
  if (!step.file.empty() && step.item > 0) detail = "item " + std::to_string(step.item);
  for (size_t i = 0; i < step.manual_steps.size(); ++i)
    detail += (i                ? ", "
               : detail.empty() ? "manual step "
                                : ", manual step ") +
              std::to_string(step.manual_steps[i]);
  if (!step.included_from.empty())
    detail += (detail.empty() ? "included from " : ", included from ") + step.included_from;
  return detail.empty() ? where : where + " (" + detail + ")";
}

std::string StepFailureLine(const StepResult& step) {
  return StepLocation(step) + ": " + (step.failure.empty() ? "failed" : step.failure);
}

std::string ErrorBeyondSteps(const ScenarioResult& scenario) {
  constexpr std::string_view kAlso = "; also: ";
  std::string beyond;
  const std::string& error = scenario.error;
  for (size_t start = 0; start <= error.size();) {
    size_t end = error.find(kAlso, start);
    if (end == std::string::npos) end = error.size();
    const std::string_view part = std::string_view(error).substr(start, end - start);
    start = end + kAlso.size();
    // A step's failure as it is, or after a lead-in ("the steps passed, but ...").
    bool a_steps = false;
    for (const StepResult& step : scenario.steps)
      a_steps = a_steps || (step.outcome == Outcome::kFailed && !step.failure.empty() &&
                            part.ends_with(step.failure));
    if (a_steps || part.empty()) continue;
    if (!beyond.empty()) beyond += kAlso;
    beyond += part;
  }
  return beyond;
}

}  // namespace proofup
