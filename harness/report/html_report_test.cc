#include <gtest/gtest.h>

#include <regex>

#include "harness/report/report.h"
#include "harness/report/test_sample_run.h"
#include "harness/report/test_tool.h"

namespace proofup {
namespace {

using test_tool::ReadFile;
using test_tool::TempDir;

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

class HtmlReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    Status status = WriteHtmlReport(test_sample::SampleRun(), dir_.path());
    ASSERT_TRUE(status.ok()) << status.ToString();
    html_ = ReadFile(dir_.path() + "/index.html");
    ASSERT_FALSE(html_.empty());
  }
  TempDir dir_{"html"};
  std::string html_;
};

TEST_F(HtmlReportTest, SummaryShowsCountsTimeTargetRunIdAndStart) {
  EXPECT_NE(html_.find("<span class=\"n\">1</span><span class=\"l\">Passed</span>"),
            std::string::npos);
  EXPECT_NE(html_.find("<span class=\"n\">1</span><span class=\"l\">Failed</span>"),
            std::string::npos);
  EXPECT_NE(html_.find("<span class=\"n\">1</span><span class=\"l\">Flaky</span>"),
            std::string::npos);
  EXPECT_NE(html_.find("<span class=\"n\">1</span><span class=\"l\">Not run</span>"),
            std::string::npos);
  EXPECT_NE(html_.find("<span class=\"n\">1</span><span class=\"l\">Errors</span>"),
            std::string::npos);
  EXPECT_NE(html_.find("<span class=\"n\">4.32 s</span><span class=\"l\">Total time</span>"),
            std::string::npos);
  EXPECT_NE(html_.find("2 of 5 scenarios did not pass"), std::string::npos);
  EXPECT_NE(html_.find("<dd>http://127.0.0.1:41234/</dd>"), std::string::npos);
  EXPECT_NE(html_.find("<dd>20261124-181500-ab12</dd>"), std::string::npos);
  EXPECT_NE(html_.find("<dd>2026-11-24T18:15:00Z</dd>"), std::string::npos);
  EXPECT_NE(html_.find("<dd>masked</dd>"), std::string::npos);
}

