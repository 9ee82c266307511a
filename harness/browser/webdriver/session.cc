// A WebDriver session: the Browser interface over W3C WebDriver commands.
// The actions are the shared ones (page_actions.h); this file is their
// transport, with as few round trips per action as the protocol allows: each
// command is an HTTP exchange (and a Grid adds a proxy hop to each), so the
// prepare, the act and the settle run in one Execute Script where the act is
// the page's own (select, typing), and the settle and the snapshot in one.
#include "harness/browser/webdriver/session.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>

#include "harness/base/base64.h"
#include "harness/browser/driven_browser.h"
#include "harness/browser/locate.h"
#include "harness/browser/page_scripts.h"
#include "harness/browser/url.h"
#include "harness/browser/webdriver/driver_logs.h"

namespace proofup::browser::webdriver {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using namespace page_scripts;

// W3C's key for an element reference in a script's result.
constexpr char kElementKey[] = "element-6066-11e4-a52e-4f735466cecf";

// Function of (n, prepared): a click by script at the prepared point, with
// the events a person's click gives (synthetic: isTrusted is false). Only
// for WebDriverOptions::script_clicks (a measurement); real input is the default.
constexpr char kScriptClick[] = R"JS((n, p) => {
  const el = window.__proofupNodes[n];
  const at = document.elementFromPoint(p.x, p.y) || el;
  const o = {bubbles: true, cancelable: true, composed: true, view: window, button: 0,
             clientX: p.x, clientY: p.y};
  at.dispatchEvent(new PointerEvent('pointermove', o));
  at.dispatchEvent(new MouseEvent('mousemove', o));
  at.dispatchEvent(new PointerEvent('pointerdown', o));
  if (at.dispatchEvent(new MouseEvent('mousedown', o)) && typeof el.focus === 'function') el.focus();
  at.dispatchEvent(new PointerEvent('pointerup', o));
  at.dispatchEvent(new MouseEvent('mouseup', o));
  at.dispatchEvent(new MouseEvent('click', o));
  return true;
})JS";

// Function of (ms): kLoaded, then the snapshot; false while still loading after ms.
// The document leaving (kLeaving) reads false too: the next script runs on
// the new one, after chromedriver waited for its load.
std::string SettledSnapshot() {
  return std::string("async (ms) => (await (") + kLoaded + ")(ms)) && !" + kLeaving + " ? " +
         kSnapshot + " : false";
}

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

