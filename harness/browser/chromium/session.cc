// A Chromium session: one browser context with one page, driven by real
// input events; the Page model is rebuilt from the rendered DOM after every
// action.
#include "harness/browser/chromium/session.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>

#include "harness/base/base64.h"
#include "harness/browser/chromium/page_events.h"
#include "harness/browser/document.h"
#include "harness/browser/locate.h"
#include "harness/browser/page_scripts.h"
#include "harness/browser/url.h"

namespace proofup::browser::chromium {
namespace {

using Clock = std::chrono::steady_clock;
using cdp::Json;
using std::chrono::milliseconds;
using namespace page_scripts;

constexpr milliseconds kCallTimeout{10'000};

Status NoPage() { return Status::FailedPrecondition("no page is open yet"); }

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

class ChromiumSession : public Browser {
 public:
  ChromiumSession(std::shared_ptr<cdp::Connection> connection, PageTarget target,
                  SessionOptions options, SessionStart start)
      : cdp_(std::move(connection)),
        options_(std::move(options)),
        why_closed_(std::move(start.why_closed)),
        first_page_loaded_(std::move(start.first_page_loaded)),
        context_(std::move(target.context)),
        session_(std::move(target.session)) {
    long total = options_.transport.total_timeout_ms;
    timeout_ = milliseconds(total > 0 ? total : 10'000);
  }

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

  Status Open(std::string_view url) override {
    StatusOr<std::string> target = page_ ? ResolveUrl(page_->url, url) : ResolveUrl(url, url);
    if (!target.ok()) return target.status();
    return Navigate(*target);
  }

  Status Click(std::string_view text) override {
    if (!page_) return NoPage();
    StatusOr<Clickable> found = FindClickable(*page_, text);
    if (!found.ok()) return found.status();
    int node = found->button ? found->button->node : found->link->node;
    return ClickNode(node, Describe(*found));
  }

  Status Fill(std::string_view field, std::string_view value) override {
    if (!page_) return NoPage();
    StatusOr<Field*> found = FindField(*page_, field, IsTextLike, "field");
    if (!found.ok()) return found.status();
    const Field& f = **found;
    if (f.disabled || f.readonly)
      return Status::FailedPrecondition("field " + Describe(f) + " is " +
                                        (f.disabled ? "disabled" : "read-only"));
    int n = LiveIndex(f.node);
    auto ready = Prepare(n, "field " + Describe(f), /*stable=*/false);  // typed, not pointed at
    if (!ready.ok()) return ready.status();
    if (auto r = Evaluate(Invoke(kFocusAndClear, {n})); !r.ok()) return r.status();
    if (!value.empty()) {
      if (auto r = Call("Input.insertText", {{"text", std::string(value)}}); !r.ok())
        return r.status();
    }
    return Settle();
  }

  Status Select(std::string_view field, std::string_view option) override {
    if (!page_) return NoPage();
    StatusOr<Field*> found = FindField(*page_, field, IsSelect, "list");
    if (!found.ok()) return found.status();
    StatusOr<size_t> k = FindOption(**found, option);
    if (!k.ok()) return k.status();
    int n = LiveIndex((*found)->node);
    auto ready = Prepare(n, "list " + Describe(**found), /*stable=*/false);
    if (!ready.ok()) return ready.status();
    if (auto r = Evaluate(Invoke(kSelectOption, {n, static_cast<int>(*k)})); !r.ok())
      return r.status();
    return Settle();
  }

  Status Check(std::string_view field) override {
    return SetChecked(field, true, IsCheckbox, "checkbox");
  }
  Status Uncheck(std::string_view field) override {
    return SetChecked(field, false, IsCheckbox, "checkbox");
  }
  Status Choose(std::string_view label) override {
    return SetChecked(label, true, IsRadio, "radio button");
  }

  Status FollowMetaRefresh() override {
    if (!page_) return NoPage();
    if (!page_->meta_refresh)
      return Status::FailedPrecondition("page " + page_->url + " has no <meta http-equiv=refresh>");
    return Navigate(page_->meta_refresh->url);
  }

  Status Reload() override {
    if (!page_) return NoPage();
    BeginNavigation();
    if (auto r = Call("Page.reload"); !r.ok()) return r.status();
    return Settle();
  }

  Status Poll() override {
    if (!page_) return NoPage();
    if (page_->meta_refresh) return FollowMetaRefresh();
    return Settle();
  }

  Status AwaitChange(Clock::time_point deadline) override {
    if (!page_) return NoPage();
    if (Status gone = Gone(); !gone.ok()) return gone;
    auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    left = std::clamp(left, milliseconds(0), milliseconds(500));
    auto changed = Evaluate(Invoke(kAwaitChange, {seen_changes_, left.count()}));
    bool loading;
    {
      std::lock_guard<std::mutex> lock(state_->mutex);
      loading = state_->loading;
    }
    // A navigation destroys the context the wait ran in: let it finish loading.
    if (!changed.ok() || loading) return Settle();
    return Snapshot(Clock::now() + timeout_);
  }

  std::string crash_reason() const override {
    if (cdp_->closed()) {
      if (browser_gone_.empty())
        browser_gone_ = why_closed_ ? why_closed_() : "Chromium stopped: " + cdp_->close_reason();
      return browser_gone_;
    }
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->crash;
  }

  StatusOr<std::string> FetchBytes(std::string_view url) override {
    if (url.size() >= 5 && TextMatches(url.substr(0, 5), "data:", true)) return DecodeDataUri(url);
    StatusOr<std::string> target = page_ ? ResolveUrl(page_->url, url) : ResolveUrl(url, url);
    if (!target.ok()) return target.status();
    auto r = Evaluate(Invoke(kFetch, {*target}));
    if (!r.ok()) return r.status();
    if (!r->contains("base64"))
      return Status::NotFound("GET " + *target + " returned HTTP " +
                              std::to_string(r->value("status", 0)));
    return Base64Decode((*r)["base64"].get<std::string>());
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

  StatusOr<std::string> Screenshot(const ScreenshotOptions& o) override {
    if (!page_) return NoPage();
    if (Status s = Emulate(o); !s.ok()) return s;
    bool masking =
        o.mask_images || !o.mask_texts.empty() || !o.outline_text.empty() || !o.crop.empty();
    Json box;
    if (masking) {
      auto r = Evaluate(
          Invoke(kMask, {o.mask_images, o.mask_texts, o.outline_text, o.crop, o.sample_image}));
      if (!r.ok()) return r.status();
      if (r->is_object() && (*r)["box"].is_object()) box = (*r)["box"];
    }
    // Not optimizeForSpeed: measured here, a shot took as long (waiting for a
    // frame dominates) and its PNG was twice the size.
    Json params = {{"format", "png"}};
    if (box.is_object()) {  // scale 1: the device scale factor still applies
      params["clip"] = {{"x", box["x"]},
                        {"y", box["y"]},
                        {"width", box["width"]},
                        {"height", box["height"]},
                        {"scale", 1}};
      params["captureBeyondViewport"] = true;
    } else if (o.full_page) {
      auto metrics = Call("Page.getLayoutMetrics");
      if (metrics.ok() && metrics->contains("cssContentSize")) {
        const Json& size = (*metrics)["cssContentSize"];
        params["clip"] = {{"x", 0},
                          {"y", 0},
                          {"width", size.value("width", 800.0)},
                          {"height", std::min(size.value("height", 600.0), 8000.0)},
                          {"scale", 1}};
        params["captureBeyondViewport"] = true;
      }
    }
    // A shot without masks must not catch the last one's masks (the QR
    // scan's shot after a step's): they are removed before it.
    if (!masking && unmask_sent_) (void)Evaluate(kUnmask);
    unmask_sent_ = false;
    ++timings_.screenshots;
    auto shot = Call("Page.captureScreenshot", params);
    // Not waited for: every later look at the page or action starts with a
    // Runtime.evaluate, which Chromium runs after this one.
    if (masking) {
      cdp_->Send("Runtime.evaluate", {{"expression", kUnmask}}, session_);
      unmask_sent_ = true;
    }
    if (!shot.ok()) return shot.status();
    return Base64Decode((*shot)["data"].get<std::string>());
  }

  bool has_page() const override { return page_ != nullptr; }
  const Page& page() const override { return *page_; }

  std::vector<RequestRecord> TakeLog() override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return std::exchange(state_->log, {});
  }
  std::vector<ConsoleEntry> TakeConsole() override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return std::exchange(state_->console, {});
  }

  const ChromiumTimings& timings() const { return timings_; }

 private:
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

  // kNetworkError naming why when the browser or the page's renderer is gone.
  Status Gone() const {
    std::string why = crash_reason();
    return why.empty() ? Status::Ok() : Status::NetworkError(why);
  }

  // The viewport and device scale factor a shot asks for, kept for later
  // shots; one DevTools call only when they change.
  Status Emulate(const ScreenshotOptions& o) {
    Metrics want = {o.width ? o.width : emulated_.width, o.height ? o.height : emulated_.height,
                    o.scale > 0 ? o.scale : emulated_.scale};
    if (want.width == emulated_.width && want.height == emulated_.height &&
        want.scale == emulated_.scale)
      return Status::Ok();
    auto r = Call("Emulation.setDeviceMetricsOverride", {{"width", want.width},
                                                         {"height", want.height},
                                                         {"deviceScaleFactor", want.scale},
                                                         {"mobile", false}});
    if (!r.ok()) return r.status();
    emulated_ = want;
    return Status::Ok();
  }

  static std::string Invoke(const char* function, const Json& args) {
    std::string list = args.dump();
    return std::string("(") + function + ")(..." + list + ")";
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

  Status Navigate(const std::string& url) {
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
    return Settle();
  }

  // Waits until the page is idle, then reads it. Idle: no navigation
  // requested or loading, no request in flight (long polls aside), and after
  // a barrier (a zero timeout run in the page: tasks the action queued, such
  // as a form submission or a handler's fetch, have run and announced
  // themselves) nothing new started; after requests that ended after the
  // load event, also kQuiet without any, for the handlers of the last response.
  // What WaitIdle saw is settled; only what started during the barrier
  // needs another round (one barrier per settle when nothing follows).
  Status Settle() {
    auto deadline = Clock::now() + timeout_;
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
    ++timings_.settles;
    return Snapshot(deadline);
  }

  int NetworkEvents() {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->network_events;
  }

  bool Idle(Clock::time_point now, bool active) {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->IdleLocked(now, active, nullptr);
  }

  // Waits until PageEvents::IdleLocked. kTimeout when the page is still loading at
  // `deadline`; requests still running then are not an error (the page is
  // read as it is).
  bool Crashed() {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return !state_->crash.empty();
  }

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
                                 std::to_string(timeout_.count()) + " ms");
        return Status::Ok();
      }
      if (cdp_->closed() || !state_->crash.empty()) return Status::Ok();
      state_->changed.wait_until(lock, std::min(deadline, wake));
      (busy ? timings_.loading_ms : timings_.quiet_ms) += MillisSince(now);
    }
  }

