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

namespace proofup::browser::chromium {

// A fresh browser context with an about:blank page in `connection`'s browser.
// The session keeps the connection alive and disposes its context when destroyed.
// `why_closed` says why the browser went away once the connection closed
// ("Chromium exited (signal 9)"); called at most once, on the session's thread.
// `launch_ms`: how long starting Chromium took when it was started for this
// session (0 otherwise), reported by ChromiumTimingsOf().
StatusOr<std::unique_ptr<Browser>> NewSession(std::shared_ptr<cdp::Connection> connection,
                                              const SessionOptions& options,
                                              std::function<std::string()> why_closed = {},
                                              double launch_ms = 0);

}  // namespace proofup::browser::chromium

#endif  // PROOFUP_BROWSER_CHROMIUM_SESSION_H_
