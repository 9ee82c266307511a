// Test-only: a run that exercises every outcome, a failure with a near-miss
// title, and hostile strings (markup, quotes, control characters, bad UTF-8).
#ifndef PROOFUP_REPORT_TEST_SAMPLE_RUN_H_
#define PROOFUP_REPORT_TEST_SAMPLE_RUN_H_

#include <string>

#include "harness/result/result.h"

namespace proofup::test_sample {

inline constexpr char kHostileName[] =
    "<script>alert(\"x\")</script> & 'co' {{run_id}}\x01\x1b\xff";
inline constexpr char kFailureReason[] =
    "expected screen \"Meer informatie vereist\", got \"Meer informatie nodig\" \u2014 error on "
    "page: \"Uw wachtwoord is onjuist\"";

inline StepResult Step(int index, std::vector<int> manual, std::string action,
                       std::string description, Outcome outcome, double ms) {
  StepResult step;
  step.index = index;
  step.manual_steps = std::move(manual);
  step.action = std::move(action);
  step.description = std::move(description);
  step.outcome = outcome;
  step.duration_ms = ms;
  return step;
}

inline RunResult SampleRun() {
  RunResult run;
  run.run_id = "20261124-181500-ab12";
  run.started_at = "2026-11-24T18:15:00Z";
  run.duration_ms = 4321;
  run.target = "http://127.0.0.1:41234/";
  run.interrupted = false;
  run.secrets_shown = false;

  ScenarioResult happy;
  happy.name = "NL happy path";
  happy.file = "scenarios/enrollment-nl.yaml";
  happy.tags = {"nl", "smoke"};
  happy.manual = "fixtures/manual/ms-authenticator.nl.yaml";
  happy.outcome = Outcome::kPassed;
  happy.attempts = 1;
  happy.duration_ms = 1234.0;
  StepResult open = Step(1, {6}, "goto", "open the portal", Outcome::kPassed, 12.5);
  open.observed_title = "Aanmelden";
  open.observed_heading = "Aanmelden";
  open.screen_file = "screens/s1/step01.html";
  open.requests = {{"GET", "http://127.0.0.1:41234/", 302, 1.25},
                   {"GET", "http://127.0.0.1:41234/login", 200, 2.5}};
  StepResult scan = Step(2, {9, 10}, "phone.scan_qr", "scan the QR code", Outcome::kPassed, 40);
  scan.screen_file = "screens/s1/step 02#qr.html";
  StepResult done = Step(3, {16}, "expect", "expect screen \"Gereed\"", Outcome::kPassed, 3);
  done.expected = "Gereed";
  done.observed_title = "Gereed";
  happy.steps = {open, scan, done};

  ScenarioResult wrong = happy;
  wrong.name = "Wrong title";
  wrong.outcome = Outcome::kFailed;
  wrong.tags = {};
  wrong.duration_ms = 512.25;
  StepResult expect =
      Step(2, {7}, "expect", "expect screen \"Meer informatie vereist\"", Outcome::kFailed, 8);
  expect.expected = "Meer informatie vereist";
  expect.observed_title = "Aanmelden";
  expect.observed_heading = "Meer informatie nodig";
  expect.observed_text = "Meer informatie nodig Uw wachtwoord is onjuist Volgende";
  expect.failure = kFailureReason;
  expect.file = "scenarios/enrollment-nl.yaml";
  expect.line = 12;
  expect.item = 2;
  expect.screen_file = "screens/s2/step02.html";
  wrong.steps = {open, expect, Step(3, {8}, "click", "click \"Volgende\"", Outcome::kNotRun, 0)};

  ScenarioResult flaky;
  flaky.name = "Push approve";
  flaky.file = "scenarios/push.yaml";
  flaky.outcome = Outcome::kFlaky;
  flaky.attempts = 2;
  flaky.duration_ms = 800;
  flaky.steps = {Step(1, {12}, "phone.approve", "approve with the number", Outcome::kPassed, 90)};

  ScenarioResult hostile;
  hostile.name = kHostileName;
  hostile.file = "scenarios/hostile.yaml";
  hostile.outcome = Outcome::kError;
  hostile.attempts = 1;
  hostile.error = "target down: connection refused <b>\x02";
  StepResult evil =
      Step(1, {}, "goto", "open \"<img src=x onerror=alert(1)>\"", Outcome::kPassed, 5);
  evil.observed_title = "<script>alert(\"title\")</script>";
  evil.screen_file = "javascript:alert(1)";
  hostile.steps = {evil};

  ScenarioResult cut;
  cut.name = "Cut off";
  cut.file = "scenarios/hostile.yaml";
  cut.outcome = Outcome::kNotRun;

  run.scenarios = {happy, wrong, flaky, hostile, cut};
  return run;
}

}  // namespace proofup::test_sample

#endif  // PROOFUP_REPORT_TEST_SAMPLE_RUN_H_
