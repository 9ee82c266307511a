#include "harness/report/report_text.h"

#include <cstdio>

namespace proofup::report_internal {

std::string FormatDuration(double ms) {
  char buffer[64];
  if (ms < 0) ms = 0;
  if (ms == 0) {
    return "0 ms";
  } else if (ms < 1) {
    std::snprintf(buffer, sizeof buffer, "%.2f ms", ms);
  } else if (ms < 10) {
    std::snprintf(buffer, sizeof buffer, "%.1f ms", ms);
  } else if (ms < 1000) {
    std::snprintf(buffer, sizeof buffer, "%.0f ms", ms);
  } else if (ms < 60'000) {
    std::snprintf(buffer, sizeof buffer, "%.2f s", ms / 1000);
  } else {
    std::snprintf(buffer, sizeof buffer, "%d min %.1f s", static_cast<int>(ms / 60'000),
                  (ms - 60'000.0 * static_cast<int>(ms / 60'000)) / 1000);
  }
  return buffer;
}

std::string ManualLabel(const std::vector<int>& manual_steps) {
  std::string label;
  for (int number : manual_steps) {
    label += label.empty() ? "manual " : ", ";
    label += std::to_string(number);
  }
  return label;
}

const StepResult* FirstFailedStep(const ScenarioResult& scenario) {
  for (const StepResult& step : scenario.steps) {
    if (step.outcome == Outcome::kFailed) return &step;
  }
  return nullptr;
}

std::string StepFailureMessage(const StepResult& step) {
  std::string reason = step.failure.empty() ? "failed" : step.failure;
  if (reason.rfind("step ", 0) == 0) return reason;
  return StepFailureLine(step);
}

std::vector<std::string> FailureReasons(const ScenarioResult& scenario) {
  std::vector<std::string> reasons;
  for (const StepResult& step : scenario.steps)
    if (step.outcome == Outcome::kFailed) reasons.push_back(StepFailureMessage(step));
  if (std::string beyond = ErrorBeyondSteps(scenario); !beyond.empty())
    reasons.push_back(std::move(beyond));
  return reasons;
}

std::string ScenarioFailureMessage(const ScenarioResult& scenario) {
  std::string message;
  for (const std::string& reason : FailureReasons(scenario))
    message += (message.empty() ? "" : "; also: ") + reason;
  return message.empty() ? std::string("scenario ") + OutcomeName(scenario.outcome) : message;
}

std::string ObservedScreen(const StepResult& step) {
  if (step.observed_heading.empty() || step.observed_heading == step.observed_title) {
    return step.observed_title;
  }
  if (step.observed_title.empty()) return step.observed_heading;
  return step.observed_title + " \u2014 " + step.observed_heading;
}

std::string StepListText(const ScenarioResult& scenario) {
  std::string text;
  for (const StepResult& step : scenario.steps) {
    char head[96];
    std::snprintf(head, sizeof head, "%3d. %-8s %10s  ", step.index, OutcomeName(step.outcome),
                  step.outcome == Outcome::kNotRun ? "" : FormatDuration(step.duration_ms).c_str());
    text += head;
    if (!step.manual_steps.empty()) text += "(" + ManualLabel(step.manual_steps) + ") ";
    text += step.description.empty() ? step.action : step.description;
    text += '\n';
    if (step.outcome == Outcome::kNotRun) continue;
    if (!step.expected.empty()) text += "       expected: " + step.expected + '\n';
    std::string observed = ObservedScreen(step);
    if (!observed.empty()) text += "       observed: " + observed + '\n';
    if (!step.failure.empty()) text += "       failure:  " + step.failure + '\n';
  }
  return text;
}

}  // namespace proofup::report_internal
