#include <gtest/gtest.h>

#include "harness/report/report.h"
#include "harness/report/report_text.h"
#include "harness/report/test_sample_run.h"
#include "harness/report/test_tool.h"
#include "harness/report/test_xml_parser.h"

namespace proofup {
namespace {

using test_tool::ReadFile;
using test_tool::TempDir;

constexpr char kFffd[] = "\xEF\xBF\xBD";

// `xmllint --schema` with the JUnit schema the CI tools share ("... validates").
test_tool::ToolResult ValidateJunit(const std::string& xmllint, const std::string& path) {
  return test_tool::RunTool({xmllint, "--noout", "--schema",
                             PROOFUP_SOURCE_DIR "/harness/report/testdata/junit.xsd", path},
                            path + ".valid.out", 60);
}

// What `xmllint --xpath expression` reads from `path` (it ends with a newline).
test_tool::ToolResult XPath(const std::string& xmllint, const std::string& path,
                            const std::string& expression) {
  return test_tool::RunTool({xmllint, "--xpath", expression, path}, path + ".xpath.out", 60);
}

class JunitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    path_ = dir_.path() + "/junit.xml";
    ASSERT_TRUE(WriteJunitXml(test_sample::SampleRun(), path_).ok());
    raw_ = ReadFile(path_);
    test_xml::Parser parser(raw_);
    root_ = parser.Parse();
    ASSERT_NE(root_, nullptr) << parser.error() << "\n" << raw_;
  }

  const test_xml::Element* Testcase(size_t suite, size_t index) {
    auto suites = root_->Children("testsuite");
    if (suite >= suites.size()) return nullptr;
    auto cases = suites[suite]->Children("testcase");
    return index < cases.size() ? cases[index] : nullptr;
  }

  TempDir dir_{"junit"};
  std::string path_;
  std::string raw_;
  std::unique_ptr<test_xml::Element> root_;
};

TEST_F(JunitTest, RootCountsEveryOutcome) {
  EXPECT_EQ(root_->name, "testsuites");
  EXPECT_EQ(root_->Attr("tests"), "5");
  EXPECT_EQ(root_->Attr("failures"), "1");
  EXPECT_EQ(root_->Attr("errors"), "1");
  EXPECT_EQ(root_->Attr("skipped"), "1");
  EXPECT_EQ(root_->Attr("time"), "4.321");
  EXPECT_EQ(root_->Attr("timestamp"), "2026-11-24T18:15:00Z");
}

TEST_F(JunitTest, OneSuitePerScenarioFileInOrderOfAppearance) {
  auto suites = root_->Children("testsuite");
  ASSERT_EQ(suites.size(), 3u);
  EXPECT_EQ(suites[0]->Attr("name"), "scenarios/enrollment-nl.yaml");
  EXPECT_EQ(suites[0]->Attr("tests"), "2");
  EXPECT_EQ(suites[0]->Attr("failures"), "1");
  EXPECT_EQ(suites[0]->Attr("time"), "1.746");
  EXPECT_EQ(suites[1]->Attr("name"), "scenarios/push.yaml");
  EXPECT_EQ(suites[2]->Attr("name"), "scenarios/hostile.yaml");
  EXPECT_EQ(suites[2]->Attr("errors"), "1");
  EXPECT_EQ(suites[2]->Attr("skipped"), "1");
  EXPECT_EQ(suites[2]->Children("testcase").size(), 2u);
  auto properties = suites[0]->Child("properties")->Children("property");
  ASSERT_EQ(properties.size(), 3u);
  EXPECT_EQ(properties[0]->Attr("value"), "http://127.0.0.1:41234/");
  EXPECT_EQ(properties[1]->Attr("name"), "browser");
  EXPECT_EQ(properties[1]->Attr("value"), "http");
  EXPECT_EQ(properties[2]->Attr("name"), "run_id");
}

TEST_F(JunitTest, PassedTestcaseHasClassnameFromFileAndSeconds) {
  const auto* tc = Testcase(0, 0);
  ASSERT_NE(tc, nullptr);
  EXPECT_EQ(tc->Attr("classname"), "scenarios.enrollment-nl");
  EXPECT_EQ(tc->Attr("name"), "NL happy path");
  EXPECT_EQ(tc->Attr("time"), "1.234");
  EXPECT_TRUE(tc->children.empty());
}

