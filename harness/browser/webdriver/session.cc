// A WebDriver session: the Browser interface over W3C WebDriver commands,
// with the page read by the shared page scripts through Execute Script.
#include "harness/browser/webdriver/session.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <optional>

#include "harness/base/base64.h"
#include "harness/browser/locate.h"
#include "harness/browser/page_scripts.h"
#include "harness/browser/url.h"
#include "harness/browser/webdriver/driver_logs.h"
#include "harness/browser/webdriver/webdriver.h"
#include "harness/http/cookie_jar.h"

namespace proofup::browser::webdriver {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using namespace page_scripts;

// W3C's key for an element reference in a script's result.
constexpr char kElementKey[] = "element-6066-11e4-a52e-4f735466cecf";

// Function of (ms): resolves once the document has loaded, after a
// zero-timeout barrier (tasks the action queued, such as a form submission,
// have run); false after `ms` still loading.
constexpr char kLoaded[] = R"JS((ms) => new Promise((resolve) => setTimeout(() => {
  if (document.readyState === 'complete') return resolve(true);
  addEventListener('load', () => resolve(true), {once: true});
  setTimeout(() => resolve(false), ms);
}, 0)))JS";

// The page's size and the viewport's, for a whole-page screenshot.
constexpr char kSizes[] =
    "[document.documentElement.scrollHeight, innerHeight, document.documentElement.scrollWidth]";

Status NoPage() { return Status::FailedPrecondition("no page is open yet"); }

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Execute Script bodies: a function of page_scripts.h called with `args`, or an expression.
Json CallScript(const char* function, Json args) {
  return {{"script", std::string("return (") + function + ")(...arguments);"},
          {"args", std::move(args)}};
}
Json ExpressionScript(const char* expression) {
  return {{"script", std::string("return ") + expression + ";"}, {"args", Json::array()}};
}