class WebDriverSession : public DrivenBrowser {
 public:
  WebDriverSession(const std::string& server, SessionOptions options, const WebDriverOptions& wd)
      : DrivenBrowser(options),
        options_(std::move(options)),
        script_clicks_(wd.script_clicks),
        send_keys_(wd.send_keys),
        element_click_(wd.element_click),
        // The server answers a slow page with its own timeout first.
        wire_(server, action_timeout().count() + 15'000, wd.new_session_timeout_ms) {}

  ~WebDriverSession() override {
    if (!id_.empty() && lost_.empty())
      (void)wire_.Command("DELETE", "/session/" + id_, Json(), nullptr, 10'000);
  }

  Status Start(const Json& capabilities, long new_session_timeout_ms) {
    auto start = Clock::now();
    bool lost = false;
    auto r = wire_.Command("POST", "/session", capabilities, &lost, new_session_timeout_ms);
    timings_.new_session_ms = MillisSince(start);
    if (!r.ok()) return r.status();
    if (!r->is_object() || !r->contains("sessionId"))
      return Status::NetworkError("the WebDriver server at " + wire_.base_url() +
                                  " answered New Session without a session id");
    id_ = (*r)["sessionId"].get<std::string>();
    const long ms = action_timeout().count();
    Json timeouts = {{"pageLoad", ms}, {"script", ms}, {"implicit", 0}};
    if (auto t = Send("POST", "/timeouts", timeouts); !t.ok()) return t.status();
    return Status::Ok();
  }

  std::string name() const override { return "chromium"; }

  std::string crash_reason() const override { return lost_; }

  // WebDriver's Get All Cookies answers for the current document only (the
  // page's origin, HttpOnly included); the http module's cookie rules then
  // pick what a request to `url` carries, as for the other backends.
  StatusOr<std::vector<http::Cookie>> Cookies(std::string_view url) override {
    if (!IsAbsoluteHttpUrl(url))
      return Status::InvalidArgument("cookies for \"" + std::string(url) +
                                     "\": not an absolute http(s) URL");
    if (!has_page()) return std::vector<http::Cookie>{};
    auto r = Send("GET", "/cookie", Json());
    if (!r.ok()) return r.status();
    std::vector<http::StoredCookie> stored;
    for (const Json& c : r->is_array() ? *r : Json::array()) {
      if (!c.is_object() || !c.contains("name") || !c["name"].is_string()) continue;
      http::StoredCookie s;
      s.name = c["name"].get<std::string>();
      s.value = c.value("value", "");
      // A host-only cookie has no domain attribute: it belongs to the page's host.
      s.domain = c.value("domain", http::HostOf(page().url));
      s.include_subdomains = !s.domain.empty() && s.domain[0] == '.';
      if (s.include_subdomains) s.domain.erase(0, 1);
      s.path = c.value("path", "/");
      s.secure = c.value("secure", false);
      if (c.contains("expiry") && c["expiry"].is_number_integer())
        s.expiry = c["expiry"].get<int64_t>();
      stored.push_back(std::move(s));
    }
    return http::CookiesForRequest(stored, url, static_cast<int64_t>(std::time(nullptr)));
  }

  std::vector<RequestRecord> TakeLog() override { return logs_.TakeLog(ReadDriverLog()); }
  std::vector<ConsoleEntry> TakeConsole() override { return logs_.TakeConsole(ReadDriverLog()); }

  WebDriverTimings timings() const {
    WebDriverTimings t = timings_;
    t.parse_ms = action_counts().parse_ms;
    t.settles = action_counts().settles;
    return t;
  }

 private:
  // PageDriver: the WebDriver side of the shared actions.
  StatusOr<Json> RunScript(const std::string& function, const Json& args) override {
    std::string body = std::exchange(later_, "");
    body += "return (" + function + ")(...arguments);";
    return Send("POST", "/execute/sync", {{"script", body}, {"args", args}});
  }
  // Prepended to the next script: no round trip of its own.
  void RunScriptLater(const std::string& function) override {
    later_ += "try { (" + function + ")(); } catch (e) {}\n";
  }

  Status Navigate(const std::string& url) override {
    auto r = Send("POST", "/url", {{"url", url}});
    if (r.ok() || !lost_.empty()) return r.status();
    std::string why = "cannot open " + url + ": " + r.status().message();
    return r.status().kind() == Status::Kind::kTimeout ? Status::Timeout(why)
                                                       : Status::NetworkError(why);
  }

  Status ReloadPage() override { return Send("POST", "/refresh", Json::object()).status(); }

  // Real pointer input at the point, as the pipe backend's
  // Input.dispatchMouseEvent, in one Perform Actions (WebDriver wants whole pixels).
  Status ClickAt(double x, double y) override {
    if (element_click_) return ElementClickAt(x, y);
    Json pointer = {{"type", "pointer"},
                    {"id", "proofup-mouse"},
                    {"parameters", {{"pointerType", "mouse"}}},
                    {"actions",
                     {{{"type", "pointerMove"},
                       {"duration", 0},
                       {"origin", "viewport"},
                       {"x", std::lround(x)},
                       {"y", std::lround(y)}},
                      {{"type", "pointerDown"}, {"button", 0}},
                      {{"type", "pointerUp"}, {"button", 0}}}}};
    return Send("POST", "/actions", {{"actions", Json::array({pointer})}}).status();
  }

  // WebDriverOptions::element_click: Element Click on what is at the point.
  Status ElementClickAt(double x, double y) {
    auto at = RunScript("(x, y) => document.elementFromPoint(x, y)", Json::array({x, y}));
    if (!at.ok()) return at.status();
    if (!at->is_object() || !at->contains(kElementKey))
      return Status::Internal("no element at the point to click");
    std::string id = (*at)[kElementKey].get<std::string>();
    return Send("POST", "/element/" + id + "/click", Json::object()).status();
  }

  // Element Send Keys, for a field the page could not insert text into.
  Status TypeText(const Json& element, std::string_view text) override {
    if (!element.is_object() || !element.contains(kElementKey))
      return Status::Internal("the field has no WebDriver element reference");
    std::string id = element[kElementKey].get<std::string>();
    return Send("POST", "/element/" + id + "/value", {{"text", std::string(text)}}).status();
  }

  // Waits until the document loaded (chromedriver has already waited for a
  // navigation the action started), then reads it, in one script.
  StatusOr<Json> Settle(Clock::time_point deadline) override {
    const std::string script = SettledSnapshot();
    for (;;) {
      long left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
      auto r = RunScript(script, Json::array({std::max<long>(0, left)}));
      if (!lost_.empty()) return Status::NetworkError(lost_);
      // An error: a navigation replaced the document the script ran in.
      if (r.ok() && r->is_object()) return r;
      if (Clock::now() >= deadline) return Json();
    }
  }

  // Shots and the viewport go to the browser's DevTools through
  // chromedriver's goog/cdp/execute (a Grid forwards it to the node's
  // chromedriver), so that they are the pipe backend's: WebDriver's own Take
  // Screenshot knows neither a clip nor a device scale factor, and a window
  // rect sets the outer size, not the viewport.
  Status SetViewport(int width, int height, double scale) override {
    return Cdp("Emulation.setDeviceMetricsOverride", {{"width", width},
                                                      {"height", height},
                                                      {"deviceScaleFactor", scale},
                                                      {"mobile", false}})
        .status();
  }

  StatusOr<std::string> CaptureScreenshot(const ShotArea& area) override {
    ++timings_.screenshots;
    auto shot = Cdp("Page.captureScreenshot", CaptureScreenshotParams(area));
    if (!shot.ok()) return shot.status();
    if (!shot->is_object() || !(*shot)["data"].is_string())
      return Status::Internal("the DevTools screenshot through WebDriver has no data");
    return Base64Decode((*shot)["data"].get<std::string>());
  }

  // A DevTools command `cmd` with `params` through goog/cdp/execute: its result.
  StatusOr<Json> Cdp(const std::string& cmd, const Json& params) {
    auto r = Send("POST", "/goog/cdp/execute", {{"cmd", cmd}, {"params", params}});
    if (r.ok() || !lost_.empty()) return r;
    std::string why = cmd + " through the WebDriver server's goog/cdp/execute (chromedriver's): " +
                      r.status().message();
    return r.status().kind() == Status::Kind::kTimeout ? Status::Timeout(why)
                                                       : Status::NetworkError(why);
  }

  Status Gone() const override {
    return lost_.empty() ? Status::Ok() : Status::NetworkError(lost_);
  }
  bool SettlesInPage() const override { return true; }
  bool TypesInPage() const override { return !send_keys_; }
  const char* ClickScript() const override { return script_clicks_ ? kScriptClick : nullptr; }

  LogReader ReadDriverLog() {
    return [this](const std::string& type) { return Send("POST", "/se/log", {{"type", type}}); };
  }

  // A command on this session, timed. Once the session is lost every
  // command fails at once with why.
  StatusOr<Json> Send(const std::string& method, const std::string& path, const Json& body) {
    if (!lost_.empty()) return Status::NetworkError(lost_);
    auto start = Clock::now();
    bool lost = false;
    auto r = wire_.Command(method, "/session/" + id_ + path, body, &lost);
    timings_.command_ms += MillisSince(start);
    ++timings_.commands;
    if (lost) lost_ = r.status().message();
    return r;
  }

  SessionOptions options_;
  bool script_clicks_, send_keys_, element_click_;
  Wire wire_;
  std::string id_;
  std::string lost_;   // why the session is gone ("" while it works)
  std::string later_;  // RunScriptLater's statements, for the next script
  WebDriverTimings timings_;
  DriverLogs logs_;  // requests and console, from chromedriver's logs
};

}  // namespace

StatusOr<std::unique_ptr<Browser>> StartSession(const std::string& server, const Json& capabilities,
                                                const SessionOptions& options,
                                                const WebDriverOptions& webdriver) {
  auto session = std::make_unique<WebDriverSession>(server, options, webdriver);
  if (Status s = session->Start(capabilities, webdriver.new_session_timeout_ms); !s.ok()) return s;
  return std::unique_ptr<Browser>(std::move(session));
}

}  // namespace proofup::browser::webdriver

namespace proofup::browser {

std::optional<WebDriverTimings> WebDriverTimingsOf(const Browser& browser) {
  auto* session = dynamic_cast<const webdriver::WebDriverSession*>(&browser);
  if (!session) return std::nullopt;
  return session->timings();
}

}  // namespace proofup::browser
