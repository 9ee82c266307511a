// index.html's run-level hooks section (--before/--after, a profile's hooks).
#include <gtest/gtest.h>

#include "harness/report/report.h"
#include "harness/report/test_sample_run.h"
#include "harness/report/test_tool.h"

namespace proofup {
namespace {

using test_tool::ReadFile;
using test_tool::TempDir;

StepResult Hook(const char* action, const char* description, Outcome outcome, double ms) {
  StepResult hook = test_sample::Step(1, {}, action, description, outcome, ms);
  hook.file = "targets/portal.yaml";
  hook.line = 4;
  return hook;
}

std::string Render(const RunResult& run, const char* name) {
  TempDir dir(name);
  Status written = WriteHtmlReport(run, dir.path());
  EXPECT_TRUE(written.ok()) << written.ToString();
  return ReadFile(dir.path() + "/index.html");
}

TEST(HtmlRunHooks, ARunWithoutHooksHasNoHooksSection) {
  const std::string html = Render(test_sample::SampleRun(), "html-nohooks");
  EXPECT_EQ(html.find("id=\"run-hooks\""), std::string::npos);
  EXPECT_EQ(html.find("id=\"run-hook-failed\""), std::string::npos);
}

TEST(HtmlRunHooks, EachHookIsARowWithStatusAndTimeAndAFailureShowsItsStderr) {
  RunResult run = test_sample::SampleRun();
  run.scenarios.resize(1);  // the passed one: the hooks alone make the run fail
  run.setup.push_back(Hook("hook.before", "before: ./reset-user.sh alice", Outcome::kPassed, 84));
  StepResult cleanup = Hook("hook.after", "after: ./clean-up.sh <b>x</b>", Outcome::kFailed, 7.5);
  cleanup.failure =
      "after hook `./clean-up.sh <b>x</b>` (targets/portal.yaml:4) failed with exit status 3; "
      "its stderr ends with:\n  reset of alice failed: HTTP 500 from the admin API";
  run.teardown.push_back(cleanup);
  const std::string html = Render(run, "html-hooks");

  const size_t section = html.find("<section class=\"hooks\" id=\"run-hooks\"><h2>Run hooks</h2>");
  ASSERT_NE(section, std::string::npos) << html;
  EXPECT_LT(section, html.find("<div class=\"list\">")) << "above the scenarios";
  EXPECT_NE(html.find("<tr class=\"passed\"><td>before</td><td>before: ./reset-user.sh "
                      "alice</td><td><span class=\"badge passed\">passed</span></td><td "
                      "class=\"num\">84 ms</td></tr>"),
            std::string::npos)
      << html.substr(section, 2000);
  EXPECT_NE(html.find("<tr class=\"failed\"><td>after</td><td>after: ./clean-up.sh "
                      "&lt;b&gt;x&lt;/b&gt;</td><td><span class=\"badge failed\">failed</span>"
                      "</td><td class=\"num\">7.5 ms</td></tr>"),
            std::string::npos);
  // The failure keeps its lines (pre), the stderr tail included, escaped.
  EXPECT_NE(html.find("<pre class=\"hook-failure\">after hook `./clean-up.sh &lt;b&gt;x&lt;/b&gt;` "
                      "(targets/portal.yaml:4) failed with exit status 3; its stderr ends with:\n"
                      "  reset of alice failed: HTTP 500 from the admin API</pre>"),
            std::string::npos);
  EXPECT_EQ(html.find("<b>x</b>"), std::string::npos);
  // The scenarios passed, the run did not: both banners.
  EXPECT_NE(html.find("id=\"verdict\">The scenario passed<"), std::string::npos);
  EXPECT_NE(html.find("<div class=\"banner bad\" id=\"run-hook-failed\">A run-level after hook "
                      "failed</div>"),
            std::string::npos);
}

TEST(HtmlRunHooks, AFailedBeforeHookSaysNoScenarioRanAndTheRestIsNotRun) {
  RunResult run = test_sample::SampleRun();
  StepResult reset = Hook("hook.before", "before: ./reset-user.sh", Outcome::kFailed, 3);
  reset.failure = "before hook `./reset-user.sh` cannot be started: no such file";
  run.setup.push_back(reset);
  StepResult second = Hook("hook.before", "before: ./second.sh", Outcome::kNotRun, 0);
  run.setup.push_back(second);
  const std::string html = Render(run, "html-hooks-before");
  EXPECT_NE(html.find("id=\"run-hook-failed\">A run-level before hook failed: no scenario ran<"),
            std::string::npos);
  EXPECT_NE(html.find("<tr class=\"notrun\"><td>before</td><td>before: ./second.sh</td><td><span "
                      "class=\"badge notrun\">not run</span></td><td class=\"num\">\u2014</td>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("cannot be started: no such file</pre>"), std::string::npos);
}

}  // namespace
}  // namespace proofup
