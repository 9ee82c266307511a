#include "harness/runner/scenario_run.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "harness/browser/url.h"
#include "harness/runner/expectation.h"
#include "harness/runner/text_search.h"

namespace proofup::runner {
namespace {

using Clock = std::chrono::steady_clock;

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// `reference` against `base`; an unresolvable reference is returned as written.
std::string Resolve(const std::string& base, const std::string& reference) {
  auto r = browser::ResolveUrl(base, reference);
  return r.ok() ? *r : reference;
}

// Waiting can mend these: the element or text may still appear.
bool NotThereYet(const Status& s) { return s.kind() == Status::Kind::kNotFound; }
// A screen that differs from the expectation may still become it.
bool ScreenDiffers(const Status& s) { return s.kind() == Status::Kind::kFailedPrecondition; }
// No QR code on the screen yet (not: the app or portal refused the one it read).
bool NoQrYet(const Status& s) {
  return s.kind() == Status::Kind::kNotFound && (s.message().rfind("no QR code", 0) == 0 ||
                                                 s.message().rfind("there is no image", 0) == 0);
}

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace

ScenarioRun::ScenarioRun(const scenario::Scenario& scenario, const TestUser* user,
                         const RunOptions& options, RunListener& listener, std::string screen_dir,
                         browser::BrowserLauncher& launcher)
    : launcher_(launcher),
      scenario_(scenario),
      user_(user),
      options_(options),
      listener_(listener),
      archive_(options.run_dir, std::move(screen_dir)) {}

ScenarioResult ScenarioRun::Execute() {
  // Every step (and hook) starts as "not run" and is filled in as it is performed.
  ScenarioResult result = UnrunResult(scenario_, Outcome::kNotRun);
  const size_t first = scenario_.before.size();  // result.steps: before hooks, steps, after hooks
  auto start = Clock::now();
  Status started = Start();
  if (started.ok()) started = RunHooks(scenario_.before, "before", result, 0, "");
  bool failed = !started.ok();
  first_step_ = first;
  if (started.ok()) failed = options_.survey ? RunSurvey(result) : RunInOrder(result);
  // After hooks run whatever happened: a failed step, a failed before hook, Ctrl-C.
  const bool steps_ran =
      !failed && (scenario_.steps.empty() ||
                  result.steps[first + scenario_.steps.size() - 1].outcome != Outcome::kNotRun);
  Status cleaned = RunHooks(scenario_.after, "after", result, first + scenario_.steps.size(),
                            !started.ok() ? "error"
                            : failed      ? "failed"
                            : steps_ran   ? "passed"
                                          : "not run");
  result.duration_ms = MillisSince(start);
  LearnPhoneSecrets();
  MaskAndSave(result);
  ReportInOrderPerformed(result);
  if (!started.ok()) {
    result.outcome = Outcome::kError;
    result.error = mask_.Mask(started.message());
  } else if (!crash_.empty()) {
    // Not the portal's fault: the scenario could not be judged.
    result.outcome = Outcome::kError;
    result.error = mask_.Mask(crash_);
  } else if (failed) {
    result.outcome = Outcome::kFailed;
  } else {
    result.outcome = steps_ran ? Outcome::kPassed : Outcome::kNotRun;
  }
  if (!cleaned.ok()) {
    // Reported besides the scenario's own result, never instead of it.
    const std::string message = mask_.Mask(cleaned.message());
    if (result.outcome == Outcome::kPassed) {
      result.outcome = Outcome::kError;
      result.error = "the steps passed, but " + message;
    } else {
      result.error += (result.error.empty() ? "" : "; also: ") + message;
    }
  }
  return result;
}

bool ScenarioRun::RunInOrder(ScenarioResult& result) {
  for (size_t i = 0; i < scenario_.steps.size(); ++i) {
    if (options_.cancelled && options_.cancelled->load()) return false;  // the rest: "not run"
    current_step_ = first_step_ + i;
    StepResult& r = result.steps[current_step_];
    RunStep(scenario_.steps[i], r);
    listener_.OnStepDone(scenario_, r, result.steps.size());
    if (r.outcome == Outcome::kFailed) return true;
  }
  return false;
}

void ScenarioRun::RunStep(const scenario::Step& step, StepResult& r) {
  auto start = Clock::now();
  Status s = Perform(step.action, r);
  r.duration_ms = MillisSince(start);
  LearnPhoneSecrets();
  if (s.ok()) {
    r.outcome = Outcome::kPassed;
    RecordPhoneScreen(step.action, r);
  } else {
    r.outcome = Outcome::kFailed;
    r.failure = mask_.Mask(s.message());
    std::string crash = browser_ ? browser_->crash_reason() : "";
    if (!crash.empty()) {
      crash_ = crash + " during step " + std::to_string(r.index);
      browser_failed_ = true;
      r.failure = mask_.Mask(crash_);
      return;  // nothing left to observe
    }
  }
  Observe(r);
}

Status ScenarioRun::Perform(const scenario::Action& action, StepResult& r) {
  namespace sc = scenario;
  auto& app = phone_->app();
  return std::visit(
      Overloaded{
          [&](const sc::Open& a) { return Open(a); },
          [&](const sc::ExpectScreen& a) { return Expect(a.screen, r); },
          [&](const sc::WaitFor& a) { return WaitFor(a, r); },
          [&](const sc::Fill& a) {
            return ForEachField(
                a.fields, TargetKind::kTextField,
                [&](const std::string& f, const std::string& v) { return browser_->Fill(f, v); });
          },
          [&](const sc::Select& a) {
            return ForEachField(
                a.fields, TargetKind::kList,
                [&](const std::string& f, const std::string& v) { return browser_->Select(f, v); });
          },
          [&](const sc::Check& a) {
            auto f = Expand(a.field);
            if (!f.ok()) return f.status();
            TargetAction act = [&](const std::string& field, const std::string&) {
              return a.checked ? browser_->Check(field) : browser_->Uncheck(field);
            };
            Status s = AutoWait([&] { return act(*f, ""); }, NotThereYet, kReplaceable);
            return Surveyed(TargetKind::kCheckbox, *f, "", s, act);
          },
          [&](const sc::Choose& a) {
            auto o = Expand(a.option);
            if (!o.ok()) return o.status();
            TargetAction act = [&](const std::string& option, const std::string&) {
              return browser_->Choose(option);
            };
            Status s = AutoWait([&] { return act(*o, ""); }, NotThereYet, kReplaceable);
            return Surveyed(TargetKind::kRadio, *o, "", s, act);
          },
          [&](const sc::Click& a) {
            Status s = AutoWait([&] { return Click(a); }, NotThereYet, kReplaceable);
            auto label = Expand(a.target.text);
            if (s.ok() || !a.target.css.empty() || !label.ok()) return s;
            return Surveyed(
                TargetKind::kClickable, *label, "", s,
                [&](const std::string& text, const std::string&) { return browser_->Click(text); });
          },
          [&](const sc::Capture& a) { return AutoWait([&] { return Capture(a); }, NotThereYet); },
          [&](const sc::Note&) { return Status::Ok(); },
          [&](const sc::Pause& a) {
            // In slices, so that Ctrl-C does not wait for a long pause.
            const auto end = std::chrono::steady_clock::now() + a.duration;
            while (std::chrono::steady_clock::now() < end) {
              if (options_.cancelled && options_.cancelled->load()) break;
              auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                  end - std::chrono::steady_clock::now());
              phone_clock_.Pause(std::min(left, std::chrono::milliseconds(100)));
            }
            return Status::Ok();
          },
          [&](const sc::InstallApp&) { return app.Install(); },
          [&](const sc::AcceptTerms&) { return app.AcceptTerms(); },
          [&](const sc::UninstallApp&) { return app.Uninstall(); },
          [&](const sc::ScanQr& a) { return AutoWait([&] { return ScanQr(a, r); }, NoQrYet); },
          [&](const sc::EnterCodeManually&) {
            return AutoWait([&] { return EnterCodeManually(); }, NotThereYet);
          },
          [&](const sc::AnswerPush& a) { return AnswerPush(a, r); },
          [&](const sc::ReadTotp& a) { return ReadTotp(a); },
          [&](const sc::AddAccount& a) { return AddAccount(a); },
          [&](const sc::ReadSms& a) { return ReadSms(a); },
          [&](const sc::EnterPin& a) {
            auto pin = Expand(a.pin.empty() ? scenario_.phone.pin : a.pin);
            if (!pin.ok()) return pin.status();
            mask_.Add(*pin);
            app.SetTypedPin(*pin);
            return Status::Ok();
          },
          [&](const sc::HttpRequest& a) { return Request(a, r); },
          [&](const sc::SetPhoneClock& a) {
            phone_clock_.set_skew(a.skew_seconds);
            return Status::Ok();
          },
          [&](const auto&) { return Control(action); },
      },
      action);
}

Status ScenarioRun::NeedPage() const {
  if (browser_->has_page()) return Status::Ok();
  return Status::FailedPrecondition("no page is open yet (start with \"go to\")");
}

Status ScenarioRun::Open(const scenario::Open& a) {
  auto url = Expand(a.url);
  if (!url.ok()) return url.status();
  std::string target = *url;
  if (!target.empty() && target[0] == '/') target = Resolve(options_.target, target);
  return browser_->Open(target);
}

// What the page shows, to tell whether it changed between two looks.
std::string ScenarioRun::PageState() const {
  if (!browser_->has_page()) return "";
  const browser::Page& page = browser_->page();
  return page.url + '\n' + page.html;
}

Status ScenarioRun::AutoWait(const std::function<Status()>& attempt, bool (*retry)(const Status&),
                             bool replaceable) {
  auto start = Clock::now();
  auto deadline = start + options_.step_timeout;
  bool waited = false;
  // Survey: what is still absent once the page stopped changing is renamed
  // or gone; waiting longer only delays the replacement.
  bool grace = replaceable && options_.survey;
  auto unchanged_since = start;
  std::string seen = grace ? PageState() : "";
  for (;;) {
    Status s = attempt();
    if (s.ok() || !retry(s)) return s;
    bool cancelled = options_.cancelled && options_.cancelled->load();
    if (Clock::now() >= deadline || cancelled) {
      if (!waited) return s;
      return Status::Timeout(s.message() + " (waited " +
                             std::to_string(static_cast<long>(MillisSince(start))) +
                             " ms for the page to change)");
    }
    if (grace && waited && Clock::now() - unchanged_since >= options_.survey_grace)
      return Status::Timeout(s.message() + " (the page did not change for " +
                             std::to_string(options_.survey_grace.count()) + " ms: survey grace)");
    Status changed = browser_->AwaitChange(deadline);
    if (changed.kind() == Status::Kind::kUnimplemented) return s;  // a static page
    if (!changed.ok()) return changed;
    waited = true;
    if (!grace) continue;
    if (std::string now = PageState(); now != seen) {
      seen = std::move(now);
      unchanged_since = Clock::now();
    }
  }
}

Status ScenarioRun::Expect(const scenario::ScreenExpectation& e, StepResult& r) {
  return AutoWait([&] { return CheckOnce(e, r); }, ScreenDiffers, kReplaceable);
}

Status ScenarioRun::CheckOnce(const scenario::ScreenExpectation& e, StepResult& r) {
  auto expanded = InterpolateExpectation(e, [this](std::string_view n) { return Lookup(n); });
  if (!expanded.ok()) return expanded.status();
  r.expected = mask_.Mask(DescribeExpectation(*expanded));
  if (Status s = NeedPage(); !s.ok()) return s;
  std::string difference = CheckScreen(*expanded, browser_->page());
  if (difference.empty()) return Status::Ok();
  return Status::FailedPrecondition(difference);
}

Status ScenarioRun::WaitFor(const scenario::WaitFor& a, StepResult& r) {
  auto timeout = a.timeout.count() > 0 ? a.timeout : options_.step_timeout;
  auto deadline = Clock::now() + timeout;
  // Re-check at once, then back off (1, 2, 4 ... 100 ms): the portal usually
  // has the answer on the first refresh, and a slow one is not hammered.
  auto pause = std::chrono::milliseconds(0);
  for (;;) {
    Status s = CheckOnce(a.screen, r);
    if (s.ok()) return s;
    if (Clock::now() >= deadline || (options_.cancelled && options_.cancelled->load()))
      return Status::Timeout(s.message() + " (waited " + std::to_string(timeout.count()) + " ms)");
    std::this_thread::sleep_for(pause);
    pause =
        std::min(std::chrono::milliseconds(100), std::max(pause * 2, std::chrono::milliseconds(1)));
    if (Status nav = browser_->Poll(); !nav.ok()) return nav;
  }
}

Status ScenarioRun::ForEachField(const std::vector<scenario::FieldValue>& fields, TargetKind kind,
                                 const TargetAction& act) {
  if (Status s = NeedPage(); !s.ok()) return s;
  std::vector<std::string> names;
  for (const auto& fv : fields) {
    auto field = Expand(fv.field);
    if (!field.ok()) return field.status();
    names.push_back(*field);
  }
  std::string drift;              // survey: the fields that were gone, and what was used instead
  std::vector<std::string> used;  // names the step acted on
  TargetAction recorded = [&](const std::string& field, const std::string& value) {
    Status s = act(field, value);
    if (s.ok()) used.push_back(field);
    return s;
  };
  for (size_t i = 0; i < fields.size(); ++i) {
    auto value = Expand(fields[i].value);
    if (!value.ok()) return value.status();
    Status s = AutoWait([&] { return recorded(names[i], *value); }, NotThereYet, kReplaceable);
    if (s.ok()) continue;
    if (!options_.survey) return s;
    // The step's other fields, and those it already used, are no replacement for this one.
    std::vector<std::string> taken = used;
    for (size_t j = 0; j < names.size(); ++j)
      if (j != i) taken.push_back(names[j]);
    auto went_on = SurveyReplace(kind, names[i], *value, taken, s, recorded);
    if (!went_on.ok()) return went_on.status();
    drift += (drift.empty() ? "" : "; ") + *went_on;
  }
  if (drift.empty()) return Status::Ok();
  went_on_ = true;
  return Status::NotFound(drift);
}

Status ScenarioRun::Click(const scenario::Click& a) {
  if (Status s = NeedPage(); !s.ok()) return s;
  if (!a.target.css.empty()) {
    auto text = browser_->TextOf(a.target.css);
    if (!text.ok()) return text.status();
    return browser_->Click(NormalizeSpace(*text));
  }
  auto text = Expand(a.target.text);
  return text.ok() ? browser_->Click(*text) : text.status();
}

Status ScenarioRun::Capture(const scenario::Capture& a) {
  if (Status s = NeedPage(); !s.ok()) return s;
  std::string source = browser_->page().text;
  if (!a.from_css.empty()) {
    auto text = browser_->TextOf(a.from_css);
    if (!text.ok()) return text.status();
    source = *text;
  }
  std::string value = NormalizeSpace(source);
  if (!a.pattern.empty()) {
    auto found = FindFirst(a.pattern, source);  // syntax checked by the loader
    if (!found.ok()) return found.status();
    if (!found->has_value())
      return Status::NotFound("nothing on the screen matches \"" + a.pattern + "\"" +
                              (a.from_css.empty() ? "" : " in \"" + a.from_css + "\""));
    value = **found;
  }
  SetVariable(a.var, value, a.secret);
  return Status::Ok();
}

}  // namespace proofup::runner