TEST_F(JunitTest, FailureCarriesThePlainWordsReasonOfTheFirstFailedStepAndTheStepList) {
  const auto* failure = Testcase(0, 1)->Child("failure");
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->Attr("message"),
            std::string("scenarios/enrollment-nl.yaml:12 (item 2, manual step 7): ") +
                test_sample::kFailureReason);
  EXPECT_NE(failure->text.find("  2. failed"), std::string::npos) << failure->text;
  EXPECT_NE(failure->text.find("expected: Meer informatie vereist"), std::string::npos);
  EXPECT_NE(failure->text.find("  3. not run"), std::string::npos) << failure->text;
  // The body names the failed step, then the step log, which opens with a line
  // of text, so the first step keeps its indentation even in viewers that
  // trim; system-out holds that step log alone.
  const std::string& log = Testcase(0, 1)->Child("system-out")->text;
  EXPECT_EQ(log.rfind("scenarios/enrollment-nl.yaml: 3 steps\n  1. ", 0), 0u) << log;
  EXPECT_EQ(failure->text, failure->Attr("message") + "\n\n" + log);
  // file and line point CI annotations at the failed step.
  EXPECT_EQ(Testcase(0, 1)->Attr("file"), "scenarios/enrollment-nl.yaml");
  EXPECT_EQ(Testcase(0, 1)->Attr("line"), "12");
  // The exact escaped form CI tools read: quotes as entities, the dash as UTF-8.
  EXPECT_NE(raw_.find("message=\"scenarios/enrollment-nl.yaml:12 (item 2, manual step 7): expected "
                      "screen &quot;Meer informatie "
                      "vereist&quot;, got &quot;Meer informatie nodig&quot; \u2014 error on"),
            std::string::npos);
}

TEST_F(JunitTest, FlakyPassesWithAPropertyAndANote) {
  const auto* tc = Testcase(1, 0);
  ASSERT_NE(tc, nullptr);
  EXPECT_EQ(tc->Child("failure"), nullptr);
  EXPECT_EQ(tc->Child("skipped"), nullptr);
  auto properties = tc->Child("properties")->Children("property");
  ASSERT_EQ(properties.size(), 2u);
  EXPECT_EQ(properties[0]->Attr("name"), "flaky");
  EXPECT_EQ(properties[0]->Attr("value"), "true");
  EXPECT_EQ(properties[1]->Attr("value"), "2");
  EXPECT_NE(tc->Child("system-out")->text.find("passed on retry (attempt 2)"), std::string::npos);
}

TEST_F(JunitTest, ErrorAndNotRunMapToErrorAndSkipped) {
  const auto* error = Testcase(2, 0)->Child("error");
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->Attr("message"), std::string("target down: connection refused <b>") + kFffd);
  const auto* skipped = Testcase(2, 1)->Child("skipped");
  ASSERT_NE(skipped, nullptr);
  EXPECT_EQ(skipped->Attr("message"), "not run");
}

TEST_F(JunitTest, HostileNameIsEscapedAndForbiddenCharactersReplaced) {
  EXPECT_EQ(Testcase(2, 0)->Attr("name"),
            std::string("<script>alert(\"x\")</script> & 'co' {{run_id}}") + kFffd + kFffd + kFffd);
  // Outside the CDATA step logs (text to every XML reader) no markup gets through.
  std::string outside_cdata = raw_;
  for (size_t open = outside_cdata.find("<![CDATA["); open != std::string::npos;
       open = outside_cdata.find("<![CDATA[", open))
    outside_cdata.erase(open, outside_cdata.find("]]>", open) + 3 - open);
  EXPECT_EQ(outside_cdata.find("<script>"), std::string::npos);
  EXPECT_EQ(raw_.find('\x01'), std::string::npos);
}

TEST_F(JunitTest, XmllintAcceptsItAgainstTheCommonJunitSchema) {
  std::string xmllint = test_tool::FindInPath("xmllint");
  if (xmllint.empty()) GTEST_SKIP() << "xmllint not installed (Debian: libxml2-utils)";
  auto result = ValidateJunit(xmllint, path_);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("validates"), std::string::npos) << result.output;
}

TEST(Junit, FailureAlreadyPrefixedByTheRunnerIsKeptAndInterruptedRunsSaySo) {
  RunResult run;
  run.interrupted = true;
  run.started_at = "not a date";
  ScenarioResult failed;
  failed.name = "x";
  failed.file = "./a/b.yml";
  failed.outcome = Outcome::kFailed;
  StepResult step;
  step.index = 7;
  step.outcome = Outcome::kFailed;
  step.failure = "step 7 (manual 7): expected screen \"A\", got \"B\"";
  failed.steps = {step};
  ScenarioResult cut;
  cut.file = "./a/b.yml";
  run.scenarios = {failed, cut};
  TempDir dir("junit");
  ASSERT_TRUE(WriteJunitXml(run, dir.path() + "/j.xml").ok());
  test_xml::Parser parser(ReadFile(dir.path() + "/j.xml"));
  auto root = parser.Parse();
  ASSERT_NE(root, nullptr) << parser.error();
  EXPECT_EQ(root->Attr("timestamp"), "<missing>");
  const auto* suite = root->Child("testsuite");
  auto cases = suite->Children("testcase");
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0]->Attr("classname"), "a.b");
  EXPECT_EQ(cases[0]->Child("failure")->Attr("message"), step.failure);
  EXPECT_EQ(cases[1]->Child("skipped")->Attr("message"), "not run: the run was interrupted");
}

