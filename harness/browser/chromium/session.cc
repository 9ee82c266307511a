// A Chromium session: one browser context with one page, driven by real
// input events; the Page model is rebuilt from the rendered DOM after every
// action.
#include "harness/browser/chromium/session.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>

#include "harness/base/base64.h"
#include "harness/browser/chromium/page_events.h"
#include "harness/browser/driven_browser.h"
#include "harness/browser/page_scripts.h"
#include "harness/browser/url.h"

namespace proofup::browser::chromium {
namespace {

using Clock = std::chrono::steady_clock;
using cdp::Json;
using std::chrono::milliseconds;
using namespace page_scripts;

constexpr milliseconds kCallTimeout{10'000};

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

class ChromiumSession : public DrivenBrowser {
 public:
  ChromiumSession(std::shared_ptr<cdp::Connection> connection, PageTarget target,
                  SessionOptions options, SessionStart start)
      : DrivenBrowser(options),
        cdp_(std::move(connection)),
        options_(std::move(options)),
        why_closed_(std::move(start.why_closed)),
        first_page_loaded_(std::move(start.first_page_loaded)),
        context_(std::move(target.context)),
        session_(std::move(target.session)) {}

  ~ChromiumSession() override {
    cdp_->Unsubscribe(session_);
    if (!context_.empty() && !cdp_->closed())
      (void)cdp_->Call("Target.disposeBrowserContext", {{"browserContextId", context_}}, "",
                       milliseconds(5000));
  }

  Status Start(double launch_ms, double target_ms) {
    timings_.launch_ms = launch_ms;
    timings_.command_ms = target_ms;
    timings_.target_ms = target_ms;
    auto state = state_;
    auto cdp = cdp_.get();
    std::string session = session_;
    cdp_->Subscribe(session_, [state, cdp, session](const std::string& m, const Json& p) {
      if (m == "Page.javascriptDialogOpening") {
        cdp->Send("Page.handleJavaScriptDialog", {{"accept", true}}, session);
        return;
      }
      state->Handle(m, p);
    });
    // Sent without waiting for each reply: the session handles its commands
    // in order, so the reply to the last one means all are done (one round
    // trip instead of five); these do not fail on a live page.
    for (const char* domain : {"Page.enable", "Network.enable", "Inspector.enable"})
      cdp_->Send(domain, Json::object(), session_);
    if (options_.transport.insecure)
      cdp_->Send("Security.setIgnoreCertificateErrors", {{"ignore", true}}, session_);
    if (!options_.transport.accept_language.empty()) {
      Json headers = {{"Accept-Language", options_.transport.accept_language}};
      cdp_->Send("Network.setExtraHTTPHeaders", {{"headers", headers}}, session_);
    }
    if (auto r = Call("Runtime.enable"); !r.ok()) return r.status();
    return Status::Ok();
  }

  std::string name() const override { return "chromium"; }

  std::string crash_reason() const override {
    if (cdp_->closed()) {
      if (browser_gone_.empty())
        browser_gone_ = why_closed_ ? why_closed_() : "Chromium stopped: " + cdp_->close_reason();
      return browser_gone_;
    }
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->crash;
  }

  StatusOr<std::vector<http::Cookie>> Cookies(std::string_view url) override {
    if (!IsAbsoluteHttpUrl(url))
      return Status::InvalidArgument("cookies for \"" + std::string(url) +
                                     "\": not an absolute http(s) URL");
    // The page session's Network domain answers for its own browser context only.
    auto r = Call("Network.getCookies", {{"urls", Json::array({std::string(url)})}});
    if (!r.ok()) return r.status();
    std::vector<http::Cookie> cookies;
    for (const Json& c : r->value("cookies", Json::array()))
      cookies.push_back({c.value("name", ""), c.value("value", "")});
    return cookies;
  }

  std::vector<RequestRecord> TakeLog() override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return std::exchange(state_->log, {});
  }
  std::vector<ConsoleEntry> TakeConsole() override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return std::exchange(state_->console, {});
  }

  ChromiumTimings timings() const {
    ChromiumTimings t = timings_;
    t.parse_ms = action_counts().parse_ms;
    t.settles = action_counts().settles;
    return t;
  }

