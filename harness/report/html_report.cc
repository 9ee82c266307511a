// index.html: fills the mustache template in html_template.cc from a RunResult.
// All text goes through ToValidXmlText here and through mustache's HTML escaping
// in the template, so page content can never become markup.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <kainjow/mustache.hpp>
#include <system_error>

#include "harness/base/counted.h"
#include "harness/report/atomic_file.h"
#include "harness/report/html_hooks.h"
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
  return outcome == Outcome::kNotRun || outcome == Outcome::kSkipped ? "notrun"
                                                                     : OutcomeName(outcome);
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

double SameWordShare(const std::vector<DiffSegment>& diff) {
  double same = 0, total = 0;
  for (const DiffSegment& s : diff) {
    double words = 1 + static_cast<double>(std::count(s.text.begin(), s.text.end(), ' '));
    total += words;
    if (s.kind == DiffSegment::Kind::kSame) same += words;
  }
  return total == 0 ? 0 : same / total;
}

// The text between the first pair of double quotes at or after `from`; "" if none.
std::string QuotedAfter(const std::string& text, size_t from) {
  size_t open = text.find('"', from);
  if (open == std::string::npos) return "";
  size_t close = text.find('"', open + 1);
  return close == std::string::npos ? "" : text.substr(open + 1, close - open - 1);
}

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text + " ") {
    if (c == ' ' || c == '\n' || c == '\t') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  return words;
}

// The run of page words most like `expected`, with a few words of context.
std::string NearestText(const std::string& expected, const std::string& page) {
  const std::vector<std::string> words = Words(page);
  const size_t n = std::max<size_t>(1, Words(expected).size());
  if (words.size() <= n + 6) return page;
  size_t best = 0;
  double best_share = -1;
  for (size_t i = 0; i + n <= words.size(); ++i) {
    std::string window;
    for (size_t k = i; k < i + n; ++k) window += (k > i ? " " : "") + words[k];
    double share = SameWordShare(report_internal::DiffWords(expected, window));
    if (share > best_share) {
      best_share = share;
      best = i;
    }
  }
  const size_t from = best >= 3 ? best - 3 : 0, to = std::min(words.size(), best + n + 3);
  std::string text = from > 0 ? "\u2026 " : "";
  for (size_t k = from; k < to; ++k) text += (k > from ? " " : "") + words[k];
  return to < words.size() ? text + " \u2026" : text;
}

