// The actions of a script-running backend, written once: find the field,
// option or label in the Page model (locate.h), prepare the live element
// (page_scripts.h kPrepare: visible, enabled, still, not covered), act,
// settle, and read the page again. Each backend (the Chromium pipe, WebDriver)
// implements only PageDriver, its transport: run a page script, navigate,
// click at a point, type, settle, shoot; DrivenBrowser (driven_browser.h)
// makes the actions its Browser. Internal to harness/browser.
//
// Thread safety: one PageActions and its driver are used from one thread.
#ifndef PROOFUP_BROWSER_PAGE_ACTIONS_H_
#define PROOFUP_BROWSER_PAGE_ACTIONS_H_

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "harness/base/status.h"
#include "harness/browser/browser.h"

namespace proofup::browser {

// What a screenshot covers, in document coordinates (CSS px) when `clipped`.
// The shared layer works it out (the crop's box, or the whole page up to
// 8000 px high); the backend only captures it.
struct ShotArea {
  bool full_page = false;  // asked for the whole page (the clip is then the page)
  bool clipped = false;    // false: the viewport
  double x = 0, y = 0, width = 0, height = 0;
};

// DevTools Page.captureScreenshot parameters for `area` (PNG; a clip at
// scale 1, beyond the viewport): the one shot both backends take, over the
// pipe or through chromedriver's goog/cdp/execute.
nlohmann::json CaptureScreenshotParams(const ShotArea& area);

// What a backend does for PageActions. Errors are the transport's, and
// kNetworkError naming why once the browser is gone (see Gone()).
class PageDriver {
 public:
  using Json = nlohmann::json;
  using Clock = std::chrono::steady_clock;

  virtual ~PageDriver() = default;

  // The value of `function` (a JavaScript function expression, as in
  // page_scripts.h) called with the elements of the array `args`, promises
  // awaited. kFailedPrecondition "script in the page failed: ..." when it
  // throws, also when a navigation replaced the document it ran in.
  virtual StatusOr<Json> RunScript(const std::string& function, const Json& args) = 0;
  // Runs `function` (no arguments) before the next script, without waiting
  // for its result: undoing a screenshot's masks costs no round trip.
  virtual void RunScriptLater(const std::string& function) = 0;
  // Starts loading absolute `url` / the current page again; PageActions
  // settles afterwards.
  virtual Status Navigate(const std::string& url) = 0;
  virtual Status ReloadPage() = 0;
  // Real pointer input: move to, press and release the left button at
  // viewport point (x, y).
  virtual Status ClickAt(double x, double y) = 0;
  // Types `text` into the focused field; `element` is what the page script
  // returned for it (a WebDriver element reference; unused over DevTools).
  virtual Status TypeText(const Json& element, std::string_view text) = 0;
  // Waits until the page settled after an action (the backend's rule), at
  // most until `deadline`. Returns a kSnapshot result when it read the page
  // in passing, else null (PageActions then reads it).
  virtual StatusOr<Json> Settle(Clock::time_point deadline) = 0;
  // PNG of `area` at the device scale factor in effect: a clip's width x
  // height CSS px give width*scale x height*scale pixels.
  virtual StatusOr<std::string> CaptureScreenshot(const ShotArea& area) = 0;
  // Emulates a viewport of width x height CSS px at device scale factor
  // `scale` for this and later shots (ScreenshotOptions::width/height/scale;
  // PageActions passes the values to keep, never 0 once one was set:
  // 0 width or height = the window's, 0 scale = the screen's).
  virtual Status SetViewport(int width, int height, double scale) = 0;
  // kNetworkError naming why the browser is gone; Ok while it works.
  virtual Status Gone() const = 0;

  // A navigation is under way (AwaitChange then settles instead of reading).
  virtual bool Loading() { return false; }
  // The HTTP status of the current document, given what the page reported.
  virtual int MainStatus(int page_status) { return page_status; }
  // Called after each read of the page.
  virtual void PageRead() {}
  // Settle inside the action's own script (kLoaded, then the snapshot): one
  // round trip per action for a backend whose every command is one (WebDriver).
  virtual bool SettlesInPage() const { return false; }
  // Insert a fill's text in the page (kFocusClearInsert) rather than with
  // TypeText; TypeText only when the page could not.
  virtual bool TypesInPage() const { return false; }
  // A function of (n, prepared) that clicks element n in the page (by
  // script, in the prepare script's round trip) instead of ClickAt; nullptr:
  // ClickAt, real input.
  virtual const char* ClickScript() const { return nullptr; }
};

// Counts for a backend's timings.
struct ActionCounts {
  double parse_ms = 0;  // building the Page model from DOM snapshots
  int settles = 0;
};

// The Browser actions over `driver` (not owned; must outlive this). Errors
// and messages as Browser's (browser.h); `timeout` bounds each action's
// waits (actionability, settling).
class PageActions {
 public:
  PageActions(PageDriver& driver, std::chrono::milliseconds timeout)
      : driver_(driver), timeout_(timeout) {}

  Status Open(std::string_view url);
  Status Click(std::string_view text);
  Status Fill(std::string_view field, std::string_view value);
  Status Select(std::string_view field, std::string_view option);
  // Check/Uncheck (checkbox) or Choose (radio button) by clicking it.
  Status SetChecked(std::string_view query, bool checked, bool radio);
  Status FollowMetaRefresh();
  Status Reload();
  Status Poll();
  Status AwaitChange(PageDriver::Clock::time_point deadline);
  StatusOr<std::string> FetchBytes(std::string_view url);
  StatusOr<std::string> Screenshot(const ScreenshotOptions& options);

  bool has_page() const { return page_ != nullptr; }
  const Page& page() const { return *page_; }
  const ActionCounts& counts() const { return counts_; }

 private:
  using Json = PageDriver::Json;
  Status Navigate(const std::string& url);
  Status Settle();
  Status Snapshot(PageDriver::Clock::time_point deadline, Json first = Json());
  void TakeSnapshot(const Json& snapshot);
  StatusOr<Json> Prepare(int node, const std::string& what, bool stable, const char* act = nullptr,
                         const Json& act_args = Json::array());
  Status ClickNode(int node, const std::string& what);
  Status SettleAfter(const Json& prepared);

  PageDriver& driver_;
  std::chrono::milliseconds timeout_;
  std::unique_ptr<Page> page_;
  int seen_changes_ = -1;  // the page's mutation count at the last snapshot
  struct Viewport {
    int width = 0, height = 0;  // 0: the window's
    double scale = 0;           // 0: the screen's
  };
  Status Emulate(const ScreenshotOptions& o);
  Viewport emulated_;  // SetViewport in effect
  ActionCounts counts_;
};

}  // namespace proofup::browser

#endif  // PROOFUP_BROWSER_PAGE_ACTIONS_H_