  Status Snapshot(Clock::time_point deadline) {
    for (;;) {
      auto r = Evaluate(kSnapshot);
      if (r.ok() && r->is_object()) {
        int status;
        {
          std::lock_guard<std::mutex> lock(state_->mutex);
          status = state_->main_status;
        }
        auto start = Clock::now();
        page_ = std::make_unique<Page>(
            PageFromSnapshot(r->value("html", ""), r->value("url", ""), status));
        seen_changes_ = r->value("changes", -1);
        timings_.parse_ms += MillisSince(start);
        if (first_page_loaded_) std::exchange(first_page_loaded_, nullptr)();
        return Status::Ok();
      }
      // A navigation in the middle destroys the context: read the new page.
      if (Clock::now() >= deadline || !Gone().ok())
        return r.ok() ? Status::Internal("the page could not be read") : r.status();
    }
  }

  int LiveIndex(int node) const { return page_ ? page_scripts::LiveIndex(*page_, node) : -1; }

  // Polls until element n is visible, enabled, still and not covered.
  // Waits until element n can take the action (see kPrepare); `stable` for
  // pointer actions, which land where the element was a frame ago.
  StatusOr<Json> Prepare(int n, const std::string& what, bool stable = true) {
    if (n < 0) return Status::Internal(what + " has no place in the live page");
    auto deadline = Clock::now() + timeout_;
    std::string last;
    for (;;) {
      auto r = Evaluate(Invoke(kPrepare, {n, stable}));
      if (!r.ok()) return r.status();
      last = r->value("state", "");
      if (last == "ready") return r;
      if (last == "gone") return Status::FailedPrecondition(what + " is no longer on the page");
      if (Clock::now() >= deadline) {
        std::string why =
            last == "covered" ? "covered by another element (<" + r->value("by", "") + ">)" : last;
        return Status::Timeout(what + " stayed " + why + " for " +
                               std::to_string(timeout_.count()) + " ms");
      }
    }
  }