 private:
  // PageDriver: the DevTools side of the shared actions.
  StatusOr<Json> RunScript(const std::string& function, const Json& args) override {
    return Evaluate("(" + function + ")(..." + args.dump() + ")");
  }
  void RunScriptLater(const std::string& function) override {
    cdp_->Send("Runtime.evaluate", {{"expression", "(" + function + ")()"}}, session_);
  }

  Status Navigate(const std::string& url) override {
    BeginNavigation();
    auto r = Call("Page.navigate", {{"url", url}});
    if (!r.ok()) return r.status();
    if (r->contains("errorText") && !(*r)["errorText"].get<std::string>().empty()) {
      {
        std::lock_guard<std::mutex> lock(state_->mutex);
        state_->loading = false;
      }
      return Status::NetworkError("cannot open " + url + ": " +
                                  (*r)["errorText"].get<std::string>());
    }
    return Status::Ok();
  }

  Status ReloadPage() override {
    BeginNavigation();
    auto r = Call("Page.reload");
    return r.ok() ? Status::Ok() : r.status();
  }

  // Move, press, release, sent together: Chromium hands them to the page
  // in order, and a press first delivers the move it would otherwise hold
  // for the next frame (moves are aligned to frames). The reply to the
  // release means all three were handled.
  Status ClickAt(double x, double y) override {
    for (const char* type : {"mouseMoved", "mousePressed", "mouseReleased"}) {
      Json e = {{"type", type}, {"x", x}, {"y", y}};
      if (std::string(type) != "mouseMoved") {
        e["button"] = "left";
        e["clickCount"] = 1;
      }
      if (std::string(type) != "mouseReleased") {
        cdp_->Send("Input.dispatchMouseEvent", e, session_);
      } else if (auto r = Call("Input.dispatchMouseEvent", e); !r.ok()) {
        return r.status();
      }
    }
    return Status::Ok();
  }

  Status TypeText(const Json&, std::string_view text) override {
    auto r = Call("Input.insertText", {{"text", std::string(text)}});
    return r.ok() ? Status::Ok() : r.status();
  }

  // Waits until the page is idle. Idle: no navigation requested or loading,
  // no request in flight (long polls aside), and after a barrier (a zero
  // timeout run in the page: tasks the action queued, such as a form
  // submission or a handler's fetch, have run and announced themselves)
  // nothing new started; after requests that ended after the load event,
  // also kQuiet without any, for the handlers of the last response. What
  // WaitIdle saw is settled; only what started during the barrier needs
  // another round (one barrier per settle when nothing follows).
  StatusOr<Json> Settle(Clock::time_point deadline) override {
    int start = NetworkEvents();
    bool active = false;  // network activity since the action
    for (;;) {
      if (Status s = WaitIdle(deadline, active); !s.ok()) return s;
      if (Clock::now() >= deadline || cdp_->closed() || Crashed()) break;
      int before = NetworkEvents();
      active = active || before != start;
      (void)Evaluate(kBarrier);  // fails when a navigation replaces the page: then not idle
      int after = NetworkEvents();
      if (after == before && Idle(Clock::now(), active)) break;
      active = active || after != before;
    }
    return Json();
  }

  StatusOr<std::string> CaptureScreenshot(const ShotArea& area) override {
    ++timings_.screenshots;
    auto shot = Call("Page.captureScreenshot", CaptureScreenshotParams(area));
    if (!shot.ok()) return shot.status();
    return Base64Decode((*shot)["data"].get<std::string>());
  }

  Status SetViewport(int width, int height, double scale) override {
    return Call("Emulation.setDeviceMetricsOverride", {{"width", width},
                                                       {"height", height},
                                                       {"deviceScaleFactor", scale},
                                                       {"mobile", false}})
        .status();
  }

  // kNetworkError naming why when the browser or the page's renderer is gone.
  Status Gone() const override {
    std::string why = crash_reason();
    return why.empty() ? Status::Ok() : Status::NetworkError(why);
  }

