// JUnit XML after the de-facto schema that Jenkins, GitLab and GitHub share
// (Ant's junit report plus per-testcase properties).
#include <cstdio>
#include <cstdlib>
#include <map>

#include "harness/base/counted.h"
#include "harness/report/atomic_file.h"
#include "harness/report/report.h"
#include "harness/report/report_text.h"
#include "harness/report/xml_text.h"

namespace proofup {
namespace {

using report_internal::XmlCdata;
using report_internal::XmlEscape;

std::string Attr(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + XmlEscape(value, /*attribute=*/true) + "\"";
}

std::string Seconds(double ms) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", ms < 0 ? 0 : ms / 1000);
  return buffer;
}

// UTC without a fraction: "2026-11-24T18:15:00Z" (started_at is UTC).
// Returns empty (attribute left out) when started_at is not ISO 8601.
std::string JunitTimestamp(const std::string& started_at) {
  const std::string_view shape = "dddd-dd-ddTdd:dd:dd";
  if (started_at.size() < shape.size()) return "";
  for (size_t i = 0; i < shape.size(); ++i) {
    char c = started_at[i];
    if (shape[i] == 'd' ? (c < '0' || c > '9') : c != shape[i]) return "";
  }
  return started_at.substr(0, shape.size()) + "Z";
}

// The line CI annotates: the failed step's (or else the first step's) line in
// the scenario file itself; for an included step, the line of its include item.
int TestcaseLine(const ScenarioResult& s) {
  const StepResult* step = report_internal::FirstFailedStep(s);
  if (step == nullptr && !s.steps.empty()) step = &s.steps.front();
  if (step == nullptr) return 0;
  if (step->file == s.file) return step->line;
  size_t colon = step->included_from.rfind(':');
  if (colon == std::string::npos || step->included_from.substr(0, colon) != s.file) return 0;
  return std::atoi(step->included_from.c_str() + colon + 1);
}

// "scenarios/enrollment-nl.yaml" -> "scenarios.enrollment-nl": CI tools split
// classname at the last dot into package and class.
std::string ClassName(std::string file) {
  for (std::string_view ext : {".yaml", ".yml"}) {
    if (file.size() > ext.size() && file.ends_with(ext)) file.resize(file.size() - ext.size());
  }
  std::string name;
  for (char c : file) name += (c == '/' || c == '\\') ? '.' : c;
  size_t start = name.find_first_not_of('.');
  return start == std::string::npos ? "scenario" : name.substr(start);
}

struct Suite {
  std::string file;
  std::vector<const ScenarioResult*> scenarios;
};

std::vector<Suite> GroupByFile(const RunResult& run) {
  std::vector<Suite> suites;
  std::map<std::string, size_t> index;
  for (const ScenarioResult& scenario : run.scenarios) {
    auto [it, inserted] = index.emplace(scenario.file, suites.size());
    if (inserted) suites.push_back({scenario.file, {}});
    suites[it->second].scenarios.push_back(&scenario);
  }
  return suites;
}

std::string CountAttrs(const OutcomeCounts& counts, double ms) {
  return Attr("tests", std::to_string(counts.total)) +
         Attr("failures", std::to_string(counts.failed)) +
         Attr("errors", std::to_string(counts.errors)) +
         Attr("skipped", std::to_string(counts.not_run + counts.skipped)) +
         Attr("time", Seconds(ms));
}

std::string Testcase(const RunResult& run, const ScenarioResult& s) {
  std::string xml = "    <testcase" + Attr("classname", ClassName(s.file)) + Attr("name", s.name) +
                    Attr("time", Seconds(s.duration_ms)) + Attr("file", s.file);
  if (int line = TestcaseLine(s); line > 0) xml += Attr("line", std::to_string(line));
  // Step screenshots as attachments (Jenkins' and GitLab's [[ATTACHMENT|path]] convention).
  std::string attachments;
  for (const StepResult& step : s.steps)
    if (!step.screenshot_file.empty())
      attachments += "[[ATTACHMENT|" + step.screenshot_file + "]]\n";
  if (s.outcome == Outcome::kPassed && attachments.empty()) return xml + "/>\n";
  xml += ">\n";
  // The step log as CDATA, byte for byte (its columns are aligned with spaces).
  // It opens with a line of text, so a viewer that trims the body cannot take
  // the first step's indentation with it.
  const std::string step_log = s.file + ": " +
                               Counted(static_cast<long long>(s.steps.size()), "step") + "\n" +
                               report_internal::StepListText(s);
  // The failure's body names every failed step and hook, in order (the message
  // attribute says the same on one line), then the step log.
  std::string reasons;
  for (const std::string& reason : report_internal::FailureReasons(s)) reasons += reason + "\n";
  const std::string steps = XmlCdata(reasons + "\n" + step_log);
  const std::string log =
      "      <system-out>" + XmlCdata(step_log + attachments) + "</system-out>\n";
  const std::string message = report_internal::ScenarioFailureMessage(s);
  switch (s.outcome) {
    case Outcome::kPassed:  // only reached with attachments
      xml += "      <system-out>" + XmlCdata(attachments) + "</system-out>\n";
      break;
    case Outcome::kFlaky:
      xml += "      <properties>\n        <property name=\"flaky\" value=\"true\"/>\n";
      xml += "        <property" + Attr("name", "attempts") +
             Attr("value", std::to_string(s.attempts)) + "/>\n      </properties>\n";
      xml += "      <system-out>" +
             XmlCdata("flaky: failed at first, passed on retry (attempt " +
                      std::to_string(s.attempts) + ")\n" + step_log + attachments) +
             "</system-out>\n";
      break;
    case Outcome::kFailed:
      xml += "      <failure" + Attr("message", message) + Attr("type", "step failed") + ">" +
             steps + "</failure>\n" + log;
      break;
    case Outcome::kError:
      xml += "      <error" + Attr("message", message) + Attr("type", "harness error") + ">" +
             steps + "</error>\n" + log;
      break;
    case Outcome::kSkipped:
      xml += "      <skipped" + Attr("message", "skipped: " + s.skip_reason) + "/>\n";
      break;
    case Outcome::kNotRun:
      xml += "      <skipped" +
             Attr("message", run.interrupted ? "not run: the run was interrupted" : "not run") +
             "/>\n";
      break;
  }
  return xml + "    </testcase>\n";
}

// Run-level hooks (RunResult::setup/teardown): a testsuite of their own, one
// testcase per hook, so CI shows a failed set-up or clean-up with its time.
std::string HookSuite(const RunResult& run) {
  OutcomeCounts counts;
  double ms = 0;
  std::string cases;
  for (const auto* phase : {&run.setup, &run.teardown})
    for (const StepResult& hook : *phase) {
      const bool failed = hook.outcome == Outcome::kFailed;
      counts.Add(failed ? Outcome::kError : hook.outcome);
      ms += hook.duration_ms;
      cases += "    <testcase" + Attr("classname", "proofup.run_hooks") +
               Attr("name", hook.description) + Attr("time", Seconds(hook.duration_ms)) +
               (failed ? ">\n      <error" + Attr("message", hook.failure) +
                             Attr("type", "hook failed") + "/>\n    </testcase>\n"
                : hook.outcome == Outcome::kNotRun ? ">\n      <skipped/>\n    </testcase>\n"
                                                   : "/>\n");
    }
  if (cases.empty()) return "";
  return "  <testsuite" + Attr("name", "run hooks") + CountAttrs(counts, ms) + ">\n" + cases +
         "  </testsuite>\n";
}

std::string RenderJunit(const RunResult& run) {
  const std::string timestamp = JunitTimestamp(run.started_at);
  const std::string timestamp_attr = timestamp.empty() ? "" : Attr("timestamp", timestamp);
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += "<testsuites" + Attr("name", "proofup " + run.run_id) +
         CountAttrs(CountOutcomes(run.scenarios), run.duration_ms) + timestamp_attr + ">\n";
  for (const Suite& suite : GroupByFile(run)) {
    OutcomeCounts counts;
    double ms = 0;
    for (const ScenarioResult* s : suite.scenarios) {
      counts.Add(s->outcome);
      ms += s->duration_ms;
    }
    xml +=
        "  <testsuite" + Attr("name", suite.file) + CountAttrs(counts, ms) + timestamp_attr + ">\n";
    xml += "    <properties>\n      <property" + Attr("name", "target") +
           Attr("value", run.target) + "/>\n      <property" + Attr("name", "browser") +
           Attr("value", run.browser.empty() ? "http" : run.browser) + "/>\n      <property" +
           Attr("name", "run_id") + Attr("value", run.run_id) + "/>\n    </properties>\n";
    for (const ScenarioResult* s : suite.scenarios) xml += Testcase(run, *s);
    xml += "  </testsuite>\n";
  }
  return xml + HookSuite(run) + "</testsuites>\n";
}

}  // namespace

Status WriteJunitXml(const RunResult& run, const std::string& path) {
  return report_internal::WriteFileAtomically(path, RenderJunit(run));
}

}  // namespace proofup
