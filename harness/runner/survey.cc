// Survey mode of the one runner (RunOptions::survey, for `proofup manual-check`):
// the same steps, the same matching, but drift does not end the walk, so one
// run of a scenario written for the old portal shows every change of the new one.
#include <algorithm>
#include <variant>

#include "harness/runner/scenario_run.h"

namespace proofup::runner {
namespace {

bool OpensBlock(const scenario::Step& step) {
  return std::holds_alternative<scenario::ExpectScreen>(step.action);
}

// A failed expectation is drift the survey records and walks past.
bool IsExpectation(const scenario::Step& step) {
  return OpensBlock(step) || std::holds_alternative<scenario::WaitFor>(step.action);
}

// [begin, end) of each block: the steps before the first `expect screen`,
// then each `expect screen` step with the steps up to the next one.
std::vector<std::pair<size_t, size_t>> ScreenBlocks(const std::vector<scenario::Step>& steps) {
  std::vector<std::pair<size_t, size_t>> blocks;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (blocks.empty() || OpensBlock(steps[i])) blocks.push_back({i, i});
    blocks.back().second = i + 1;
  }
  return blocks;
}

// The survey grace that ended the wait (AutoWait), for the drift message:
// " (the page did not change for 1500 ms: survey grace)"; "" for any other end.
std::string GraceNote(const Status& failure) {
  const std::string& m = failure.message();
  size_t at = m.rfind(" (the page did not change for ");
  return at == std::string::npos || m.find("survey grace)", at) == std::string::npos ? ""
                                                                                     : m.substr(at);
}

}  // namespace

bool ScenarioRun::ShowsScreenOf(size_t step) {
  const auto& expect = std::get<scenario::ExpectScreen>(scenario_.steps[step].action);
  StepResult scratch;
  return browser_ && browser_->has_page() && CheckOnce(expect.screen, scratch).ok();
}

bool ScenarioRun::RunSurvey(ScenarioResult& result) {
  auto blocks = ScreenBlocks(scenario_.steps);
  std::vector<bool> done(blocks.size(), false);
  bool failed = false;
  for (size_t first = 0; first < blocks.size();) {
    // The next block in file order, unless the portal shows the screen a
    // later block expects (a reordered flow): then that one goes first.
    size_t b = first;
    if (OpensBlock(scenario_.steps[blocks[b].first]) && !ShowsScreenOf(blocks[b].first)) {
      for (size_t later = b + 1; later < blocks.size(); ++later)
        if (!done[later] && OpensBlock(scenario_.steps[blocks[later].first]) &&
            ShowsScreenOf(blocks[later].first)) {
          b = later;
          break;
        }
    }
    done[b] = true;
    for (size_t i = blocks[b].first; i < blocks[b].second; ++i) {
      if (options_.cancelled && options_.cancelled->load()) return failed;
      current_step_ = first_step_ + i;
      went_on_ = false;
      StepResult& r = result.steps[current_step_];
      RunStep(scenario_.steps[i], r);
      performed_.push_back(current_step_);
      listener_.OnStepDone(scenario_, r, result.steps.size());
      if (r.outcome != Outcome::kFailed) continue;
      failed = true;
      if (!crash_.empty() || !(went_on_ || IsExpectation(scenario_.steps[i]))) return true;
    }
    while (first < blocks.size() && done[first]) ++first;
  }
  return failed;
}

