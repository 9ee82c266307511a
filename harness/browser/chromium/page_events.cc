#include "harness/browser/chromium/page_events.h"

namespace proofup::browser::chromium {
namespace {

using cdp::Json;
using std::chrono::milliseconds;

// After requests that ended after the page's load event, none for this long:
// the page's handlers of the last response have run (a fetch() then() that
// fetches again or renders).
constexpr milliseconds kQuiet{30};
// A navigation the page asked for (Page.frameRequestedNavigation) that has
// not started loading after this long was dropped (a download, a cancel).
constexpr milliseconds kRequestedNavigation{1000};
constexpr milliseconds kLongPoll{1500};  // a request open longer is a long poll, not loading

}  // namespace

void PageEvents::Handle(const std::string& method, const Json& p) {
  std::lock_guard<std::mutex> lock(mutex);
  if (method == "Inspector.targetCrashed") {
    crash = "the page's renderer crashed (Chromium's tab process died)";
    loading = false;
  } else if (method == "Page.frameNavigated") {
    const Json& frame = p["frame"];
    if (!frame.contains("parentId")) main_frame = frame.value("id", "");
  } else if (method == "Page.frameRequestedNavigation") {
    // Sent by the renderer before it acknowledges the input event that
    // caused it (a form submission, a link, location.href = ...), so an
    // action's navigation is known when the action's command returns.
    bool main = main_frame.empty() || p.value("frameId", "") == main_frame;
    if (main && p.value("disposition", "currentTab") == "currentTab") requested = Clock::now();
  } else if (method == "Page.frameStartedLoading" || method == "Page.frameStartedNavigating") {
    if (main_frame.empty() || p.value("frameId", "") == main_frame) {
      loading = true;
      requested.reset();
    }
  } else if (method == "Page.navigatedWithinDocument") {
    if (p.value("frameId", "") == main_frame) requested.reset();
  } else if (method == "Page.loadEventFired" || method == "Page.frameStoppedLoading") {
    if (method == "Page.loadEventFired" || p.value("frameId", "") == main_frame) {
      loading = false;
      last_load = Clock::now();
      requested.reset();
    }
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
    ++network_events;
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
    ++network_events;
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

bool PageEvents::IdleLocked(Clock::time_point now, bool active, Clock::time_point* wake) const {
  bool busy = loading || (requested && now - *requested < kRequestedNavigation);
  for (const auto& [id, r] : inflight) busy = busy || (!r.long_lived && now - r.seen < kLongPoll);
  // A document's own requests end before its load event; only requests
  // after it (the page's scripts fetching) can have handlers still to run.
  bool after_load = last_network > last_load;
  auto quiet_at = active && after_load ? last_network + kQuiet : now;
  if (wake) *wake = busy ? now + milliseconds(50) : quiet_at;
  return !busy && now >= quiet_at;
}

}  // namespace proofup::browser::chromium