class WebDriverSession : public Browser {
 public:
  WebDriverSession(const std::string& server, SessionOptions options, long new_session_timeout_ms)
      : options_(std::move(options)),
        timeout_(options_.transport.total_timeout_ms > 0 ? options_.transport.total_timeout_ms
                                                         : 10'000),
        // The server answers a slow page with its own timeout first.
        wire_(server, timeout_.count() + 15'000, new_session_timeout_ms) {}

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
    Json timeouts = {{"pageLoad", timeout_.count()}, {"script", timeout_.count()}, {"implicit", 0}};
    if (auto t = Send("POST", "/timeouts", timeouts); !t.ok()) return t.status();
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
    return ClickNode(LiveIndex(*page_, node), Describe(*found));
  }

  Status Fill(std::string_view field, std::string_view value) override {
    if (!page_) return NoPage();
    StatusOr<Field*> found = FindField(*page_, field, IsTextLike, "field");
    if (!found.ok()) return found.status();
    const Field& f = **found;
    if (f.disabled || f.readonly)
      return Status::FailedPrecondition("field " + Describe(f) + " is " +
                                        (f.disabled ? "disabled" : "read-only"));
    int n = LiveIndex(*page_, f.node);
    if (auto ready = Prepare(n, "field " + Describe(f), false); !ready.ok()) return ready.status();
    // Cleared in the page, then typed by WebDriver into the element the script returns.
    std::string clear =
        std::string("(n) => { (") + kFocusAndClear + ")(n); return window.__proofupNodes[n]; }";
    auto element = Execute(CallScript(clear.c_str(), {n}));
    if (!element.ok()) return element.status();
    if (!value.empty()) {
      if (!element->is_object() || !element->contains(kElementKey))
        return Status::Internal("field " + Describe(f) + " has no WebDriver element reference");
      std::string id = (*element)[kElementKey].get<std::string>();
      if (auto r = Send("POST", "/element/" + id + "/value", {{"text", std::string(value)}});
          !r.ok())
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
    int n = LiveIndex(*page_, (*found)->node);
    if (auto ready = Prepare(n, "list " + Describe(**found), false); !ready.ok())
      return ready.status();
    if (auto r = Execute(CallScript(kSelectOption, {n, static_cast<int>(*k)})); !r.ok())
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
    if (auto r = Send("POST", "/refresh", Json::object()); !r.ok()) return r.status();
    return Settle();
  }

  Status Poll() override {
    if (!page_) return NoPage();
    if (page_->meta_refresh) return FollowMetaRefresh();
    return Settle();
  }

  Status AwaitChange(Clock::time_point deadline) override {
    if (!page_) return NoPage();
    if (!lost_.empty()) return Status::NetworkError(lost_);
    auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    left = std::clamp(left, milliseconds(0), milliseconds(500));
    auto changed = Execute(CallScript(kAwaitChange, {seen_changes_, left.count()}));
    if (!lost_.empty()) return Status::NetworkError(lost_);
    // A navigation ended the wait's document: let the new one load.
    if (!changed.ok()) return Settle();
    return Snapshot(Clock::now() + timeout_);
  }

  std::string crash_reason() const override { return lost_; }

  StatusOr<std::string> FetchBytes(std::string_view url) override {
    if (url.size() >= 5 && TextMatches(url.substr(0, 5), "data:", true)) return DecodeDataUri(url);
    StatusOr<std::string> target = page_ ? ResolveUrl(page_->url, url) : ResolveUrl(url, url);
    if (!target.ok()) return target.status();
    auto r = Execute(CallScript(kFetch, {*target}));
    if (!r.ok()) return r.status();
    if (!r->is_object() || !r->contains("base64"))
      return Status::NotFound("GET " + *target + " returned HTTP " +
                              std::to_string(r->is_object() ? r->value("status", 0) : 0));
    return Base64Decode((*r)["base64"].get<std::string>());
  }

  // WebDriver's Get All Cookies answers for the current document only (the
  // page's origin, HttpOnly included); the http module's cookie rules then
  // pick what a request to `url` carries, as for the other backends.
  StatusOr<std::vector<http::Cookie>> Cookies(std::string_view url) override {
    if (!IsAbsoluteHttpUrl(url))
      return Status::InvalidArgument("cookies for \"" + std::string(url) +
                                     "\": not an absolute http(s) URL");
    if (!page_) return std::vector<http::Cookie>{};
    auto r = Send("GET", "/cookie", Json());
    if (!r.ok()) return r.status();
    std::optional<http::UrlParts> page_url = http::SplitUrl(page_->url);
    std::vector<std::string> jar_lines;
    for (const Json& c : r->is_array() ? *r : Json::array()) {
      if (!c.is_object() || !c.contains("name") || !c["name"].is_string()) continue;
      // A host-only cookie has no domain attribute: it belongs to the page's host.
      std::string domain = c.value("domain", page_url ? page_url->host : std::string());
      const bool subdomains = !domain.empty() && domain[0] == '.';
      if (subdomains) domain.erase(0, 1);
      const int64_t expiry =
          c.contains("expiry") && c["expiry"].is_number_integer() ? c["expiry"].get<int64_t>() : 0;
      jar_lines.push_back(
          domain + "\t" + (subdomains ? "TRUE" : "FALSE") + "\t" + c.value("path", "/") + "\t" +
          (c.value("secure", false) ? "TRUE" : "FALSE") + "\t" + std::to_string(expiry) + "\t" +
          c["name"].get<std::string>() + "\t" + c.value("value", ""));
    }
    return http::MatchCookies(jar_lines, url, static_cast<int64_t>(std::time(nullptr)));
  }

  StatusOr<std::string> Screenshot(const ScreenshotOptions& o) override {
    if (!page_) return NoPage();
    bool masking = o.mask_images || !o.mask_texts.empty() || !o.outline_text.empty();
    if (masking) {
      if (auto r = Execute(
              CallScript(kMask, {o.mask_images, o.mask_texts, o.outline_text, "", o.sample_image}));
          !r.ok())
        return r.status();
    }
    // WebDriver shoots the viewport: for the whole page the window grows to
    // the page's height for the shot, then shrinks back.
    Json restore;
    if (o.full_page) {
      auto sizes = Execute(ExpressionScript(kSizes));
      auto rect = Send("GET", "/window/rect", Json());
      if (sizes.ok() && rect.ok() && sizes->is_array() && sizes->size() == 3) {
        double page_height = (*sizes)[0], viewport = (*sizes)[1];
        if (page_height > viewport) {
          restore = {{"width", (*rect)["width"]}, {"height", (*rect)["height"]}};
          double grown = (*rect)["height"].get<double>() + std::min(page_height, 8000.0) - viewport;
          (void)Send("POST", "/window/rect",
                     {{"width", (*rect)["width"]}, {"height", std::lround(grown)}});
        }
      }
    }
    ++timings_.screenshots;
    auto shot = Send("GET", "/screenshot", Json());
    if (!restore.is_null()) (void)Send("POST", "/window/rect", restore);
    if (masking) (void)Execute(ExpressionScript(kUnmask));
    if (!shot.ok()) return shot.status();
    if (!shot->is_string()) return Status::Internal("the WebDriver screenshot is not base64 text");
    return Base64Decode(shot->get<std::string>());
  }

  bool has_page() const override { return page_ != nullptr; }
  const Page& page() const override { return *page_; }
  std::vector<RequestRecord> TakeLog() override { return logs_.TakeLog(ReadDriverLog()); }
  std::vector<ConsoleEntry> TakeConsole() override { return logs_.TakeConsole(ReadDriverLog()); }

  const WebDriverTimings& timings() const { return timings_; }

 private:
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

  StatusOr<Json> Execute(const Json& script) { return Send("POST", "/execute/sync", script); }
  LogReader ReadDriverLog() {
    return [this](const std::string& type) { return Send("POST", "/se/log", {{"type", type}}); };
  }

  Status Navigate(const std::string& url) {
    auto r = Send("POST", "/url", {{"url", url}});
    if (!r.ok()) {
      if (!lost_.empty()) return r.status();
      std::string why = "cannot open " + url + ": " + r.status().message();
      return r.status().kind() == Status::Kind::kTimeout ? Status::Timeout(why)
                                                         : Status::NetworkError(why);
    }
    return Settle();
  }

  // Waits until the document loaded (chromedriver has already waited for a
  // navigation the action started), then reads it.
  Status Settle() {
    auto deadline = Clock::now() + timeout_;
    for (;;) {
      auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
      auto r = Execute(CallScript(kLoaded, {std::max<long>(0, left.count())}));
      if (!lost_.empty()) return Status::NetworkError(lost_);
      // An error: a navigation replaced the document the script ran in.
      if ((r.ok() && r->is_boolean() && r->get<bool>()) || Clock::now() >= deadline) break;
    }
    ++timings_.settles;
    return Snapshot(deadline);
  }

  Status Snapshot(Clock::time_point deadline) {
    for (;;) {
      auto r = Execute(ExpressionScript(kSnapshot));
      if (r.ok() && r->is_object()) {
        auto start = Clock::now();
        page_ = std::make_unique<Page>(
            PageFromSnapshot(r->value("html", ""), r->value("url", ""), r->value("status", 0)));
        seen_changes_ = r->value("changes", -1);
        timings_.parse_ms += MillisSince(start);
        return Status::Ok();
      }
      if (Clock::now() >= deadline || !lost_.empty())
        return r.ok() ? Status::Internal("the page could not be read") : r.status();
    }
  }

  // Polls until element n can take the action (kPrepare).
  StatusOr<Json> Prepare(int n, const std::string& what, bool stable = true) {
    if (n < 0) return Status::Internal(what + " has no place in the live page");
    auto deadline = Clock::now() + timeout_;
    for (;;) {
      auto r = Execute(CallScript(kPrepare, {n, stable}));
      if (!r.ok()) return r.status();
      std::string state = r->is_object() ? r->value("state", "") : "";
      if (state == "ready") return r;
      if (state == "gone") return Status::FailedPrecondition(what + " is no longer on the page");
      if (Clock::now() >= deadline) {
        std::string why = state == "covered"
                              ? "covered by another element (<" + r->value("by", "") + ">)"
                              : state;
        return Status::Timeout(what + " stayed " + why + " for " +
                               std::to_string(timeout_.count()) + " ms");
      }
    }
  }

  // Real pointer input at the element's centre, as the pipe backend's
  // Input.dispatchMouseEvent (WebDriver wants whole pixels).
  Status ClickNode(int n, const std::string& what) {
    auto ready = Prepare(n, what);
    if (!ready.ok()) return ready.status();
    long x = std::lround((*ready)["x"].get<double>()), y = std::lround((*ready)["y"].get<double>());
    Json pointer = {
        {"type", "pointer"},
        {"id", "proofup-mouse"},
        {"parameters", {{"pointerType", "mouse"}}},
        {"actions",
         {{{"type", "pointerMove"}, {"duration", 0}, {"origin", "viewport"}, {"x", x}, {"y", y}},
          {{"type", "pointerDown"}, {"button", 0}},
          {{"type", "pointerUp"}, {"button", 0}}}}};
    if (auto r = Send("POST", "/actions", {{"actions", Json::array({pointer})}}); !r.ok())
      return r.status();
    return Settle();
  }

  Status SetChecked(std::string_view query, bool checked, bool (*kind)(FieldKind),
                    const char* what) {
    if (!page_) return NoPage();
    StatusOr<Field*> found = FindField(*page_, query, kind, what);
    if (!found.ok()) return found.status();
    if ((*found)->checked == checked) return Status::Ok();
    std::string described = std::string(what) + " " + Describe(**found);
    int live = LiveIndex(*page_, (*found)->node);
    if (Status s = ClickNode(live, described); !s.ok()) return s;
    if (const Field* now = FieldAt(*page_, live); now && now->checked == checked)
      return Status::Ok();
    return Status::FailedPrecondition("clicking " + described + " did not " +
                                      (checked ? "check" : "uncheck") + " it");
  }

  SessionOptions options_;
  milliseconds timeout_;
  Wire wire_;
  std::string id_;
  std::string lost_;       // why the session is gone ("" while it works)
  int seen_changes_ = -1;  // the page's mutation count at the last snapshot
  std::unique_ptr<Page> page_;
  WebDriverTimings timings_;
  DriverLogs logs_;  // requests and console, from chromedriver's logs
};

}  // namespace

StatusOr<std::unique_ptr<Browser>> StartSession(const std::string& server, const Json& capabilities,
                                                const SessionOptions& options,
                                                long new_session_timeout_ms) {
  auto session = std::make_unique<WebDriverSession>(server, options, new_session_timeout_ms);
  if (Status s = session->Start(capabilities, new_session_timeout_ms); !s.ok()) return s;
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
