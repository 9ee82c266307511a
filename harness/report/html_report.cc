// index.html: fills the mustache template in html_template.cc from a RunResult.
// All text goes through ToValidXmlText here and through mustache's HTML escaping
// in the template, so page content can never become markup.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <kainjow/mustache.hpp>
#include <system_error>

#include "harness/report/atomic_file.h"
#include "harness/report/html_template.h"
#include "harness/report/report.h"
#include "harness/report/report_text.h"
#include "harness/report/word_diff.h"
#include "harness/report/xml_text.h"

namespace proofup {
namespace {

namespace mustache = kainjow::mustache;
using report_internal::DiffSegment;
using report_internal::FormatDuration;
using report_internal::ToValidXmlText;

// Chart geometry in SVG user units: a label column, the bars, room for the value.
constexpr double kLabelWidth = 86, kBarArea = 480, kValueWidth = 90, kRowHeight = 18;

std::string Number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

// CSS class for an outcome ("not run" is not a valid class name).
const char* OutcomeClass(Outcome outcome) {
  return outcome == Outcome::kNotRun ? "notrun" : OutcomeName(outcome);
}

// Saved screen paths become relative URLs: percent-encoding everything but
// unreserved characters and '/' keeps '#', '?', spaces and ':' (a "javascript:"
// scheme) from changing what the link means.
std::string RelativeHref(const std::string& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string href;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      href += static_cast<char>(c);
    } else {
      href += '%';
      href += kHex[c >> 4];
      href += kHex[c & 0xF];
    }
  }
  return href;
}

mustache::list SideOfDiff(const std::vector<DiffSegment>& diff, DiffSegment::Kind changed) {
  mustache::list side;
  for (const DiffSegment& segment : diff) {
    if (segment.kind != DiffSegment::Kind::kSame && segment.kind != changed) continue;
    mustache::data item;
    item.set("text", ToValidXmlText(segment.text));
    item.set("changed", segment.kind == changed);
    side.push_back(std::move(item));
  }
  return side;
}

// Which observed text a failed step's expectation is compared with: the title,
// the heading or the page text, whichever shares the largest part of its words.
void AddDiff(const StepResult& step, mustache::data& out) {
  struct Candidate {
    const char* source;
    const std::string* text;
  };
  const Candidate candidates[] = {{"title", &step.observed_title},
                                  {"heading", &step.observed_heading},
                                  {"page text", &step.observed_text}};
  std::vector<DiffSegment> best_diff;
  const char* best_source = nullptr;
  double best_score = -1;
  for (const Candidate& c : candidates) {
    if (c.text->empty()) continue;
    std::vector<DiffSegment> diff = report_internal::DiffWords(step.expected, *c.text);
    double same = 0, total = 0;
    for (const DiffSegment& s : diff) {
      double words = 1 + static_cast<double>(std::count(s.text.begin(), s.text.end(), ' '));
      total += words;
      if (s.kind == DiffSegment::Kind::kSame) same += words;
    }
    double score = total == 0 ? 0 : same / total;
    if (score > best_score) {
      best_score = score;
      best_diff = std::move(diff);
      best_source = c.source;
    }
  }
  const bool has_diff = !step.expected.empty() && best_source != nullptr;
  out.set("has_diff", has_diff);
  if (!has_diff) return;
  out.set("observed_source", best_source);
  out.set("expected_diff", SideOfDiff(best_diff, DiffSegment::Kind::kRemoved));
  out.set("observed_diff", SideOfDiff(best_diff, DiffSegment::Kind::kAdded));
}

