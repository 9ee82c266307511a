// The console's lines for a finished scenario: each reason once, with file:line.
#include "harness/cli/console_listener.h"

#include <gtest/gtest.h>

#include <sstream>

namespace proofup::cli {
namespace {

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

StepResult Step(int index, Outcome outcome, std::string failure = "") {
  StepResult step;
  step.index = index;
  step.file = "scenarios/x.yaml";
  step.line = 10 + index;
  step.item = index;
  step.action = "expect";
  step.outcome = outcome;
  step.failure = std::move(failure);
  return step;
}

// A scenario as ScenarioRun leaves it after Chromium died during step 2: the
// crash is the step's failure and the scenario's error.
ScenarioResult Crashed(std::string error_suffix = "") {
  const std::string crash = "Chromium exited (signal 9) during step 2";
  ScenarioResult result;
  result.name = "browser dies";
  result.file = "scenarios/x.yaml";
  result.outcome = Outcome::kError;
  result.steps = {Step(1, Outcome::kPassed), Step(2, Outcome::kFailed, crash),
                  Step(3, Outcome::kNotRun)};
  result.error = crash + error_suffix;
  return result;
}

std::string Printed(const ScenarioResult& result) {
  std::ostringstream out;
  ConsoleListener listener(out, {});
  listener.OnScenarioDone(result);
  return out.str();
}

TEST(ConsoleListener, ABrowserCrashIsPrintedOnceOnTheStepsLine) {
  const std::string out = Printed(Crashed());
  EXPECT_EQ(Count(out, "Chromium exited (signal 9) during step 2"), 1u) << out;
  EXPECT_NE(out.find("         scenarios/x.yaml:12 (item 2): Chromium exited (signal 9) during "
                     "step 2\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("ERROR browser dies"), std::string::npos);
}

TEST(ConsoleListener, WhatAnAfterHookAddsToACrashIsStillPrinted) {
  const std::string out = Printed(Crashed("; also: after hook `./clean.sh` failed"));
  EXPECT_EQ(Count(out, "Chromium exited"), 1u) << out;
  EXPECT_NE(out.find("\n         also: after hook `./clean.sh` failed\n"), std::string::npos)
      << out;
}

TEST(ConsoleListener, AnErrorWithoutAFailedStepIsPrintedAsItIs) {
  ScenarioResult result = Crashed();
  result.steps.clear();
  result.error = "the browser could not start: chromium not found";
  const std::string out = Printed(result);
  EXPECT_NE(out.find("\n         the browser could not start: chromium not found\n"),
            std::string::npos)
      << out;
}

TEST(ConsoleListener, AMultiLineFailureKeepsItsLinesIndentedUnderTheScenario) {
  ScenarioResult result = Crashed();
  const std::string hook =
      "before hook `./reset.sh` failed with exit status 3; its stderr ends with:\n  HTTP 500";
  result.steps[1].failure = hook;
  result.error = hook;
  const std::string out = Printed(result);
  EXPECT_EQ(Count(out, "HTTP 500"), 1u) << out;
  EXPECT_NE(out.find("its stderr ends with:\n           HTTP 500\n"), std::string::npos) << out;
}

// A failed step and the after hook that failed after it: both on lines of
// their own, once, although the hook's failure is the scenario's error too.
TEST(ConsoleListener, AFailedStepAndAFailedAfterHookArePrintedOnceEach) {
  ScenarioResult result = Crashed();
  result.outcome = Outcome::kFailed;
  result.steps[1].failure = "expected screen \"A\", got \"B\"";
  result.steps.push_back(Step(4, Outcome::kFailed, "after hook `./clean.sh` failed"));
  result.error = "after hook `./clean.sh` failed";
  const std::string out = Printed(result);
  EXPECT_EQ(Count(out, "after hook `./clean.sh` failed"), 1u) << out;
  EXPECT_NE(out.find("scenarios/x.yaml:12 (item 2): expected screen"), std::string::npos) << out;
  EXPECT_NE(out.find("scenarios/x.yaml:14 (item 4): after hook"), std::string::npos) << out;
}

TEST(ConsoleListener, CountsAreSingularForOne) {
  ScenarioResult one;
  one.name = "one step";
  one.file = "scenarios/one.yaml";
  one.outcome = Outcome::kPassed;
  one.steps = {Step(1, Outcome::kPassed)};
  EXPECT_NE(Printed(one).find("(1/1 step, "), std::string::npos) << Printed(one);
  RunResult run;
  run.scenarios = {one};
  EXPECT_EQ(SummaryLine(run).rfind("1 scenario: 1 passed, 0 failed, 0 flaky, 0 not run (", 0), 0u)
      << SummaryLine(run);
  run.scenarios.push_back(one);
  run.scenarios.back().steps.push_back(one.steps.front());
  EXPECT_EQ(SummaryLine(run).rfind("2 scenarios: 2 passed, ", 0), 0u) << SummaryLine(run);
  EXPECT_NE(Printed(run.scenarios.back()).find("(2/2 steps, "), std::string::npos);
}

}  // namespace
}  // namespace proofup::cli