  bool Loading() override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->loading;
  }
  int MainStatus(int) override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->main_status;
  }
  void PageRead() override {
    if (first_page_loaded_) std::exchange(first_page_loaded_, nullptr)();
  }

  StatusOr<Json> Call(const std::string& method, Json params = Json::object()) {
    if (Status gone = Gone(); !gone.ok()) return gone;
    auto start = Clock::now();
    auto r = cdp_->Call(method, std::move(params), session_, kCallTimeout);
    timings_.command_ms += MillisSince(start);
    ++timings_.commands;
    if (!r.ok()) {
      if (Status gone = Gone(); !gone.ok()) return gone;
    }
    return r;
  }

  // The value of `expression` (promises awaited). kFailedPrecondition with the
  // page's exception text when it throws.
  StatusOr<Json> Evaluate(const std::string& expression) {
    auto r = Call("Runtime.evaluate",
                  {{"expression", expression}, {"returnByValue", true}, {"awaitPromise", true}});
    if (!r.ok()) return r.status();
    if (r->contains("exceptionDetails")) {
      const Json& d = (*r)["exceptionDetails"];
      std::string text =
          d.contains("exception") ? d["exception"].value("description", "") : d.value("text", "");
      return Status::FailedPrecondition("script in the page failed: " +
                                        text.substr(0, text.find('\n')));
    }
    const Json& result = (*r)["result"];
    return result.contains("value") ? result["value"] : Json();
  }

  void BeginNavigation() {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->loading = true;
  }

  int NetworkEvents() {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->network_events;
  }

  bool Idle(Clock::time_point now, bool active) {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->IdleLocked(now, active, nullptr);
  }

  bool Crashed() {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return !state_->crash.empty();
  }

  // Waits until PageEvents::IdleLocked. kTimeout when the page is still loading at
  // `deadline`; requests still running then are not an error (the page is
  // read as it is).
  Status WaitIdle(Clock::time_point deadline, bool& active) {
    std::unique_lock<std::mutex> lock(state_->mutex);
    int seen = state_->network_events;
    for (;;) {
      auto now = Clock::now();
      active = active || state_->network_events != seen;
      Clock::time_point wake;
      bool busy = state_->loading || state_->requested || !state_->inflight.empty();
      if (state_->IdleLocked(now, active, &wake)) return Status::Ok();
      if (now >= deadline) {
        if (state_->loading)
          return Status::Timeout("the page did not finish loading within " +
                                 std::to_string(action_timeout().count()) + " ms");
        return Status::Ok();
      }
      if (cdp_->closed() || !state_->crash.empty()) return Status::Ok();
      state_->changed.wait_until(lock, std::min(deadline, wake));
      (busy ? timings_.loading_ms : timings_.quiet_ms) += MillisSince(now);
    }
  }

  std::shared_ptr<cdp::Connection> cdp_;
  SessionOptions options_;
  std::function<std::string()> why_closed_;
  std::function<void()> first_page_loaded_;  // cleared once called
  mutable std::string browser_gone_;         // why_closed_()'s answer, asked once
  std::string context_, session_;
  std::shared_ptr<PageEvents> state_ = std::make_shared<PageEvents>();
  ChromiumTimings timings_;
};

}  // namespace

StatusOr<std::unique_ptr<Browser>> NewSession(std::shared_ptr<cdp::Connection> connection,
                                              PageTarget target, const SessionOptions& options,
                                              SessionStart start) {
  double launch_ms = start.launch_ms, target_ms = start.target_ms;
  auto session = std::make_unique<ChromiumSession>(std::move(connection), std::move(target),
                                                   options, std::move(start));
  if (Status s = session->Start(launch_ms, target_ms); !s.ok()) {
    std::string crash = session->crash_reason();
    if (!crash.empty()) return Status::NetworkError(crash + " while opening a browser session");
    return s;
  }
  return std::unique_ptr<Browser>(std::move(session));
}

}  // namespace proofup::browser::chromium

namespace proofup::browser {

std::optional<ChromiumTimings> ChromiumTimingsOf(const Browser& browser) {
  auto* session = dynamic_cast<const chromium::ChromiumSession*>(&browser);
  if (!session) return std::nullopt;
  return session->timings();
}

}  // namespace proofup::browser