// The step log reaches system-out byte for byte, as xmllint reads it back:
// indentation (the first line's too), markup characters, and a "]]>" that
// would end a naive CDATA section.
TEST(Junit, StepLogInSystemOutIsIntactForXmllint) {
  std::string xmllint = test_tool::FindInPath("xmllint");
  if (xmllint.empty()) GTEST_SKIP() << "xmllint not installed (Debian: libxml2-utils)";
  RunResult run = test_sample::SampleRun();
  ScenarioResult& failed = run.scenarios[1];
  failed.steps[0].description = "  indented <b>&amp; \"quoted\" ]]> end]]>";
  failed.steps[1].failure = "expected text \"a]]>b\"";
  TempDir dir("junit-cdata");
  const std::string path = dir.path() + "/junit.xml";
  ASSERT_TRUE(WriteJunitXml(run, path).ok());
  auto valid = ValidateJunit(xmllint, path);
  EXPECT_EQ(valid.exit_code, 0) << valid.output;
  auto text = XPath(xmllint, path, "string(//testcase[failure]/system-out)");
  ASSERT_EQ(text.exit_code, 0) << text.output;
  const std::string expected = failed.file + ": " + std::to_string(failed.steps.size()) +
                               " steps\n" + report_internal::StepListText(failed);
  EXPECT_EQ(text.output, expected + "\n");  // xmllint ends what it prints with a newline
  EXPECT_NE(text.output.find("  1. passed"), std::string::npos) << text.output;
  EXPECT_NE(ReadFile(path).find("]]]]><![CDATA[>"), std::string::npos);
}

// A failed step, then two failed after hooks, as ScenarioRun leaves them: the
// first hook's failure is also in the scenario's error. The failure's message
// and body name all three, in order, each once; system-out keeps the step log.
TEST(Junit, FailureNamesEveryFailedStepAndHookInOrder) {
  std::string xmllint = test_tool::FindInPath("xmllint");
  if (xmllint.empty()) GTEST_SKIP() << "xmllint not installed (Debian: libxml2-utils)";
  RunResult run = test_sample::SampleRun();
  run.scenarios.resize(2);
  ScenarioResult& failed = run.scenarios[1];
  auto hook = [](int index, int line, std::string failure) {
    StepResult step =
        test_sample::Step(index, {}, "hook.after", "after: ./clean.sh", Outcome::kFailed, 4);
    step.file = "scenarios/enrollment-nl.yaml";
    step.line = line;
    step.failure = std::move(failure);
    return step;
  };
  failed.steps.push_back(hook(4, 3, "after hook `./clean.sh` failed with exit status 3"));
  failed.steps.push_back(hook(5, 4, "after hook `./other.sh` printed no \"code\""));
  failed.error = failed.steps[3].failure;
  TempDir dir("junit-hooks");
  const std::string path = dir.path() + "/junit.xml";
  ASSERT_TRUE(WriteJunitXml(run, path).ok());
  auto valid = ValidateJunit(xmllint, path);
  EXPECT_EQ(valid.exit_code, 0) << valid.output;
  auto read = [&](const std::string& xpath) { return XPath(xmllint, path, xpath).output; };
  const std::string step =
      std::string("scenarios/enrollment-nl.yaml:12 (item 2, manual step 7): ") +
      test_sample::kFailureReason;
  const std::string first_hook =
      "scenarios/enrollment-nl.yaml:3: after hook `./clean.sh` failed with exit status 3";
  const std::string second_hook =
      "scenarios/enrollment-nl.yaml:4: after hook `./other.sh` printed no \"code\"";
  EXPECT_EQ(read("string(//failure/@message)"),
            step + "; also: " + first_hook + "; also: " + second_hook + "\n");
  const std::string log = failed.file + ": 5 steps\n" + report_internal::StepListText(failed);
  EXPECT_EQ(read("string(//failure)"),
            step + "\n" + first_hook + "\n" + second_hook + "\n\n" + log + "\n");
  EXPECT_EQ(read("string(//testcase[failure]/system-out)"), log + "\n");
}

TEST(Junit, UnwritablePathIsAnIoErrorNamingIt) {
  TempDir dir("junit");
  const std::string path = dir.path() + "/missing-dir/junit.xml";
  Status status = WriteJunitXml(test_sample::SampleRun(), path);
  EXPECT_EQ(status.kind(), Status::Kind::kIoError);
  EXPECT_NE(status.message().find(path), std::string::npos) << status.message();
}

}  // namespace
}  // namespace proofup