  Status ClickNode(int node, const std::string& what) {
    auto ready = Prepare(LiveIndex(node), what);
    if (!ready.ok()) return ready.status();
    double x = (*ready)["x"], y = (*ready)["y"];
    // Move, press, release, sent together: Chromium hands them to the page
    // in order, and a press first delivers the move it would otherwise hold
    // for the next frame (moves are aligned to frames). The reply to the
    // release means all three were handled.
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
    return Settle();
  }

  Status SetChecked(std::string_view query, bool checked, bool (*kind)(FieldKind),
                    const char* what) {
    if (!page_) return NoPage();
    StatusOr<Field*> found = FindField(*page_, query, kind, what);
    if (!found.ok()) return found.status();
    if ((*found)->checked == checked) return Status::Ok();
    std::string described = std::string(what) + " " + Describe(**found);
    int node = (*found)->node;
    int live = LiveIndex(node);
    if (Status s = ClickNode(node, described); !s.ok()) return s;
    if (const Field* now = FieldAt(*page_, live); now && now->checked == checked)
      return Status::Ok();
    return Status::FailedPrecondition("clicking " + described + " did not " +
                                      (checked ? "check" : "uncheck") + " it");
  }

  std::shared_ptr<cdp::Connection> cdp_;
  SessionOptions options_;
  std::function<std::string()> why_closed_;
  std::function<void()> first_page_loaded_;  // cleared once called
  mutable std::string browser_gone_;         // why_closed_()'s answer, asked once
  struct Metrics {
    int width = 0, height = 0;  // 0: the window's
    double scale = 0;           // 0: the screen's
  };
  Metrics emulated_;          // Emulation.setDeviceMetricsOverride in effect
  bool unmask_sent_ = false;  // kUnmask sent without waiting since the last shot
  int seen_changes_ = -1;     // the page's mutation count at the last snapshot
  milliseconds timeout_;
  std::string context_, session_;
  std::shared_ptr<PageEvents> state_ = std::make_shared<PageEvents>();
  std::unique_ptr<Page> page_;
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
