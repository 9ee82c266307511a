// What the runner's scenario error adds to the failed steps' own failures.
#include "harness/result/result.h"

#include <gtest/gtest.h>

namespace proofup {
namespace {

StepResult Failed(int index, std::string failure) {
  StepResult step;
  step.index = index;
  step.outcome = Outcome::kFailed;
  step.failure = std::move(failure);
  return step;
}

TEST(ErrorBeyondSteps, PartsThatAreAStepsFailureAreLeftOut) {
  ScenarioResult s;
  s.steps = {Failed(2, "Chromium exited during step 2"), Failed(5, "after hook `x` failed")};
  s.error = "Chromium exited during step 2; also: after hook `x` failed";
  EXPECT_EQ(ErrorBeyondSteps(s), "");
  // After a lead-in, as the runner writes an after hook failing a passed scenario.
  s.error = "the steps passed, but after hook `x` failed";
  EXPECT_EQ(ErrorBeyondSteps(s), "");
}

TEST(ErrorBeyondSteps, WhatNoStepSaysIsKeptInOrder) {
  ScenarioResult s;
  s.steps = {Failed(2, "Chromium exited during step 2")};
  s.error = "Chromium exited during step 2; also: after hook `a` failed; also: b";
  EXPECT_EQ(ErrorBeyondSteps(s), "after hook `a` failed; also: b");
  // A step that passed or failed without a reason takes nothing away.
  s.steps = {Failed(1, "")};
  s.steps.push_back(s.steps.front());
  s.steps.back().outcome = Outcome::kPassed;
  s.steps.back().failure = "b";
  EXPECT_EQ(ErrorBeyondSteps(s), s.error);
  s.steps.clear();
  s.error = "the browser could not start";
  EXPECT_EQ(ErrorBeyondSteps(s), "the browser could not start");
}

}  // namespace
}  // namespace proofup
