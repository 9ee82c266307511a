#include "harness/result/result.h"

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
  }
  ++total;
}

OutcomeCounts CountOutcomes(const std::vector<ScenarioResult>& scenarios) {
  OutcomeCounts counts;
  for (const ScenarioResult& scenario : scenarios) counts.Add(scenario.outcome);
  return counts;
}

}  // namespace proofup