mustache::data StepData(const RunResult& run, size_t scenario_number, const StepResult& step) {
  mustache::data d;
  d.set("anchor", "s" + std::to_string(scenario_number) + "-step" + std::to_string(step.index));
  d.set("index", std::to_string(step.index));
  d.set("manual", report_internal::ManualLabel(step.manual_steps));
  d.set("action", ToValidXmlText(step.action));
  d.set("description", ToValidXmlText(step.description.empty() ? step.action : step.description));
  d.set("outcome", OutcomeName(step.outcome));
  d.set("outcome_class", OutcomeClass(step.outcome));
  d.set("duration", step.outcome == Outcome::kNotRun ? "" : FormatDuration(step.duration_ms));
  d.set("expected", ToValidXmlText(step.expected));
  d.set("observed", ToValidXmlText(report_internal::ObservedScreen(step)));
  d.set("has_screen", !step.screen_file.empty());
  d.set("screen_file", ToValidXmlText(step.screen_file));
  d.set("screen_href", RelativeHref(step.screen_file));
  d.set("has_screenshot", !step.screenshot_file.empty());
  d.set("screenshot_href", RelativeHref(step.screenshot_file));
  std::string console;
  for (const std::string& line : step.console) console += (console.empty() ? "" : "\n") + line;
  d.set("console", ToValidXmlText(console));
  // The saved screen of a QR step has the code blanked unless --show-secrets; say so
  // here too, so nobody takes the blank for a rendering bug.
  const bool scans_qr = step.action.find("qr") != std::string::npos;
  d.set("qr_masked", scans_qr && !run.secrets_shown && step.outcome != Outcome::kNotRun);
  const bool failed = step.outcome == Outcome::kFailed;
  d.set("show_detail", failed);
  d.set("failure", ToValidXmlText(failed ? report_internal::StepFailureMessage(step) : ""));
  if (failed) {
    AddDiff(step, d);
  } else {
    d.set("has_diff", false);
  }
  return d;
}

void AddChart(const ScenarioResult& s, mustache::data& d) {
  double longest = 0;
  for (const StepResult& step : s.steps) longest = std::max(longest, step.duration_ms);
  mustache::list bars;
  double y = 4;
  for (const StepResult& step : s.steps) {
    const bool ran = step.outcome != Outcome::kNotRun;
    const double width =
        longest > 0 && ran ? std::max(1.0, kBarArea * step.duration_ms / longest) : 0;
    std::string label = "step " + std::to_string(step.index);
    if (!step.manual_steps.empty()) label += " (m" + std::to_string(step.manual_steps[0]) + ")";
    mustache::data bar;
    bar.set("label", label);
    bar.set("tooltip", ToValidXmlText(label + ": " + step.description + ", " +
                                      (ran ? FormatDuration(step.duration_ms) : "not run")));
    bar.set("outcome_class", OutcomeClass(step.outcome));
    bar.set("x", Number(kLabelWidth));
    bar.set("y", Number(y));
    bar.set("width", Number(width));
    bar.set("text_y", Number(y + 10));
    bar.set("value_x", Number(kLabelWidth + width + 6));
    bar.set("value", ran ? FormatDuration(step.duration_ms) : "not run");
    bars.push_back(std::move(bar));
    y += kRowHeight;
  }
  d.set("bars", bars);
  d.set("chart_width", Number(kLabelWidth + kBarArea + kValueWidth));
  d.set("chart_height", Number(y + 2));
  d.set("chart_axis_x", Number(kLabelWidth - 2));
}

