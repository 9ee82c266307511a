// The manual check: which scenario steps cover each manual step, whether the
// labels the manual quotes were on the pages the run saw there (evidence.h
// gathers them), and whether the screens came in the manual's order. Only
// observations count: a step the run never reached is "not checked", never
// guessed.
#include <algorithm>
#include <map>
#include <set>

#include "harness/manual/evidence.h"
#include "harness/manual/manual.h"
#include "harness/manual/run_order.h"
#include "harness/manual/screen_order.h"
#include "harness/manual/text_match.h"

namespace proofup::manual {
namespace {

// The manual's own part of a check, before any comparison.
ManualCheck CheckOf(const Manual& manual) {
  ManualCheck check;
  check.manual_file = manual.file;
  check.manual_title = manual.title;
  check.language = manual.language;
  return check;
}

StepCheck StepCheckOf(const ManualStep& step) {
  StepCheck sc;
  sc.number = step.number;
  sc.actor = step.actor;
  sc.summary = step.summary;
  sc.phone_labels = step.phone_labels;
  return sc;
}

std::vector<std::string> HeadingParts(const std::string& heading) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t sep; (sep = heading.find(" / ", start)) != std::string::npos; start = sep + 3)
    parts.push_back(heading.substr(start, sep - start));
  parts.push_back(heading.substr(start));
  return parts;
}

class Checker {
 public:
  Checker(const Manual& manual, Evidence ev) : manual_(manual), ev_(std::move(ev)) {
    for (size_t i = 0; i < manual.steps.size(); ++i) {
      position_[manual.steps[i].number] = static_cast<int>(i);
      for (const auto& screen : manual.steps[i].screens)
        screen_steps_[screen].push_back(manual.steps[i].number);
    }
  }

  ManualCheck Run() {
    ManualCheck check = CheckOf(manual_);
    for (const auto& step : manual_.steps) check.steps.push_back(CheckStep(step));
    NewScreens();
    OrderOfScreens();
    std::stable_sort(findings_.begin(), findings_.end(), [&](const Finding& a, const Finding& b) {
      return position_[a.step] < position_[b.step];
    });
    for (auto& sc : check.steps)
      if (sc.status != StepStatus::kNotCovered &&
          std::any_of(findings_.begin(), findings_.end(),
                      [&](const Finding& f) { return f.step == sc.number; }))
        sc.status = StepStatus::kDrift;
    check.findings = std::move(findings_);
    return check;
  }

 private:
  bool OwnScreen(const ManualStep& step, const std::string& heading) const {
    return step.screens.empty() ||
           std::find(step.screens.begin(), step.screens.end(), heading) != step.screens.end();
  }
  bool KnownScreen(const std::string& heading) const { return screen_steps_.count(heading) > 0; }

  StepCheck CheckStep(const ManualStep& step) {
    StepCheck sc = StepCheckOf(step);
    sc.covered_by = ev_.covered_by[step.number];
    const StepEvidence& se = ev_.steps[step.number];
    std::vector<const SeenPage*> pages, elsewhere;
    bool acted = false;  // sc.screenshot is a page an action used
    for (const SeenPage& p : se.pages) {
      if (std::find(sc.screens_seen.begin(), sc.screens_seen.end(), p.heading) ==
          sc.screens_seen.end())
        sc.screens_seen.push_back(p.heading);
      bool own = OwnScreen(step, p.heading) || !KnownScreen(p.heading);
      (own ? pages : elsewhere).push_back(&p);
      // The picture of the step: the first of its own screens that was saved,
      // preferably one an action used (its shot frames the element acted on).
      if (own && !p.screenshot.empty() && (sc.screenshot.empty() || (p.before_action && !acted))) {
        sc.screenshot = p.screenshot;
        acted = p.before_action;
      }
      if (own && sc.screen_file.empty()) sc.screen_file = p.screen_file;
    }
    std::string not_checked;
    if (sc.covered_by.empty()) {
      sc.status = StepStatus::kNotCovered;
      Add(FindingKind::kNotCovered, step.number, "", "",
          "step " + std::to_string(step.number) + ": no scenario step covers it");
      not_checked = "no scenario step covers it";
    } else if (!se.reached) {
      not_checked = se.stop_note;
    } else if (pages.empty() && !elsewhere.empty()) {
      not_checked = WrongScreen(step, *elsewhere.front());
    } else if (pages.empty() && !step.labels.empty()) {
      not_checked = se.unfinished ? se.stop_note : "the run saw no page at this step";
    }
    bool all_checked = not_checked.empty();
    for (const auto& label : step.labels) {
      LabelCheck lc = not_checked.empty()
                          ? CheckLabel(step, label, pages, se)
                          : LabelCheck{label, LabelMatch::kNotChecked, "", not_checked};
      all_checked &= lc.match != LabelMatch::kNotChecked;
      sc.labels.push_back(std::move(lc));
    }
    if (!sc.covered_by.empty()) {
      sc.status = all_checked && se.reached ? StepStatus::kMatches : StepStatus::kNotChecked;
      if (sc.status == StepStatus::kNotChecked)
        sc.note = "not checked (" + (not_checked.empty() ? se.stop_note : not_checked) + ")";
    }
    return sc;
  }

