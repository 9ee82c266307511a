#include <gtest/gtest.h>

#include <fstream>

#include "harness/report/report.h"
#include "harness/report/test_sample_run.h"
#include "harness/report/test_tool.h"

namespace proofup {
namespace {

using test_tool::ReadFile;
using test_tool::TempDir;

// Field-by-field comparison, so a field the writer forgets fails by name.
void ExpectSameStep(const StepResult& a, const StepResult& b) {
  EXPECT_EQ(a.index, b.index);
  EXPECT_EQ(a.manual_steps, b.manual_steps);
  EXPECT_EQ(a.action, b.action);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.outcome, b.outcome);
  EXPECT_EQ(a.duration_ms, b.duration_ms);
  EXPECT_EQ(a.expected, b.expected);
  EXPECT_EQ(a.observed_title, b.observed_title);
  EXPECT_EQ(a.observed_heading, b.observed_heading);
  EXPECT_EQ(a.observed_text, b.observed_text);
  EXPECT_EQ(a.failure, b.failure);
  EXPECT_EQ(a.screen_file, b.screen_file);
  EXPECT_EQ(a.screenshot_file, b.screenshot_file);
  EXPECT_EQ(a.console, b.console);
  EXPECT_EQ(a.file, b.file);
  EXPECT_EQ(a.line, b.line);
  EXPECT_EQ(a.item, b.item);
  EXPECT_EQ(a.included_from, b.included_from);
  ASSERT_EQ(a.requests.size(), b.requests.size());
  for (size_t i = 0; i < a.requests.size(); ++i) {
    EXPECT_EQ(a.requests[i].method, b.requests[i].method);
    EXPECT_EQ(a.requests[i].url, b.requests[i].url);
    EXPECT_EQ(a.requests[i].status, b.requests[i].status);
    EXPECT_EQ(a.requests[i].elapsed_ms, b.requests[i].elapsed_ms);
  }
}

void ExpectSameRun(const RunResult& a, const RunResult& b) {
  EXPECT_EQ(a.run_id, b.run_id);
  EXPECT_EQ(a.started_at, b.started_at);
  EXPECT_EQ(a.duration_ms, b.duration_ms);
  EXPECT_EQ(a.target, b.target);
  EXPECT_EQ(a.browser, b.browser);
  EXPECT_EQ(a.interrupted, b.interrupted);
  EXPECT_EQ(a.secrets_shown, b.secrets_shown);
  ASSERT_EQ(a.scenarios.size(), b.scenarios.size());
  for (size_t i = 0; i < a.scenarios.size(); ++i) {
    SCOPED_TRACE("scenario " + std::to_string(i));
    const ScenarioResult& x = a.scenarios[i];
    const ScenarioResult& y = b.scenarios[i];
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.file, y.file);
    EXPECT_EQ(x.tags, y.tags);
    EXPECT_EQ(x.manual, y.manual);
    EXPECT_EQ(x.outcome, y.outcome);
    EXPECT_EQ(x.attempts, y.attempts);
    EXPECT_EQ(x.duration_ms, y.duration_ms);
    EXPECT_EQ(x.error, y.error);
    EXPECT_EQ(x.skip_reason, y.skip_reason);
    ASSERT_EQ(x.steps.size(), y.steps.size());
    for (size_t k = 0; k < x.steps.size(); ++k) {
      SCOPED_TRACE("step " + std::to_string(k));
      ExpectSameStep(x.steps[k], y.steps[k]);
    }
  }
}

// The sample without the invalid UTF-8 byte, which cannot survive as itself.
RunResult Utf8SampleRun() {
  RunResult run = test_sample::SampleRun();
  run.scenarios[3].name = "<script>alert(\"x\")</script> & 'co' \x01\x1b";
  run.interrupted = true;
  run.secrets_shown = true;
  run.scenarios[0].steps[0].duration_ms = 0.1 + 0.2;  // not exactly representable
  // Fields `proofup merge-reports` needs back: a Chromium run's screenshots and console.
  run.browser = "chromium";
  run.scenarios[0].steps[0].screenshot_file = "screens/01-a/step-01.png";
  run.scenarios[0].steps[0].console = {"console: boom", "request: GET /x 404"};
  run.scenarios[0].steps[0].included_from = "scenarios/x.yaml:14";
  run.scenarios[1].outcome = Outcome::kSkipped;
  run.scenarios[1].skip_reason = "the target has no control API";
  return run;
}