StatusOr<std::string> ScenarioRun::SurveyReplace(TargetKind kind, const std::string& name,
                                                 const std::string& value,
                                                 const std::vector<std::string>& taken,
                                                 const Status& failure, const TargetAction& act) {
  bool gone = failure.kind() == Status::Kind::kNotFound || failure.kind() == Status::Kind::kTimeout;
  if (!gone || !browser_->has_page()) return failure;
  auto stop = [&](const std::string& why) {
    return Status::NotFound(failure.message() + "; " + why + ": the survey stops here");
  };
  auto failed = [&](const NearestTarget& t, const Status& s) {
    return Status::FailedPrecondition(failure.message() + "; the nearest " + t.role + " \"" +
                                      t.text + "\" did not work either (" + s.message() +
                                      "): the survey stops here");
  };
  const browser::Page& page = browser_->page();
  const char* role = RoleName(kind);
  // What the step names was on the screen: only an option of its list can be gone.
  bool named_here = kind == TargetKind::kList && NamedList(page, name) != nullptr;
  std::string drift, target = name;
  if (!named_here) {
    std::optional<NearestTarget> nearest = FindNearestTarget(page, kind, name, taken);
    if (!nearest) return stop(std::string("no ") + role + " on the screen to go on with");
    // A button keeps its old message: the manual check's reports quote it.
    drift = (kind == TargetKind::kClickable ? "" : std::string(role) + " ") + "\"" + name +
            "\" not found; the survey went on with the nearest " + nearest->role + " \"" +
            nearest->text + "\"";
    Status s = act(nearest->text, value);
    if (s.ok()) return drift + GraceNote(failure);
    if (kind != TargetKind::kList || s.kind() != Status::Kind::kNotFound)
      return failed(*nearest, s);
    target = nearest->text;  // a renamed list whose option is renamed too
  }
  const browser::Field* list = NamedList(browser_->page(), target);
  std::optional<NearestTarget> option = list ? FindNearestOption(*list, value) : std::nullopt;
  if (!option) return stop("no option in list \"" + target + "\" to go on with");
  if (Status s = act(target, option->text); !s.ok()) return failed(*option, s);
  return drift + (drift.empty() ? "" : "; ") + "option \"" + value + "\" not in list \"" + target +
         "\"; the survey went on with the nearest option \"" + option->text + "\"" +
         GraceNote(failure);
}

Status ScenarioRun::Surveyed(TargetKind kind, const std::string& name, const std::string& value,
                             const Status& status, const TargetAction& act) {
  if (status.ok() || !options_.survey) return status;
  auto drift = SurveyReplace(kind, name, value, {}, status, act);
  if (!drift.ok()) return drift.status();
  went_on_ = true;
  return Status::NotFound(*drift);
}

void ScenarioRun::ReportInOrderPerformed(ScenarioResult& result) const {
  if (performed_.empty()) return;
  // Survey: the steps in the order performed, the rest after in file order.
  std::vector<StepResult> ordered;
  std::vector<bool> taken(result.steps.size(), false);
  for (size_t i = 0; i < first_step_; ++i) {  // before hooks stay first
    ordered.push_back(std::move(result.steps[i]));
    taken[i] = true;
  }
  for (size_t i : performed_) {
    ordered.push_back(std::move(result.steps[i]));
    taken[i] = true;
  }
  for (size_t i = 0; i < taken.size(); ++i)
    if (!taken[i]) ordered.push_back(std::move(result.steps[i]));
  result.steps = std::move(ordered);
}

// In a reordered survey the step performed after a block's last step is the
// first of another block, not the next in the file; both are `expect screen`
// steps, which act on nothing, so the file's next step names the right target.
std::string ScenarioRun::NextTarget() const {
  const size_t step = current_step_ - first_step_;  // current_step_ indexes result.steps
  if (current_step_ < first_step_ || step + 1 >= scenario_.steps.size()) return "";
  const scenario::Action& next = scenario_.steps[step + 1].action;
  std::string target;
  TargetKind kind = TargetKind::kClickable;
  std::vector<std::string> others;  // the other fields the step names
  auto fields = [&](const std::vector<scenario::FieldValue>& list, TargetKind k) {
    if (list.empty()) return;
    target = list.front().field;
    kind = k;
    for (size_t i = 1; i < list.size(); ++i)
      if (auto e = Expand(list[i].field); e.ok()) others.push_back(*e);
  };
  if (const auto* c = std::get_if<scenario::Click>(&next)) target = c->target.text;
  if (const auto* f = std::get_if<scenario::Fill>(&next)) fields(f->fields, TargetKind::kTextField);
  if (const auto* s = std::get_if<scenario::Select>(&next)) fields(s->fields, TargetKind::kList);
  if (const auto* o = std::get_if<scenario::Choose>(&next)) {
    target = o->option;
    kind = TargetKind::kRadio;
  }
  if (const auto* k = std::get_if<scenario::Check>(&next)) {
    target = k->field;
    kind = TargetKind::kCheckbox;
  }
  auto expanded = Expand(target);
  if (!expanded.ok() || expanded->empty()) return "";
  // The survey will act on the replacement of a renamed target: frame that one.
  if (!options_.survey || !browser_ || !browser_->has_page()) return *expanded;
  const browser::Page& page = browser_->page();
  if (OnScreen(page, kind, *expanded)) return *expanded;
  auto nearest = FindNearestTarget(page, kind, *expanded, others);
  return nearest ? nearest->text : *expanded;
}

}  // namespace proofup::runner
