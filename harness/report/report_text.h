// Plain-text pieces shared by the JUnit, JSON and HTML writers, so that a failure
// reads the same in every report.
#ifndef PROOFUP_REPORT_REPORT_TEXT_H_
#define PROOFUP_REPORT_REPORT_TEXT_H_

#include <string>
#include <vector>

#include "harness/result/result.h"

namespace proofup::report_internal {

// "0 ms", "0.42 ms", "3.5 ms", "12 ms", "1.25 s", "2 min 5.0 s".
std::string FormatDuration(double ms);

// "manual 7", "manual 7, 8"; empty when the step names no manual step.
std::string ManualLabel(const std::vector<int>& manual_steps);

// The first step whose outcome is kFailed, or nullptr.
const StepResult* FirstFailedStep(const ScenarioResult& scenario);

// "step 7 (manual 7): <failure>". The runner may already have written the
// "step N" prefix into StepResult::failure; it is then used as is.
std::string StepFailureMessage(const StepResult& step);

// Every reason a scenario did not pass, in the order they happened: each
// failed step's and failed hook's StepFailureMessage, then what the harness
// error adds to them (ErrorBeyondSteps, result.h); the harness error alone
// when no step failed; empty for a scenario without either.
std::vector<std::string> FailureReasons(const ScenarioResult& scenario);

// Why a scenario did not pass, in one line: FailureReasons joined by
// "; also: ", else a generic sentence naming the outcome.
std::string ScenarioFailureMessage(const ScenarioResult& scenario);

// The observed screen as "title — heading" (either part omitted when empty or
// when the heading repeats the title).
std::string ObservedScreen(const StepResult& step);

// One line per step, e.g. "  7. failed   12 ms  (manual 7) click "Volgende"",
// followed by indented expected/observed/failure lines where they apply.
std::string StepListText(const ScenarioResult& scenario);

}  // namespace proofup::report_internal

#endif  // PROOFUP_REPORT_REPORT_TEXT_H_
