// Gathering what a run showed at each manual step (evidence.h).
#include "harness/manual/evidence.h"

#include <algorithm>
#include <filesystem>
#include <iterator>

#include "harness/manual/text_match.h"

namespace proofup::manual {
namespace {

SeenPage PageOf(const StepResult& step) {
  return {step.observed_heading, step.observed_text, step.screenshot_file, step.screen_file};
}

std::string BaseName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

std::string StopNote(const ScenarioResult& s) {
  if (s.outcome == Outcome::kError) return "scenario \"" + s.name + "\" could not run: " + s.error;
  // The failure right before the steps that did not run: a survey walks past
  // earlier ones.
  auto not_run = std::find_if(s.steps.begin(), s.steps.end(),
                              [](const StepResult& st) { return st.outcome == Outcome::kNotRun; });
  for (auto it = std::make_reverse_iterator(not_run); it != s.steps.rend(); ++it) {
    const StepResult& step = *it;
    if (step.outcome == Outcome::kFailed) {
      std::string manual_part;
      for (size_t i = 0; i < step.manual_steps.size(); ++i)
        manual_part += (i ? ", " : " (manual ") + std::to_string(step.manual_steps[i]);
      if (!manual_part.empty()) manual_part += ")";
      return "scenario \"" + s.name + "\" stopped at step " + std::to_string(step.index) +
             manual_part;
    }
  }
  return "scenario \"" + s.name + "\" did not get this far";
}

void Collect(const ScenarioResult& s, Evidence& ev) {
  std::string stop = StopNote(s);
  std::vector<std::string> sequence;
  std::vector<StepVisit> visits;
  for (size_t i = 0; i < s.steps.size(); ++i) {
    const StepResult& step = s.steps[i];
    bool ran = step.outcome != Outcome::kNotRun;
    std::vector<SeenPage> pages;
    // The page a step acts on is the one the step before left behind; a click
    // leaves the next screen behind, which belongs to the next manual step.
    if (ran && i > 0 && step.action != "open" && !s.steps[i - 1].observed_text.empty()) {
      pages.push_back(PageOf(s.steps[i - 1]));
      const std::string& a = step.action;
      pages.back().before_action = a == "click" || a == "fill" || a == "select" || a == "choose";
    }
    if (ran && step.action != "click" && !step.observed_text.empty()) pages.push_back(PageOf(step));
    if (ran && !step.manual_steps.empty()) {
      visits.push_back({step.manual_steps, {}});
      for (const SeenPage& p : pages) visits.back().headings.push_back(p.heading);
    }
    for (int n : step.manual_steps) {
      ev.covered_by[n].push_back({s.name, step.index, step.description, step.outcome});
      StepEvidence& se = ev.steps[n];
      se.reached |= ran;
      if (!ran) {
        se.unfinished = true;
        se.stop_note = stop;
      }
      if (step.outcome == Outcome::kFailed) {
        se.failed_texts.push_back(step.description);
        se.failed_texts.push_back(step.expected);
      }
      se.pages.insert(se.pages.end(), pages.begin(), pages.end());
      for (const SeenPage& p : pages) {
        if (!p.heading.empty() && ev.heading_first_step.emplace(p.heading, n).second)
          ev.all_headings.push_back(p.heading);
      }
    }
    const std::string& h = step.observed_heading;
    if (ran && !h.empty() && !step.manual_steps.empty() &&
        std::find(sequence.begin(), sequence.end(), h) == sequence.end())
      sequence.push_back(h);
  }
  for (int n : FinishOrder(visits))
    if (std::find(ev.run_order.begin(), ev.run_order.end(), n) == ev.run_order.end())
      ev.run_order.push_back(n);
  if (ev.sequences.empty()) ev.first_visits = std::move(visits);
  ev.sequences.push_back(std::move(sequence));
}

// Lines every observed page shows: page furniture, never a replacement label.
std::set<std::string> ChromeLines(const std::vector<const ScenarioResult*>& scenarios) {
  std::map<std::string, std::set<std::string>> pages;  // heading -> lines of one visit
  for (const auto* s : scenarios)
    for (const auto& step : s->steps)
      if (!step.observed_text.empty() && !pages.count(step.observed_heading)) {
        auto lines = SplitLines(step.observed_text);
        pages[step.observed_heading] = {lines.begin(), lines.end()};
      }
  if (pages.size() < 3) return {};
  std::set<std::string> common = pages.begin()->second;
  for (const auto& [heading, lines] : pages) {
    std::set<std::string> both;
    std::set_intersection(common.begin(), common.end(), lines.begin(), lines.end(),
                          std::inserter(both, both.begin()));
    common = std::move(both);
  }
  return common;
}

}  // namespace

std::vector<const ScenarioResult*> SelectScenarios(const Manual& manual, const RunResult& run) {
  std::vector<const ScenarioResult*> selected;
  for (const auto& s : run.scenarios) {
    if (!s.manual.empty() && BaseName(s.manual) == BaseName(manual.file)) selected.push_back(&s);
  }
  return selected;
}

Evidence GatherEvidence(const std::vector<const ScenarioResult*>& scenarios) {
  Evidence ev;
  for (const auto* s : scenarios) Collect(*s, ev);
  ev.chrome = ChromeLines(scenarios);
  return ev;
}

}  // namespace proofup::manual