  // The step saw only screens the manual places at other steps: moved screens.
  std::string WrongScreen(const ManualStep& step, const SeenPage& seen) {
    std::string where;
    for (int n : screen_steps_[seen.heading])
      where += (where.empty() ? "" : ", ") + std::to_string(n);
    std::string expected;
    for (const auto& s : step.screens) expected += (expected.empty() ? "\"" : " or \"") + s + "\"";
    moved_.insert(seen.heading);
    Add(FindingKind::kReordered, step.number, expected, seen.heading,
        "step " + std::to_string(step.number) + ": the portal shows \"" + seen.heading +
            "\" (the screen of step " + where + ") where the manual has " + expected);
    return "the portal showed the screen of step " + where + " instead";
  }

  LabelCheck CheckLabel(const ManualStep& step, const std::string& label,
                        const std::vector<const SeenPage*>& pages, const StepEvidence& se) {
    LabelCheck lc{label, LabelMatch::kMissing, "", ""};
    std::vector<std::string> candidates;
    for (const SeenPage* p : pages) {
      auto heading_parts = HeadingParts(p->heading);
      for (const auto& line : SplitLines(p->text)) {
        LineMatch m = MatchLine(label, line);
        if (m == LineMatch::kExact) return {label, LabelMatch::kExact, line, ""};
        if (m == LineMatch::kCaseOrSpacing) {
          lc = {label, LabelMatch::kCaseOrSpacing, line, ""};
          continue;
        }
        bool other_label = std::any_of(step.labels.begin(), step.labels.end(), [&](const auto& l) {
          return MatchLine(l, line) != LineMatch::kNone;
        });
        bool heading =
            std::find(heading_parts.begin(), heading_parts.end(), line) != heading_parts.end();
        if (!other_label && !heading && !ev_.chrome.count(line)) candidates.push_back(line);
      }
    }
    if (lc.match == LabelMatch::kCaseOrSpacing) return lc;
    // The run stopped before the rest of the step, and not because of this label.
    std::string quoted = "\"" + label + "\"";
    bool failed_on_it =
        std::any_of(se.failed_texts.begin(), se.failed_texts.end(),
                    [&](const auto& t) { return t.find(quoted) != std::string::npos; });
    if (se.unfinished && !failed_on_it) return {label, LabelMatch::kNotChecked, "", se.stop_note};
    lc.seen = ClosestLine(label, candidates).value_or("");
    std::string msg = "step " + std::to_string(step.number) + ": " + quoted + " not found; ";
    msg += lc.seen.empty() ? "nothing similar on the screen"
                           : "the screen now reads \"" + lc.seen + "\"";
    Add(FindingKind::kLabelMissing, step.number, label, lc.seen, msg);
    return lc;
  }

  void NewScreens() {
    for (const auto& heading : ev_.all_headings) {
      if (KnownScreen(heading)) continue;
      int n = ev_.heading_first_step[heading];
      Add(FindingKind::kNewScreen, n, heading, "",
          "step " + std::to_string(n) + ": new screen \"" + heading +
              "\" that no manual step mentions");
    }
  }

