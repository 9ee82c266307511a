// A Chromium session: one browser context with one page, driven by real
// input events; the Page model is rebuilt from the rendered DOM after every
// action.
#include "harness/browser/chromium/session.h"

#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>

#include "harness/base/base64.h"
#include "harness/browser/chromium/scripts.h"
#include "harness/browser/document.h"
#include "harness/browser/locate.h"
#include "harness/browser/url.h"

namespace proofup::browser::chromium {
namespace {

using Clock = std::chrono::steady_clock;
using cdp::Json;
using std::chrono::milliseconds;

constexpr milliseconds kQuiet{100};      // no request for this long: settled
constexpr milliseconds kLongPoll{1500};  // a request open longer is a long poll, not loading
constexpr milliseconds kCallTimeout{10'000};

Status NoPage() { return Status::FailedPrecondition("no page is open yet"); }

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// What the page's events have told us; written on the reader thread.
struct EventState {
  std::mutex mutex;
  std::condition_variable changed;
  std::string main_frame;
  bool loading = false;
  int main_status = 0;
  struct Request {
    std::string method, url;
    double started = 0;  // protocol timestamp, seconds
    Clock::time_point seen;
    bool long_lived = false;
  };
  std::map<std::string, Request> inflight;
  Clock::time_point last_network = Clock::now();
  std::vector<RequestRecord> log;
  std::vector<ConsoleEntry> console;

  void Handle(const std::string& method, const Json& p) {
    std::lock_guard<std::mutex> lock(mutex);
    if (method == "Page.frameNavigated") {
      const Json& frame = p["frame"];
      if (!frame.contains("parentId")) main_frame = frame.value("id", "");
    } else if (method == "Page.frameStartedLoading") {
      if (main_frame.empty() || p.value("frameId", "") == main_frame) loading = true;
    } else if (method == "Page.loadEventFired" || method == "Page.frameStoppedLoading") {
      if (method == "Page.loadEventFired" || p.value("frameId", "") == main_frame) loading = false;
    } else if (method == "Network.requestWillBeSent") {
      const Json& r = p["request"];
      std::string id = p.value("requestId", "");
      std::string url = r.value("url", "");
      if (url.rfind("data:", 0) == 0) return;
      if (p.contains("redirectResponse") && inflight.count(id)) {
        auto& old = inflight[id];
        log.push_back({old.method, old.url, p["redirectResponse"].value("status", 0),
                       (p.value("timestamp", 0.0) - old.started) * 1000, ""});
      }
      std::string type = p.value("type", "");
      inflight[id] = {r.value("method", "GET"), url, p.value("timestamp", 0.0), Clock::now(),
                      type == "EventSource" || type == "WebSocket"};
      last_network = Clock::now();
    } else if (method == "Network.responseReceived") {
      const Json& r = p["response"];
      int status = r.value("status", 0);
      if (p.value("type", "") == "Document" && p.value("frameId", "") == main_frame)
        main_status = status;
      auto it = inflight.find(p.value("requestId", ""));
      if (it != inflight.end()) {
        it->second.long_lived = it->second.long_lived || status == 0;
        // The browser's own favicon probe is not the page's failure.
        bool favicon = it->second.url.ends_with("/favicon.ico");
        if (status >= 400 && !favicon)
          console.push_back({"request", it->second.method + " " + it->second.url + " -> " +
                                            std::to_string(status)});
        pending_status[p.value("requestId", "")] = status;
      }
    } else if (method == "Network.loadingFinished" || method == "Network.loadingFailed") {
      std::string id = p.value("requestId", "");
      auto it = inflight.find(id);
      if (it == inflight.end()) return;
      std::string error =
          method == "Network.loadingFailed" ? p.value("errorText", std::string("failed")) : "";
      int status = pending_status.count(id) ? pending_status[id] : 0;
      log.push_back({it->second.method, it->second.url, status,
                     (p.value("timestamp", 0.0) - it->second.started) * 1000, error});
      if (!error.empty() && error != "net::ERR_ABORTED")
        console.push_back(
            {"request", it->second.method + " " + it->second.url + " failed: " + error});
      pending_status.erase(id);
      inflight.erase(it);
      last_network = Clock::now();
    } else if (method == "Runtime.consoleAPICalled") {
      if (p.value("type", "") != "error") return;
      std::string text;
      for (const Json& a : p["args"]) {
        std::string part =
            a.contains("value")
                ? (a["value"].is_string() ? a["value"].get<std::string>() : a["value"].dump())
                : a.value("description", "");
        text += (text.empty() ? "" : " ") + part;
      }
      console.push_back({"console", text});
    } else if (method == "Runtime.exceptionThrown") {
      const Json& d = p["exceptionDetails"];
      std::string text =
          d.contains("exception") ? d["exception"].value("description", "") : d.value("text", "");
      if (text.empty()) text = d.value("text", "uncaught exception");
      console.push_back({"exception", text.substr(0, text.find('\n'))});
    } else {
      return;
    }
    changed.notify_all();
  }

  std::map<std::string, int> pending_status;
};

class ChromiumSession : public Browser {
 public:
  ChromiumSession(std::shared_ptr<cdp::Connection> connection, SessionOptions options,
                  double launch_ms)
      : cdp_(std::move(connection)), options_(std::move(options)) {
    timings_.launch_ms = launch_ms;
    long total = options_.transport.total_timeout_ms;
    timeout_ = milliseconds(total > 0 ? total : 10'000);
  }

  ~ChromiumSession() override {
    cdp_->Unsubscribe(session_);
    if (!context_.empty() && !cdp_->closed())
      (void)cdp_->Call("Target.disposeBrowserContext", {{"browserContextId", context_}}, "",
                       milliseconds(5000));
  }

  Status Start() {
    auto context = BrowserCall("Target.createBrowserContext", {{"disposeOnDetach", true}});
    if (!context.ok()) return context.status();
    context_ = (*context)["browserContextId"];
    auto target = BrowserCall("Target.createTarget",
                              {{"url", "about:blank"}, {"browserContextId", context_}});
    if (!target.ok()) return target.status();
    auto attached = BrowserCall("Target.attachToTarget",
                                {{"targetId", (*target)["targetId"]}, {"flatten", true}});
    if (!attached.ok()) return attached.status();
    session_ = (*attached)["sessionId"];
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
    for (const char* domain : {"Page.enable", "Network.enable", "Runtime.enable"}) {
      if (auto r = Call(domain); !r.ok()) return r.status();
    }
    if (options_.transport.insecure) {
      if (auto r = Call("Security.setIgnoreCertificateErrors", {{"ignore", true}}); !r.ok())
        return r.status();
    }
    if (!options_.transport.accept_language.empty()) {
      Json headers = {{"Accept-Language", options_.transport.accept_language}};
      if (auto r = Call("Network.setExtraHTTPHeaders", {{"headers", headers}}); !r.ok())
        return r.status();
    }
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
    auto ready = Prepare(n, "field " + Describe(f));
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
    auto ready = Prepare(n, "list " + Describe(**found));
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

  StatusOr<std::string> Screenshot(const ScreenshotOptions& o) override {
    if (!page_) return NoPage();
    bool masking = o.mask_images || !o.mask_texts.empty();
    if (masking) {
      if (auto r = Evaluate(Invoke(kMask, {o.mask_images, o.mask_texts})); !r.ok())
        return r.status();
    }
    Json params = {{"format", "png"}};
    if (o.full_page) {
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
    ++timings_.screenshots;
    auto shot = Call("Page.captureScreenshot", params);
    if (masking) (void)Evaluate(kUnmask);
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
  // A browser-level command (no session), timed.
  StatusOr<Json> BrowserCall(const std::string& method, Json params) {
    auto start = Clock::now();
    auto r = cdp_->Call(method, std::move(params), "", kCallTimeout);
    timings_.command_ms += MillisSince(start);
    ++timings_.commands;
    return r;
  }

  StatusOr<Json> Call(const std::string& method, Json params = Json::object()) {
    auto start = Clock::now();
    auto r = cdp_->Call(method, std::move(params), session_, kCallTimeout);
    timings_.command_ms += MillisSince(start);
    ++timings_.commands;
    if (!r.ok() && cdp_->closed())
      return Status::NetworkError("Chromium stopped during the scenario: " + cdp_->close_reason());
    return r;
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

  // Waits for the load to finish and the network to be quiet, then reads the
  // page. The quiet period counts from now as well: a navigation an action
  // starts announces itself a moment after the action.
  Status Settle() {
    auto deadline = Clock::now() + timeout_;
    {
      std::unique_lock<std::mutex> lock(state_->mutex);
      state_->last_network = std::max(state_->last_network, Clock::now());
      for (;;) {
        auto now = Clock::now();
        bool busy = state_->loading;
        for (const auto& [id, r] : state_->inflight)
          busy = busy || (!r.long_lived && now - r.seen < kLongPoll);
        auto quiet_at = state_->last_network + kQuiet;
        if (!busy && now >= quiet_at) break;
        if (now >= deadline) {
          if (state_->loading)
            return Status::Timeout("the page did not finish loading within " +
                                   std::to_string(timeout_.count()) + " ms");
          break;  // requests still running: read the page as it is
        }
        if (cdp_->closed()) break;
        auto wake = std::min(deadline, busy ? now + milliseconds(50) : quiet_at);
        state_->changed.wait_until(lock, wake);
        (busy ? timings_.loading_ms : timings_.quiet_ms) += MillisSince(now);
      }
    }
    ++timings_.settles;
    return Snapshot(deadline);
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
            ParsePage(r->value("html", ""), r->value("url", ""), status ? status : 200));
        timings_.parse_ms += MillisSince(start);
        return Status::Ok();
      }
      // A navigation in the middle destroys the context: read the new page.
      if (Clock::now() >= deadline || cdp_->closed())
        return r.ok() ? Status::Internal("the page could not be read") : r.status();
    }
  }

  int LiveIndex(int node) const {
    if (!page_ || !page_->document || node < 0) return -1;
    std::string stamp = page_->document->nodes[node].Attribute("data-proofup-node");
    return stamp.empty() ? -1 : std::atoi(stamp.c_str());
  }

  // Polls until element n is visible, enabled, still and not covered.
  StatusOr<Json> Prepare(int n, const std::string& what) {
    if (n < 0) return Status::Internal(what + " has no place in the live page");
    auto deadline = Clock::now() + timeout_;
    std::string last;
    for (;;) {
      auto r = Evaluate(Invoke(kPrepare, {n}));
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
    for (const char* type : {"mouseMoved", "mousePressed", "mouseReleased"}) {
      Json e = {{"type", type}, {"x", x}, {"y", y}};
      if (std::string(type) != "mouseMoved") {
        e["button"] = "left";
        e["clickCount"] = 1;
      }
      if (auto r = Call("Input.dispatchMouseEvent", e); !r.ok()) return r.status();
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
    std::string stamp = page_->document->nodes[node].Attribute("data-proofup-node");
    if (Status s = ClickNode(node, described); !s.ok()) return s;
    for (const Field& f : page_->fields) {
      if (page_->document->nodes[f.node].Attribute("data-proofup-node") == stamp) {
        if (f.checked == checked) return Status::Ok();
        break;
      }
    }
    return Status::FailedPrecondition("clicking " + described + " did not " +
                                      (checked ? "check" : "uncheck") + " it");
  }

  std::shared_ptr<cdp::Connection> cdp_;
  SessionOptions options_;
  milliseconds timeout_;
  std::string context_, session_;
  std::shared_ptr<EventState> state_ = std::make_shared<EventState>();
  std::unique_ptr<Page> page_;
  ChromiumTimings timings_;
};

}  // namespace

StatusOr<std::unique_ptr<Browser>> NewSession(std::shared_ptr<cdp::Connection> connection,
                                              const SessionOptions& options, double launch_ms) {
  auto session = std::make_unique<ChromiumSession>(std::move(connection), options, launch_ms);
  if (Status s = session->Start(); !s.ok()) return s;
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
