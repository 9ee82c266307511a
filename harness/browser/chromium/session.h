// One scenario's Chromium session (a browser context with one page).
// Internal to harness/browser/chromium.
#ifndef PROOFUP_BROWSER_CHROMIUM_SESSION_H_
#define PROOFUP_BROWSER_CHROMIUM_SESSION_H_

#include <functional>
#include <memory>
#include <string>

#include "harness/browser/browser.h"
#include "harness/browser/chromium/cdp.h"
#include "harness/browser/chromium/chromium.h"
#include "harness/browser/chromium/page_target.h"

namespace proofup::browser::chromium {

// How a session came to be, and what it tells its launcher.
struct SessionStart {
  // Why the browser went away once the connection closed ("Chromium exited
  // (signal 9)"); called at most once, on the session's thread.
  std::function<std::string()> why_closed;
  // Called once, on the session's thread, when its first page has loaded
  // (the launcher then prepares the next session's page; earlier, starting
  // that renderer would slow this first navigation down).
  std::function<void()> first_page_loaded;
  double launch_ms = 0;  // starting Chromium, when it was started for this session
  double target_ms = 0;  // waiting for `target`
};

// A session on `target` (a fresh context with an about:blank page, from
// OpenPageTarget or PreparedPageTarget) in `connection`'s browser. The
// session keeps the connection alive and disposes the context when destroyed
// (also when this fails). The times in `start` are reported by ChromiumTimingsOf().
StatusOr<std::unique_ptr<Browser>> NewSession(std::shared_ptr<cdp::Connection> connection,
                                              PageTarget target, const SessionOptions& options,
                                              SessionStart start = {});

}  // namespace proofup::browser::chromium

#endif  // PROOFUP_BROWSER_CHROMIUM_SESSION_H_