TEST(JsonReport, RoundTripKeepsEveryField) {
  TempDir dir("json");
  const std::string path = dir.path() + "/report.json";
  RunResult run = Utf8SampleRun();
  ASSERT_TRUE(WriteJsonReport(run, path).ok());
  StatusOr<RunResult> back = ReadJsonReport(path);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ExpectSameRun(run, *back);
}

TEST(JsonReport, WritesOutcomeNamesASummaryAndTheFailureMessage) {
  TempDir dir("json");
  const std::string path = dir.path() + "/report.json";
  ASSERT_TRUE(WriteJsonReport(test_sample::SampleRun(), path).ok());
  std::string text = ReadFile(path);
  EXPECT_NE(text.find("\"outcome\": \"not run\""), std::string::npos);
  EXPECT_NE(
      text.find(
          "\"summary\": {\n    \"errors\": 1,\n    \"failed\": 1,\n    \"flaky\": 1,\n"
          "    \"not_run\": 1,\n    \"passed\": 1,\n    \"skipped\": 0,\n    \"total\": 5\n  }"),
      std::string::npos)
      << text.substr(0, 600);
  EXPECT_NE(text.find("\"failure_message\": \"scenarios/enrollment-nl.yaml:12 (item 2, manual step "
                      "7): expected screen"),
            std::string::npos);
}

TEST(JsonReport, InvalidUtf8IsReplacedAndTheFileStillReadsBack) {
  TempDir dir("json");
  const std::string path = dir.path() + "/report.json";
  ASSERT_TRUE(WriteJsonReport(test_sample::SampleRun(), path).ok());
  StatusOr<RunResult> back = ReadJsonReport(path);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(
      back->scenarios[3].name,
      std::string("<script>alert(\"x\")</script> & 'co' {{run_id}}\x01\x1b") + "\xEF\xBF\xBD");
}

TEST(JsonReport, MissingKeysTakeDefaults) {
  TempDir dir("json");
  const std::string path = dir.path() + "/old.json";
  std::ofstream(path) << R"({"run_id": "r1", "scenarios": [{"name": "n", "steps": [{}]}]})";
  StatusOr<RunResult> back = ReadJsonReport(path);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->run_id, "r1");
  ASSERT_EQ(back->scenarios.size(), 1u);
  EXPECT_EQ(back->scenarios[0].outcome, Outcome::kNotRun);
  ASSERT_EQ(back->scenarios[0].steps.size(), 1u);
  EXPECT_EQ(back->scenarios[0].steps[0].duration_ms, 0);
}

struct BadReport {
  const char* content;
  Status::Kind kind;
  const char* message_part;
};

TEST(JsonReport, DamagedFilesAreParseErrorsThatSayWhere) {
  const BadReport cases[] = {
      {"{\"run_id\": ", Status::Kind::kParseError, "not valid JSON (at byte"},
      {"[1, 2]", Status::Kind::kParseError, "not an object"},
      {R"({"scenarios": [{"steps": [{}, {"duration_ms": "fast"}]}]})", Status::Kind::kParseError,
       "report.scenarios[0].steps[1].duration_ms should be a number"},
      {R"({"scenarios": [{"outcome": "exploded"}]})", Status::Kind::kParseError,
       "report.scenarios[0].outcome: unknown outcome \"exploded\""},
      {R"({"scenarios": [{"tags": ["a", 3]}]})", Status::Kind::kParseError,
       "report.scenarios[0].tags[1] should be a string"},
      {R"({"format_version": 9})", Status::Kind::kParseError, "newer than this proofup"},
  };
  TempDir dir("json");
  for (const BadReport& c : cases) {
    const std::string path = dir.path() + "/bad.json";
    std::ofstream(path) << c.content;
    StatusOr<RunResult> back = ReadJsonReport(path);
    ASSERT_FALSE(back.ok()) << c.content;
    EXPECT_EQ(back.status().kind(), c.kind) << c.content;
    EXPECT_NE(back.status().message().find(path), std::string::npos) << back.status().message();
    EXPECT_NE(back.status().message().find(c.message_part), std::string::npos)
        << back.status().message();
  }
}

TEST(JsonReport, MissingFileIsAnIoErrorNamingIt) {
  TempDir dir("json");
  const std::string path = dir.path() + "/nope.json";
  StatusOr<RunResult> back = ReadJsonReport(path);
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.status().kind(), Status::Kind::kIoError);
  EXPECT_NE(back.status().message().find(path), std::string::npos);
}

}  // namespace
}  // namespace proofup
