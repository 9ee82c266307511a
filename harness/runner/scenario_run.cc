#include "harness/runner/scenario_run.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
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

// "http://127.0.0.1:8080/x/y" -> "http://127.0.0.1:8080".
std::string OriginOf(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  size_t path = url.find('/', scheme + 3);
  return path == std::string::npos ? url : url.substr(0, path);
}

// `reference` against `base`; an unresolvable reference is returned as written.
std::string Resolve(const std::string& base, const std::string& reference) {
  auto r = browser::ResolveUrl(base, reference);
  return r.ok() ? *r : reference;
}

// At most `limit` bytes of `text` (cut at a UTF-8 character boundary) and a
// marker saying how much was left out, so a huge page cannot bloat the reports.
std::string TruncateText(const std::string& text, size_t limit) {
  if (limit == 0 || text.size() <= limit) return text;
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "\n[... " + std::to_string(text.size() - cut) +
         " more bytes not in the report (limit " + std::to_string(limit) +
         " bytes, --max-step-text)]";
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

// Whether a shot that painted over `before` also hides every secret in
// `now` on a page whose markup is `html`: each secret learned since is
// absent from the markup. Only for secrets of characters that markup never
// escapes; any other new secret gets a fresh shot.
bool NothingNewToMask(const std::vector<std::string>& before, const std::vector<std::string>& now,
                      const std::string& html) {
  for (const std::string& secret : now) {
    if (std::find(before.begin(), before.end(), secret) != before.end()) continue;
    bool plain = std::all_of(secret.begin(), secret.end(), [](unsigned char c) {
      return std::isalnum(c) || c == ' ' || c == '-' || c == '_' || c == '.' || c == '+' ||
             c == '/' || c == '=' || c == ':';
    });
    if (!plain || secret.empty() || html.find(secret) != std::string::npos) return false;
  }
  return true;
}
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
  if (!performed_.empty()) {
    // Survey: the steps in the order performed, the rest after in file order.
    std::vector<StepResult> ordered;
    std::vector<bool> taken(result.steps.size(), false);
    for (size_t i = 0; i < first; ++i) {  // before hooks stay first
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

Status ScenarioRun::Start() {
  http::TransportOptions transport = options_.transport;
  transport.total_timeout_ms = options_.step_timeout.count();
  if (user_ && user_->language == "en") transport.accept_language = "en-GB,en;q=0.9";
  if (options_.language == "en") transport.accept_language = "en-GB,en;q=0.9";
  if (options_.language == "nl") transport.accept_language = "nl-NL,nl;q=0.9,en;q=0.8";
  if (scenario_.language == "en") transport.accept_language = "en-GB,en;q=0.9";
  if (scenario_.language == "nl") transport.accept_language = "nl-NL,nl;q=0.9,en;q=0.8";
  transport_options_ = transport;
  browser::SessionOptions session;
  session.transport = transport;
  session.browsing.navigation_timeout_ms = options_.step_timeout.count();  // all hops together
  session.browsing.max_resource_bytes = options_.max_resource_bytes;
  auto browser = launcher_.NewSession(session);
  if (!browser.ok()) {
    Status::Kind kind = browser.status().kind();
    browser_failed_ = kind == Status::Kind::kNetworkError || kind == Status::Kind::kTimeout;
    return browser.status();
  }
  browser_ = std::move(*browser);
  control_ = std::make_unique<ControlClient>(options_.target, options_.admin_token,
                                             http::NewCurlTransport(transport));
  if (user_) {
    mask_.Add(user_->password);
    if (!options_.admin_token.empty() && options_.offers.control_api) {
      // Every attempt starts from the fixture's state, also against a long-running portal.
      if (Status s = control_->ResetUser(user_->username); !s.ok()) return s;
    }
  } else if (!scenario_.user.username.empty()) {
    return Status::NotFound("user \"" + scenario_.user.username + "\" is not in the users file");
  }
  if (scenario_.user.password) mask_.Add(*scenario_.user.password);
  for (const std::string& secret : options_.secrets) mask_.Add(secret);  // run-level hooks
  phone_clock_.set_skew(scenario_.phone.clock_skew_seconds);
  auto settings = PhoneSettings();
  if (!settings.ok()) return settings.status();
  auto phone = phone::VirtualPhone::Create(
      *settings, OriginOf(options_.target),
      [transport] { return http::NewCurlTransport(transport); }, phone_clock_);
  if (!phone.ok()) return phone.status();
  phone_ = std::move(*phone);
  LearnPhoneSecrets();
  for (const auto& [name, value] : scenario_.vars) {
    if (options_.vars.count(name)) continue;
    auto v = Expand(value);
    if (!v.ok()) return Status::InvalidArgument("variable " + name + ": " + v.status().message());
    vars_[name] = *v;
  }
  for (const auto& [name, value] : options_.vars) vars_[name] = value;
  for (const std::string& key :
       {scenario_.name, std::filesystem::path(scenario_.file).stem().string()}) {
    auto found = options_.scenario_vars.find(key);
    if (found == options_.scenario_vars.end()) continue;
    for (const auto& [name, value] : found->second)
      if (std::find(options_.pinned_vars.begin(), options_.pinned_vars.end(), name) ==
          options_.pinned_vars.end())
        vars_[name] = value;
  }
  return Status::Ok();
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
            return ForEachField(a.fields, [&](const std::string& f, const std::string& v) {
              return browser_->Fill(f, v);
            });
          },
          [&](const sc::Select& a) {
            return ForEachField(a.fields, [&](const std::string& f, const std::string& v) {
              return browser_->Select(f, v);
            });
          },
          [&](const sc::Check& a) {
            auto f = Expand(a.field);
            if (!f.ok()) return f.status();
            return AutoWait([&] { return a.checked ? browser_->Check(*f) : browser_->Uncheck(*f); },
                            NotThereYet);
          },
          [&](const sc::Choose& a) {
            auto o = Expand(a.option);
            if (!o.ok()) return o.status();
            return AutoWait([&] { return browser_->Choose(*o); }, NotThereYet);
          },
          [&](const sc::Click& a) {
            Status s = AutoWait([&] { return Click(a); }, NotThereYet);
            return options_.survey && !s.ok() ? SurveyClick(a, s) : s;
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

void ScenarioRun::Observe(StepResult& r) {
  if (!browser_) return;
  for (const auto& rec : browser_->TakeLog())
    r.requests.push_back({rec.method, mask_.Mask(rec.url), rec.status, rec.elapsed_ms});
  for (const auto& entry : browser_->TakeConsole())
    r.console.push_back(mask_.Mask(entry.kind + ": " + entry.text));
  if (!browser_->has_page()) return;
  const browser::Page& page = browser_->page();
  r.observed_title = mask_.Mask(NormalizeSpace(page.title));
  r.observed_heading = mask_.Mask(ScreenName(page));
  r.observed_text = mask_.Mask(TruncateText(page.text, options_.max_step_text_bytes));
  if (!archive_.enabled()) return;
  auto resolve = [&](const std::string& href) { return Resolve(page.url, href); };
  auto fetch = [&](const std::string& href) { return browser_->FetchBytes(href); };
  std::string html = MakeOffline(page.html, resolve, fetch, !options_.show_secrets);
  browser_->TakeLog();  // stylesheet fetches are the archive's, not the step's
  pending_screens_.push_back({current_step_, std::move(html)});
  // A PNG cannot be masked afterwards: QR codes, images and every secret known
  // by now are painted over before the shot.
  browser::ScreenshotOptions shot;
  if (!options_.show_secrets) {
    shot.mask_images = true;
    shot.mask_texts = mask_.secrets();
  }
  if (options_.outline_next_target) shot.outline_text = NextTarget();
  const ScreenshotLayout& layout = options_.screenshots;
  shot.width = layout.width;
  shot.height = layout.height;
  shot.scale = layout.scale;
  shot.crop = layout.crop;
  shot.sample_image = layout.sample_image;
  // A step that left the page as it was (a phone step, a note) shows the
  // previous step's shot: a screenshot costs far more than the comparison.
  if (!last_shot_.file.empty() && last_shot_.html == page.html &&
      NothingNewToMask(last_shot_.secrets, shot.mask_texts, page.html) &&
      last_shot_.outline == shot.outline_text) {
    r.screenshot_file = last_shot_.file;
    return;
  }
  auto png = browser_->Screenshot(shot);  // kUnimplemented: the http backend draws nothing
  if (png.ok()) {
    auto saved = archive_.SavePng(r.index, *png);
    if (saved.ok()) {
      r.screenshot_file = *saved;
      last_shot_ = {page.html, shot.mask_texts, *saved, shot.outline_text};
    }
  }
}

// Masks every text of every step again, now with all secrets the scenario
// learned (the listener saw each step masked with what was known then), and
// only then writes the screens, so no report or screen holds a secret that
// became known after its step.
void ScenarioRun::MaskAndSave(ScenarioResult& result) {
  if (options_.show_secrets) {
    for (PendingScreen& p : pending_screens_) {
      auto file = archive_.Save(result.steps[p.step].index, p.html);
      if (file.ok()) result.steps[p.step].screen_file = *file;
    }
    pending_screens_.clear();
    return;
  }
  for (StepResult& r : result.steps) {
    for (std::string* text : {&r.description, &r.expected, &r.observed_title, &r.observed_heading,
                              &r.observed_text, &r.failure, &r.phone.sms_text})
      *text = mask_.Mask(*text);
    for (std::string& line : r.console) line = mask_.Mask(line);
    for (RequestTiming& t : r.requests) t.url = mask_.Mask(t.url);
  }
  result.error = mask_.Mask(result.error);
  for (PendingScreen& p : pending_screens_) {
    auto file = archive_.Save(result.steps[p.step].index, mask_.Mask(p.html));
    if (file.ok()) result.steps[p.step].screen_file = *file;
  }
  pending_screens_.clear();
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

Status ScenarioRun::AutoWait(const std::function<Status()>& attempt, bool (*retry)(const Status&)) {
  auto start = Clock::now();
  auto deadline = start + options_.step_timeout;
  bool waited = false;
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
    Status changed = browser_->AwaitChange(deadline);
    if (changed.kind() == Status::Kind::kUnimplemented) return s;  // a static page
    if (!changed.ok()) return changed;
    waited = true;
  }
}

Status ScenarioRun::Expect(const scenario::ScreenExpectation& e, StepResult& r) {
  return AutoWait([&] { return CheckOnce(e, r); }, ScreenDiffers);
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

template <typename Fn>
Status ScenarioRun::ForEachField(const std::vector<scenario::FieldValue>& fields, Fn fn) {
  if (Status s = NeedPage(); !s.ok()) return s;
  for (const auto& fv : fields) {
    auto field = Expand(fv.field);
    if (!field.ok()) return field.status();
    auto value = Expand(fv.value);
    if (!value.ok()) return value.status();
    if (Status s = AutoWait([&] { return fn(*field, *value); }, NotThereYet); !s.ok()) return s;
  }
  return Status::Ok();
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

StatusOr<std::string> ScenarioRun::Expand(const std::string& text) const {
  return scenario::Interpolate(text, [this](std::string_view n) { return Lookup(n); });
}

std::optional<std::string> ScenarioRun::Lookup(std::string_view name) const {
  if (auto it = vars_.find(std::string(name)); it != vars_.end()) return it->second;
  if (name == "target") return options_.target;
  if (name.rfind("env.", 0) == 0) {
    const char* v = std::getenv(std::string(name.substr(4)).c_str());
    return v ? std::optional<std::string>(v) : std::nullopt;
  }
  if (name == "phone.number") return phone_ ? phone_->sim().number() : "";
  if (name == "phone.pin") return scenario_.phone.pin;
  if (name == "user.username") return user_ ? user_->username : scenario_.user.username;
  if (name == "user.password") {
    if (scenario_.user.password) return *scenario_.user.password;
    if (user_) return user_->password;
  }
  if (name == "user.display_name") {
    if (!scenario_.user.display_name.empty()) return scenario_.user.display_name;
    if (user_) return user_->display_name;
  }
  return std::nullopt;
}

void ScenarioRun::SetVariable(const std::string& name, const std::string& value, bool secret) {
  if (secret) mask_.Add(value);
  vars_[name] = value;
}

}  // namespace proofup::runner
