// Survey mode of the one runner (RunOptions::survey, for `proofup manual-check`):
// the same steps, the same matching, but drift does not end the walk, so one
// run of a scenario written for the old portal shows every change of the new one.
#include <algorithm>
#include <variant>

#include "harness/base/closest_text.h"
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

Status ScenarioRun::SurveyClick(const scenario::Click& a, const Status& failure) {
  bool gone = failure.kind() == Status::Kind::kNotFound || failure.kind() == Status::Kind::kTimeout;
  if (!gone || !a.target.css.empty() || !browser_->has_page()) return failure;
  auto label = Expand(a.target.text);
  if (!label.ok()) return failure;
  // Same role first: a button stays a button. A link only when it shares a
  // word with the label; a renamed primary action rarely keeps a word.
  const browser::Page& page = browser_->page();
  std::vector<std::string> buttons, all;
  for (const auto& b : page.buttons)
    if (b.visible && !b.disabled && !b.text.empty()) buttons.push_back(b.text);
  all = buttons;
  for (const auto& l : page.links)
    if (!l.text.empty()) all.push_back(l.text);
  std::optional<ClosestText> nearest = FindClosestText(*label, all);
  std::string role = "link";
  if (!nearest || !nearest->shares_word) {
    nearest = FindClosestText(*label, buttons);
    role = "button";
  } else if (std::find(buttons.begin(), buttons.end(), nearest->text) != buttons.end()) {
    role = "button";
  }
  if (!nearest)
    return Status::NotFound(failure.message() +
                            "; no button on the screen to go on with: the survey stops here");
  if (Status s = browser_->Click(nearest->text); !s.ok())
    return Status::FailedPrecondition(failure.message() + "; the nearest " + role + " \"" +
                                      nearest->text + "\" did not work either (" + s.message() +
                                      "): the survey stops here");
  went_on_ = true;
  return Status::NotFound("\"" + *label + "\" not found; the survey went on with the nearest " +
                          role + " \"" + nearest->text + "\"");
}

std::string ScenarioRun::NextTarget() const {
  const size_t step = current_step_ - first_step_;  // current_step_ indexes result.steps
  if (current_step_ < first_step_ || step + 1 >= scenario_.steps.size()) return "";
  const scenario::Action& next = scenario_.steps[step + 1].action;
  std::string target;
  if (const auto* c = std::get_if<scenario::Click>(&next)) target = c->target.text;
  if (const auto* f = std::get_if<scenario::Fill>(&next); f && !f->fields.empty())
    target = f->fields.front().field;
  if (const auto* s = std::get_if<scenario::Select>(&next); s && !s->fields.empty())
    target = s->fields.front().field;
  if (const auto* o = std::get_if<scenario::Choose>(&next)) target = o->option;
  auto expanded = Expand(target);
  return expanded.ok() ? *expanded : "";
}

}  // namespace proofup::runner