  // The first step (in the manual's order) that shows `heading`.
  int StepOf(const std::string& heading) {
    const auto& steps = screen_steps_[heading];
    return *std::min_element(steps.begin(), steps.end(),
                             [&](int a, int b) { return position_[a] < position_[b]; });
  }

  // Screens the run passed in another order than the manual: those outside
  // the longest non-decreasing run of manual step numbers, grouped.
  void OrderOfScreens() {
    for (const auto& full : ev_.sequences) {
      std::vector<std::string> seq;
      for (const auto& h : full)
        if (KnownScreen(h)) seq.push_back(h);
      std::vector<std::vector<int>> places;
      for (const auto& h : seq) {
        places.emplace_back();
        for (int n : screen_steps_[h]) places.back().push_back(position_[n]);
      }
      std::vector<bool> in_order = LongestOrderedRun(places);
      for (size_t i = 0; i < seq.size();) {
        if (in_order[i]) {
          ++i;
          continue;
        }
        size_t end = i;
        while (end < seq.size() && !in_order[end]) ++end;
        ReportMoved(seq, i, end);
        i = end;
      }
    }
  }

  void ReportMoved(const std::vector<std::string>& seq, size_t begin, size_t end) {
    std::string screens, subject;
    bool already = false;
    for (size_t k = begin; k < end; ++k) {
      already |= moved_.count(seq[k]) > 0;
      screens +=
          (k > begin ? ", \"" : "\"") + seq[k] + "\" (step " + std::to_string(StepOf(seq[k])) + ")";
      subject += (k > begin ? ", " : "") + seq[k];
    }
    if (already) return;
    std::string now;
    if (begin > 0)
      now +=
          "after \"" + seq[begin - 1] + "\" (step " + std::to_string(StepOf(seq[begin - 1])) + ")";
    if (end < seq.size())
      now += (now.empty() ? "" : ", ") + std::string("before \"") + seq[end] + "\" (step " +
             std::to_string(StepOf(seq[end])) + ")";
    int step = StepOf(seq[begin]);
    Add(FindingKind::kReordered, step, subject, now,
        "step " + std::to_string(step) + ": " + screens +
            (end - begin > 1 ? " now come " : " now comes ") + now);
  }

  void Add(FindingKind kind, int step, std::string subject, std::string now, std::string message) {
    findings_.push_back({kind, step, std::move(subject), std::move(now), std::move(message)});
  }

  const Manual& manual_;
  Evidence ev_;
  std::map<std::string, std::vector<int>> screen_steps_;  // screen heading -> manual steps
  std::map<int, int> position_;  // manual step number -> its place in the manual (0-based)
  std::set<std::string> moved_;  // screens already reported as moved
  std::vector<Finding> findings_;
};

}  // namespace

bool ManualCheck::Compared() const { return !scenarios.empty(); }

bool ManualCheck::Matches() const {
  return Compared() && findings.empty() &&
         std::all_of(steps.begin(), steps.end(),
                     [](const StepCheck& s) { return s.status == StepStatus::kMatches; });
}

ManualCheck CheckManual(const Manual& manual, const RunResult& run) {
  auto scenarios = SelectScenarios(manual, run);
  if (scenarios.empty()) {
    ManualCheck check = CheckOf(manual);
    for (const auto& step : manual.steps) {
      StepCheck sc = StepCheckOf(step);
      for (const auto& label : step.labels)
        sc.labels.push_back({label, LabelMatch::kNotChecked, "", "no scenario follows the manual"});
      sc.note = "not compared (no scenario of the run names the manual)";
      check.steps.push_back(std::move(sc));
    }
    return check;
  }
  Evidence ev = GatherEvidence(scenarios);
  std::vector<int> run_order = ev.run_order;
  std::vector<ManualCheck::MovedScreen> moved = MovedScreens(manual, ev.first_visits);
  ManualCheck check = Checker(manual, std::move(ev)).Run();
  check.run_order = std::move(run_order);
  check.moved_screens = std::move(moved);
  for (const auto* s : scenarios) check.scenarios.push_back(s->name);
  return check;
}

}  // namespace proofup::manual
