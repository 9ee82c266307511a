// The WebDriver backend: Chromium driven through W3C WebDriver (HTTP+JSON)
// instead of the local DevTools pipe, by a local `chromedriver` (Debian's
// chromium-driver) or a Selenium Grid 4 hub that queues sessions and spreads
// them over its nodes. The same Browser interface and the same page scripts
// as the Chromium backend (harness/browser/page_scripts.h, run with Execute
// Script), so a scenario means the same over either.
//
// One WebDriver session per scenario (per BrowserLauncher::NewSession): a
// fresh browser with no cookies or storage of earlier scenarios, deleted
// with the Browser. It may have been made ahead (PrepareSession: the runner
// asks for the first scenario's while mock-idp starts, and for the next one
// once a scenario's first step is done); it is still used by one scenario only, and one
// never asked for is deleted with the launcher. `--workers N` thus means up to N sessions at once;
// a Grid queues what its nodes cannot take yet.
//
// The actions are the pipe backend's (harness/browser/page_actions.h); what
// differs is the transport. Clicks are real pointer events at the element's
// centre (one Perform Actions), after the same visible, enabled, still and
// not-covered checks; a fill inserts its text in the page (input events, as
// the pipe's Input.insertText; Element Send Keys only for a field that takes
// no inserted text). Settling after an action: chromedriver waits for a
// navigation the action started to load, then a zero-timeout barrier in the
// page and document.readyState "complete"; there are no network events, so a
// script's fetch after that is seen by the auto-wait of the next expectation
// (AwaitChange), not by the action. Round trips: the settle and the snapshot
// are one Execute Script, and so are prepare+select+settle+snapshot and
// prepare+fill+settle+snapshot; a click is prepare, Perform Actions, settle.
// Screenshots and ScreenshotOptions' window/scale are DevTools commands
// (Page.captureScreenshot, Emulation.setDeviceMetricsOverride) sent through
// chromedriver's POST /session/{id}/goog/cdp/execute, which a Grid forwards:
// the same PNGs as the pipe's, crop and device scale factor included.
// TakeLog() and TakeConsole() read chromedriver's performance and browser
// logs (goog:loggingPrefs, POST /session/{id}/se/log, which a Grid
// forwards): the same records as the pipe backend's (driver_logs.h), at one
// or two more commands per step; empty on a server without those logs.
#ifndef PROOFUP_BROWSER_WEBDRIVER_WEBDRIVER_H_
#define PROOFUP_BROWSER_WEBDRIVER_WEBDRIVER_H_

#include <memory>
#include <optional>
#include <string>

#include "harness/browser/browser.h"

namespace proofup::browser {

struct WebDriverOptions {
  // The WebDriver server: "http://127.0.0.1:9515" (chromedriver) or a Grid
  // hub "http://grid:4444" (a trailing "/wd/hub" is fine too).
  std::string url;
  // goog:chromeOptions.binary on the browser's machine; empty:
  // $PROOFUP_CHROMIUM, else Debian's /usr/lib/chromium/chromium.
  std::string binary;
  int width = 1280, height = 900;  // the window size
  // How long a New Session may wait, a Grid's queue included (the Grid's own
  // --session-request-timeout usually answers first).
  long new_session_timeout_ms = 330'000;
  // How clicks and typing reach the page; the defaults act as the pipe
  // backend does. script_clicks: a click is synthetic events dispatched by
  // the prepare script (one round trip, but isTrusted false) instead of real
  // pointer input through Perform Actions. send_keys: a fill types with
  // Element Send Keys (key events per character) instead of inserting the
  // text in the page (input events, as the pipe's Input.insertText). For
  // bench/webdriver_bench.cc's comparison.
  bool script_clicks = false;
  bool send_keys = false;
  // A click is W3C Element Click on the element at the prepared point (found
  // by one more script) instead of Perform Actions: real input too. For the
  // bench's comparison of chromedriver's waits after each.
  bool element_click = false;
  // W3C pageLoadStrategy: "normal" (commands wait for the load event),
  // "eager" (for DOMContentLoaded; the settle then waits for the load in the
  // page) or "none" (no wait at all: the settle's script retries until the
  // new document answers; for the bench).
  std::string page_load_strategy = "normal";
  // Honour BrowserLauncher::PrepareSession: the next session is made on a
  // thread ahead of its NewSession (a one-deep pool; on a Grid only while it
  // has a free slot). False: every session is made inside its NewSession.
  bool prepare_sessions = true;
};

// Sessions on the WebDriver server at options.url. NewSession errors:
// kInvalidArgument for a session asking for transport.ca_file (the browser
// runs on the server's machine, proofup cannot give it a CA: install the CA
// there, or use --insecure); kNetworkError with the server's message when it
// refuses the session ("session not created: ...", a Grid's "New session
// request timed out") or cannot be reached. transport.insecure maps to
// acceptInsecureCerts; transport.accept_language to --lang and the
// intl.accept_languages preference. When proofup runs as root, Chromium gets
// --no-sandbox (the nodes are taken to run as root too; said by TakeNotices()).
// A session whose WebDriver session was lost (invalid session id, the browser
// gone, the server unreachable) fails every action with kNetworkError and
// says why, with the server's message, in crash_reason().
std::unique_ptr<BrowserLauncher> NewWebDriverLauncher(WebDriverOptions options);

// Where a WebDriver session's time went, cumulative since it started (for
// bench/webdriver_bench.cc): the wait for the server's replies.
struct WebDriverTimings {
  double new_session_ms = 0;  // POST /session, a Grid's queue included
  double command_ms = 0;      // waiting for replies to every other command
  int commands = 0;
  double parse_ms = 0;  // building the Page model from the DOM snapshot (proofup's work)
  int settles = 0, screenshots = 0;
};

// `browser`'s timings when it is a session of NewWebDriverLauncher, else
// nullopt. Call from the thread that drives the session.
std::optional<WebDriverTimings> WebDriverTimingsOf(const Browser& browser);

}  // namespace proofup::browser

#endif  // PROOFUP_BROWSER_WEBDRIVER_WEBDRIVER_H_