std::string Joined(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

mustache::data ScenarioData(const RunResult& run, size_t number, const ScenarioResult& s) {
  mustache::data d;
  d.set("anchor", "s" + std::to_string(number));
  d.set("name", ToValidXmlText(s.name));
  d.set("file", ToValidXmlText(s.file));
  d.set("outcome", OutcomeName(s.outcome));
  d.set("outcome_class", OutcomeClass(s.outcome));
  d.set("duration", s.outcome == Outcome::kNotRun ? "\u2014" : FormatDuration(s.duration_ms));
  d.set("has_manual", !s.manual.empty());
  d.set("manual", ToValidXmlText(s.manual));
  d.set("has_tags", !s.tags.empty());
  d.set("tags", ToValidXmlText(Joined(s.tags)));
  d.set("retried", s.attempts > 1);
  d.set("attempts", std::to_string(s.attempts));
  const bool has_reason = s.outcome == Outcome::kFailed || s.outcome == Outcome::kError;
  d.set("has_reason", has_reason);
  d.set("reason", has_reason ? ToValidXmlText(report_internal::ScenarioFailureMessage(s)) : "");
  const StepResult* failed_step = report_internal::FirstFailedStep(s);
  d.set("has_failed_step", failed_step != nullptr);
  d.set("failed_step_anchor", failed_step == nullptr ? ""
                                                     : "s" + std::to_string(number) + "-step" +
                                                           std::to_string(failed_step->index));
  d.set("is_flaky", s.outcome == Outcome::kFlaky);
  d.set("is_not_run", s.outcome == Outcome::kNotRun);
  size_t done = 0;
  mustache::list steps;
  for (const StepResult& step : s.steps) {
    if (step.outcome != Outcome::kNotRun) ++done;
    steps.push_back(StepData(run, number, step));
  }
  d.set("steps_done", std::to_string(done));
  d.set("step_count", std::to_string(s.steps.size()));
  d.set("has_steps", !s.steps.empty());
  d.set("steps", steps);
  AddChart(s, d);
  return d;
}

std::string Verdict(const OutcomeCounts& c, const char*& css_class) {
  const std::string of_total = " of " + std::to_string(c.total) + " scenarios";
  if (c.total == 0) {
    css_class = "warn";
    return "No scenarios ran";
  }
  if (c.failed + c.errors > 0) {
    css_class = "bad";
    return std::to_string(c.failed + c.errors) + of_total + " did not pass";
  }
  if (c.not_run > 0) {
    css_class = "warn";
    return std::to_string(c.not_run) + of_total + " not run";
  }
  css_class = "ok";
  return c.flaky > 0 ? "All" + of_total + " passed (" + std::to_string(c.flaky) + " flaky)"
                     : "All" + of_total + " passed";
}

StatusOr<std::string> RenderHtml(const RunResult& run) {
  const auto counts = CountOutcomes(run.scenarios);
  mustache::data d;
  const char* verdict_class = "ok";
  d.set("verdict", Verdict(counts, verdict_class));
  d.set("verdict_class", verdict_class);
  d.set("run_id", ToValidXmlText(run.run_id));
  d.set("target", ToValidXmlText(run.target));
  d.set("started_at", ToValidXmlText(run.started_at));
  d.set("total_time", FormatDuration(run.duration_ms));
  d.set("interrupted", run.interrupted);
  d.set("secrets", run.secrets_shown ? "shown (--show-secrets)" : "masked");
  d.set("passed", std::to_string(counts.passed));
  d.set("failed", std::to_string(counts.failed));
  d.set("flaky", std::to_string(counts.flaky));
  d.set("not_run", std::to_string(counts.not_run));
  d.set("errors", std::to_string(counts.errors));
  d.set("has_errors", counts.errors > 0);
  d.set("total", std::to_string(counts.total));
  mustache::list scenarios;
  for (size_t i = 0; i < run.scenarios.size(); ++i) {
    scenarios.push_back(ScenarioData(run, i + 1, run.scenarios[i]));
  }
  d.set("scenarios", scenarios);

  mustache::mustache tmpl(report_internal::kHtmlReportTemplate);
  if (!tmpl.is_valid()) return Status::Internal("HTML template: " + tmpl.error_message());
  std::string html = tmpl.render(d);
  if (!tmpl.is_valid()) return Status::Internal("HTML template: " + tmpl.error_message());
  return html;
}

Status EnsureDirectory(const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return Status::IoError("cannot create " + dir + ": " + error.message());
  return Status::Ok();
}

}  // namespace

Status WriteHtmlReport(const RunResult& run, const std::string& run_dir) {
  if (Status s = EnsureDirectory(run_dir); !s.ok()) return s;
  StatusOr<std::string> html = RenderHtml(run);
  if (!html.ok()) return html.status();
  return report_internal::WriteFileAtomically(run_dir + "/index.html", *html);
}

Status WriteAll(const RunResult& run, const std::string& run_dir) {
  if (Status s = EnsureDirectory(run_dir); !s.ok()) return s;
  Status results[] = {WriteJunitXml(run, run_dir + "/junit.xml"),
                      WriteJsonReport(run, run_dir + "/report.json"),
                      WriteHtmlReport(run, run_dir)};
  for (const Status& s : results) {
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace proofup