TEST_F(HtmlReportTest, HostileStringsAreEscapedNeverMarkup) {
  EXPECT_EQ(html_.find("<script"), std::string::npos);
  EXPECT_EQ(html_.find("<img"), std::string::npos);
  EXPECT_EQ(html_.find("<b>"), std::string::npos);
  EXPECT_NE(html_.find("&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html_.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  // Mustache tags inside data are text, not expanded again.
  EXPECT_NE(html_.find("&apos;co&apos; {{run_id}}"), std::string::npos);
  EXPECT_EQ(html_.find('\x01'), std::string::npos);
  EXPECT_EQ(html_.find('\xff'), std::string::npos);
}

TEST_F(HtmlReportTest, NeedsNoNetworkAndNoScripts) {
  EXPECT_EQ(html_.find("<link"), std::string::npos);
  EXPECT_EQ(html_.find(" src=\""), std::string::npos);
  EXPECT_EQ(html_.find("@import"), std::string::npos);
  EXPECT_EQ(html_.find("url("), std::string::npos);
  EXPECT_NE(html_.find("<style>"), std::string::npos);
  EXPECT_NE(html_.find("default-src 'none'"), std::string::npos);
}

TEST_F(HtmlReportTest, FailedStepShowsBothTextsWithTheWordDiffHighlighted) {
  EXPECT_NE(html_.find("<h4>Expected</h4><div class=\"text\">Meer informatie <del>vereist</del> "
                       "</div>"),
            std::string::npos);
  EXPECT_NE(html_.find("<h4>Observed (heading)</h4><div class=\"text\">Meer informatie "
                       "<ins>nodig</ins> </div>"),
            std::string::npos);
  EXPECT_NE(html_.find("scenarios/enrollment-nl.yaml:12 (item 2, manual step 7): expected screen "
                       "&quot;Meer informatie vereist&quot;"),
            std::string::npos);
  EXPECT_EQ(Count(html_, "<tr class=\"detail\">"), 1u) << "only the failed step has a diff";
  // The scenario's one-line reason links to the failed step's row.
  EXPECT_NE(
      html_.find("<div class=\"reason\"><a href=\"#s2-step2\">scenarios/enrollment-nl.yaml:12 "
                 "(item 2, manual step 7)"),
      std::string::npos);
  EXPECT_NE(html_.find("<tr class=\"failed\" id=\"s2-step2\">"), std::string::npos);
}

TEST_F(HtmlReportTest, TimelineRowsLinkToSavedScreensRelatively) {
  EXPECT_NE(html_.find("<a href=\"screens/s1/step01.html\">screens/s1/step01.html</a>"),
            std::string::npos);
  EXPECT_NE(html_.find("href=\"screens/s1/step%2002%23qr.html\""), std::string::npos);
  EXPECT_NE(html_.find("href=\"javascript%3Aalert%281%29\""), std::string::npos);
  EXPECT_EQ(html_.find("href=\"javascript:"), std::string::npos);
  // The passed scenario's steps are a compact list, each with its manual steps and time.
  EXPECT_NE(html_.find("<span class=\"t\">manual 9, 10 · "), std::string::npos);
  EXPECT_NE(html_.find("QR code masked"), std::string::npos);
  EXPECT_NE(html_.find("<td class=\"observed\">Aanmelden \u2014 Meer informatie nodig</td>"),
            std::string::npos);
}

TEST_F(HtmlReportTest, OnlyScenariosThatDidNotPassCleanlyHaveAStepChart) {
  // Failed (3 steps), flaky (1), error (1); not the passed one, nor "Cut off" (no steps).
  EXPECT_EQ(Count(html_, "<svg class=\"chart\""), 3u);
  EXPECT_EQ(Count(html_, "<rect class=\"bar"), 3u + 1u + 1u);
  // A not-run step gets no bar.
  EXPECT_NE(html_.find("<rect class=\"bar notrun\" x=\"86.0\" y=\"40.0\" width=\"0.0\""),
            std::string::npos);
  EXPECT_EQ(Count(html_, "<details class=\"row scenario"), 5u);
}

TEST_F(HtmlReportTest, FailuresComeFirstAndOpenPassedScenariosAreOneClosedLine) {
  const size_t failed = html_.find("<details class=\"row scenario failed");
  const size_t passed = html_.find("<details class=\"row scenario passed");
  ASSERT_NE(failed, std::string::npos);
  ASSERT_NE(passed, std::string::npos);
  EXPECT_LT(failed, passed);
  EXPECT_NE(html_.find("id=\"s2\" open>"), std::string::npos) << "the failed scenario is open";
  EXPECT_NE(html_.find("id=\"s1\">"), std::string::npos) << "the passed one is closed";
  EXPECT_EQ(html_.find("id=\"s1\" open>"), std::string::npos);
}

TEST_F(HtmlReportTest, FiltersByStatusAndTagWorkWithoutScripts) {
  EXPECT_EQ(html_.find("<script"), std::string::npos);
  EXPECT_NE(html_.find("<input class=\"filter\" type=\"radio\" name=\"status\" id=\"fs-bad\">"),
            std::string::npos);
  EXPECT_NE(html_.find("#fs-bad:checked ~ .list .row:not(.failed):not(.error):not(.notrun)"),
            std::string::npos);
  // The passed scenario's tags get a radio button and a hiding rule each.
  EXPECT_NE(html_.find("<label for=\"ft-t0\">"), std::string::npos);
  EXPECT_NE(html_.find("#ft-t0:checked ~ .list .row:not(.t0) { display: none; }"),
            std::string::npos);
  EXPECT_NE(html_.find("<details class=\"row scenario passed t0"), std::string::npos);
}

TEST(HtmlReport, AnExpectedTextIsComparedWithThePageTextNearestToIt) {
  RunResult run = test_sample::SampleRun();
  StepResult& step = run.scenarios[1].steps[1];
  step.failure = "expected text \"Voer de code in\" on screen \"Sms\"";
  step.expected = "text \"Voer de code in\"";
  step.observed_text =
      "Uw account veilig houden Telefoon Voer de zescijferige code in die naar u is verzonden "
      "Code Volgende Ik wil een andere methode instellen";
  TempDir dir("html-near");
  ASSERT_TRUE(WriteHtmlReport(run, dir.path()).ok());
  std::string html = ReadFile(dir.path() + "/index.html");
  EXPECT_NE(html.find("<h4>Observed (page text nearest to it)</h4>"), std::string::npos);
  // The observed side is the passage around "Voer ... code in", not the whole page.
  EXPECT_NE(html.find("Voer de <ins>zescijferige</ins> code in"), std::string::npos) << html;
  EXPECT_EQ(html.find("andere methode instellen"), std::string::npos);
}

// A passed run is one collapsed line per scenario with a compact step list:
// no timeline rows, no chart, a few hundred bytes per scenario plus its steps.
TEST(HtmlReport, PassedScenariosStaySmall) {
  RunResult run = test_sample::SampleRun();
  ScenarioResult passed = run.scenarios[0];
  StepResult step = passed.steps[0];
  passed.steps.clear();
  for (int i = 1; i <= 36; ++i) {
    step.index = i;
    passed.steps.push_back(step);
  }
  run.scenarios.assign(25, passed);
  TempDir dir("html-small");
  ASSERT_TRUE(WriteHtmlReport(run, dir.path()).ok());
  std::string html = ReadFile(dir.path() + "/index.html");
  EXPECT_EQ(Count(html, "<ol class=\"compact\">"), 25u);
  EXPECT_EQ(Count(html, "<li>"), 25u * 36u);
  // The 36 steps stay on one screen: it is linked once per scenario.
  EXPECT_EQ(Count(html, ">screen</a>"), 25u);
  EXPECT_EQ(Count(html, "<tr class=\"passed\" id="), 0u) << "no timeline rows for passed ones";
  EXPECT_EQ(Count(html, "<svg"), 0u);
  EXPECT_EQ(Count(html, " open>"), 0u) << "every passed scenario starts collapsed";
  // 25 scenarios x 36 steps: the step lists dominate, at ~150 bytes a step.
  EXPECT_LT(html.size(), 25u * 36u * 170u + 16000u) << html.size();
}

// Like with like: a wrong title is compared with the observed title.
TEST(HtmlReport, AWrongTitleIsComparedWithTheObservedTitle) {
  RunResult run = test_sample::SampleRun();
  StepResult& step = run.scenarios[1].steps[1];
  step.failure = "expected title \"Inloggen bij de portal\", got \"Aanmelden bij de portal\"";
  TempDir dir("html-title");
  ASSERT_TRUE(WriteHtmlReport(run, dir.path()).ok());
  std::string html = ReadFile(dir.path() + "/index.html");
  EXPECT_NE(html.find("<h4>Expected</h4><div class=\"text\"><del>Inloggen</del> bij de portal "),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<h4>Observed (title)</h4><div class=\"text\"><ins>Aanmelden</ins> bij de "
                      "portal "),
            std::string::npos);
}

TEST_F(HtmlReportTest, FlakyAndNotRunScenariosSayWhy) {
  EXPECT_NE(html_.find("Failed at first, passed on retry (attempt 2)."), std::string::npos);
  EXPECT_NE(html_.find("<div class=\"reason notrun\">Not run.</div>"), std::string::npos);
}

TEST(HtmlReport, AllPassedRunSaysSo) {
  RunResult run = test_sample::SampleRun();
  run.scenarios.resize(1);
  run.secrets_shown = true;
  TempDir dir("html");
  ASSERT_TRUE(WriteHtmlReport(run, dir.path() + "/new/run").ok());
  std::string html = ReadFile(dir.path() + "/new/run/index.html");
  EXPECT_NE(html.find("class=\"banner ok\" id=\"verdict\">The scenario passed<"),
            std::string::npos);
  EXPECT_EQ(html.find("QR code masked"), std::string::npos);
  EXPECT_EQ(html.find("class=\"detail\""), std::string::npos);
  run.scenarios.push_back(run.scenarios.front());
  ASSERT_TRUE(WriteHtmlReport(run, dir.path() + "/two").ok());
  EXPECT_NE(
      ReadFile(dir.path() + "/two/index.html").find("id=\"verdict\">All of 2 scenarios passed<"),
      std::string::npos);
  run.scenarios.push_back(run.scenarios.front());
  run.scenarios.back().outcome = Outcome::kFailed;
  ASSERT_TRUE(WriteHtmlReport(run, dir.path() + "/three").ok());
  EXPECT_NE(ReadFile(dir.path() + "/three/index.html").find(">1 of 3 scenarios did not pass<"),
            std::string::npos);
}

}  // namespace
}  // namespace proofup
