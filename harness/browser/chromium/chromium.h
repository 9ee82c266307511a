// The Chromium backend: Debian's headless Chromium driven over the DevTools
// protocol through --remote-debugging-pipe (no chromedriver, no TCP port).
// One browser process per launcher (per worker), started when the first
// session is asked for; each session is a fresh browser context (no shared
// cookies or storage), disposed with the session. The Page model is built
// from the rendered DOM: elements that computed style hides are marked
// `hidden`, current values copied into attributes, then the shared
// ParsePage() and matching rules apply. Actions are real input events at the
// element's centre after it is visible, enabled and no longer moving; after
// each, the page must settle (load finished, no request in flight for 100 ms).
#ifndef PROOFUP_BROWSER_CHROMIUM_CHROMIUM_H_
#define PROOFUP_BROWSER_CHROMIUM_CHROMIUM_H_

#include <memory>
#include <string>

#include "harness/browser/browser.h"

namespace proofup::browser {

struct ChromiumOptions {
  // The browser binary; empty: $PROOFUP_CHROMIUM, else /usr/lib/chromium/chromium,
  // else /usr/bin/chromium.
  std::string executable;
  int width = 1280, height = 900;  // the window (viewport) size
};

// Sessions in one Chromium process. NewSession errors: kNotFound naming the
// Debian package when Chromium is not installed; kNetworkError/kTimeout when
// it does not start. A Chromium that died is started again for the next session.
// As root, Chromium runs with --no-sandbox (said once by TakeNotices()).
// Session TLS: certificates are verified (system store) unless
// transport.insecure; transport.ca_file is trusted as well, through a
// throw-away NSS database in a temporary $HOME made with certutil (Debian
// package libnss3-tools; kNotFound naming it when missing). A session asking
// for another ca_file than the running browser's restarts the browser.
// A session whose browser died (or whose tab's renderer crashed) fails every
// action with kNetworkError and says why in crash_reason().
std::unique_ptr<BrowserLauncher> NewChromiumLauncher(ChromiumOptions options = {});

}  // namespace proofup::browser

#endif  // PROOFUP_BROWSER_CHROMIUM_CHROMIUM_H_