// Like with like: the failure says what was compared ('expected screen "A",
// got "B"'): A against B. An expected text or error without a "got" is shown
// against the page text nearest to it; other failures against the heading.
void AddDiff(const StepResult& step, mustache::data& out) {
  const std::string& f = step.failure;
  const size_t at = f.find("expected ");
  std::string expected = at == std::string::npos ? "" : QuotedAfter(f, at);
  if (expected.empty()) expected = step.expected;
  std::string observed, source;
  if (size_t got = f.find(", got ", at == std::string::npos ? 0 : at);
      at != std::string::npos && got != std::string::npos) {
    observed = QuotedAfter(f, got);
    const bool title = f.compare(at, 15, "expected title ") == 0;
    source = title ? "title" : "heading";
  } else if (!step.observed_text.empty()) {
    observed = NearestText(expected, step.observed_text);
    source = "page text nearest to it";
  } else {
    observed = step.observed_heading;
    source = "heading";
  }
  const bool has_diff = !expected.empty() && !observed.empty();
  out.set("has_diff", has_diff);
  if (!has_diff) return;
  std::vector<DiffSegment> diff = report_internal::DiffWords(expected, observed);
  out.set("observed_source", source);
  out.set("expected_diff", SideOfDiff(diff, DiffSegment::Kind::kRemoved));
  out.set("observed_diff", SideOfDiff(diff, DiffSegment::Kind::kAdded));
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
  // A request: step shows its exchange (method, URL, status, time), never its body or headers.
  for (const RequestTiming& t :
       step.action == "request" ? step.requests : std::vector<RequestTiming>{})
    console += (console.empty() ? "" : "\n") + t.method + " " + t.url + " -> " +
               (t.status ? std::to_string(t.status) : std::string("no answer")) + " in " +
               FormatDuration(t.elapsed_ms);
  d.set("has_console", !console.empty());
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

// A passed step in the collapsed scenario: one list item (what, manual step,
// time, saved screen), not a timeline row; a passed run stays small.
// The list numbers the items itself: StepResult::index counts from 1 in order.
mustache::data CompactStepData(const RunResult& run, const StepResult& step) {
  mustache::data d;
  d.set("qr_masked", step.action.find("qr") != std::string::npos && !run.secrets_shown);
  d.set("manual", report_internal::ManualLabel(step.manual_steps));
  d.set("has_manual", !step.manual_steps.empty());
  d.set("description", ToValidXmlText(step.description.empty() ? step.action : step.description));
  d.set("duration", FormatDuration(step.duration_ms));
  d.set("has_screen", !step.screen_file.empty());
  d.set("screen_href", RelativeHref(step.screen_file));
  d.set("has_screenshot", !step.screenshot_file.empty());
  d.set("screenshot_href", RelativeHref(step.screenshot_file));
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

// Tags as filter ids t0, t1, ... in order of first appearance.
std::vector<std::string> AllTags(const RunResult& run) {
  std::vector<std::string> tags;
  for (const ScenarioResult& s : run.scenarios)
    for (const std::string& t : s.tags)
      if (std::find(tags.begin(), tags.end(), t) == tags.end()) tags.push_back(t);
  return tags;
}

// Failures and errors first, then not run, flaky, passed; the run's order within each.
int DisplayRank(Outcome outcome) {
  switch (outcome) {
    case Outcome::kFailed:
    case Outcome::kError:
      return 0;
    case Outcome::kNotRun:
    case Outcome::kSkipped:
      return 1;
    case Outcome::kFlaky:
      return 2;
    case Outcome::kPassed:
      return 3;
  }
  return 3;
}

mustache::data ScenarioData(const RunResult& run, size_t number, const ScenarioResult& s,
                            const std::vector<std::string>& all_tags) {
  mustache::data d;
  std::string tag_classes;
  for (const std::string& t : s.tags)
    tag_classes +=
        " t" + std::to_string(std::find(all_tags.begin(), all_tags.end(), t) - all_tags.begin());
  d.set("tag_classes", tag_classes);
  d.set("anchor", "s" + std::to_string(number));
  d.set("name", ToValidXmlText(s.name));
  d.set("file", ToValidXmlText(s.file));
  d.set("outcome", OutcomeName(s.outcome));
  d.set("outcome_class", OutcomeClass(s.outcome));
  d.set("duration", s.outcome == Outcome::kNotRun || s.outcome == Outcome::kSkipped
                        ? "\u2014"
                        : FormatDuration(s.duration_ms));
  d.set("has_manual", !s.manual.empty());
  d.set("manual", ToValidXmlText(s.manual));
  d.set("has_tags", !s.tags.empty());
  d.set("tags", ToValidXmlText(Joined(s.tags)));
  d.set("retried", s.attempts > 1);
  d.set("attempts", std::to_string(s.attempts));
  const bool has_reason = s.outcome == Outcome::kFailed || s.outcome == Outcome::kError;
  d.set("has_reason", has_reason);
  // Passed scenarios are one line until opened; failures are open. Only they get the chart.
  d.set("open", has_reason);
  d.set("has_chart", s.outcome != Outcome::kPassed && s.outcome != Outcome::kNotRun);
  d.set("reason", has_reason ? ToValidXmlText(report_internal::ScenarioFailureMessage(s)) : "");
  const StepResult* failed_step = report_internal::FirstFailedStep(s);
  d.set("has_failed_step", failed_step != nullptr);
  d.set("failed_step_anchor", failed_step == nullptr ? ""
                                                     : "s" + std::to_string(number) + "-step" +
                                                           std::to_string(failed_step->index));
  d.set("is_flaky", s.outcome == Outcome::kFlaky);
  d.set("is_not_run", s.outcome == Outcome::kNotRun);
  d.set("is_skipped", s.outcome == Outcome::kSkipped);
  d.set("skip_reason", ToValidXmlText(s.skip_reason));
  // Passed: a compact step list; everything else: the full timeline (and chart).
  const bool compact = s.outcome == Outcome::kPassed;
  size_t done = 0;
  mustache::list steps;
  const std::string* previous_screen = nullptr;
  for (const StepResult& step : s.steps) {
    if (step.outcome != Outcome::kNotRun) ++done;
    if (!compact) {
      steps.push_back(StepData(run, number, step));
      continue;
    }
    mustache::data item = CompactStepData(run, step);
    // Steps that stay on a screen (an expect after a goto) link it once.
    if (previous_screen != nullptr && *previous_screen == step.screen_file)
      item.set("has_screen", false);
    previous_screen = &step.screen_file;
    steps.push_back(std::move(item));
  }
  d.set("steps_done", std::to_string(done));
  d.set("step_count", std::to_string(s.steps.size()));
  d.set("has_steps", !s.steps.empty() && !compact);
  d.set("has_compact_steps", !s.steps.empty() && compact);
  d.set("steps", steps);
  if (!compact) AddChart(s, d);
  return d;
}

std::string Verdict(const OutcomeCounts& c, const char*& css_class) {
  const std::string of_total = " of " + Counted(c.total, "scenario");
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
  std::string notes;
  if (c.flaky > 0) notes += std::to_string(c.flaky) + " flaky";
  if (c.skipped > 0) notes += (notes.empty() ? "" : ", ") + std::to_string(c.skipped) + " skipped";
  const int ran = c.total - c.skipped;
  return (c.skipped > 0  ? std::to_string(ran) + of_total + " passed"
          : c.total == 1 ? std::string("The scenario passed")
                         : "All" + of_total + " passed") +
         (notes.empty() ? "" : " (" + notes + ")");
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
  report_internal::AddRunHooks(run, d);
  const std::vector<std::string> tags = AllTags(run);
  mustache::list tag_filters;
  std::string tag_css;
  for (size_t i = 0; i < tags.size(); ++i) {
    mustache::data t;
    t.set("id", "t" + std::to_string(i));
    t.set("tag", ToValidXmlText(tags[i]));
    tag_filters.push_back(std::move(t));
    const std::string id = "#ft-t" + std::to_string(i);
    tag_css += id + ":checked ~ .list .row:not(.t" + std::to_string(i) + ") { display: none; }\n" +
               id + ":checked ~ .filters [for=ft-t" + std::to_string(i) +
               "] { background: #0969da; color: #fff; }\n";
  }
  d.set("tag_filters", tag_filters);
  d.set("has_tag_filters", !tags.empty());
  d.set("tag_css", tag_css);
  std::vector<size_t> order(run.scenarios.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&run](size_t a, size_t b) {
    return DisplayRank(run.scenarios[a].outcome) < DisplayRank(run.scenarios[b].outcome);
  });
  mustache::list scenarios;
  for (size_t i : order) scenarios.push_back(ScenarioData(run, i + 1, run.scenarios[i], tags));
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
