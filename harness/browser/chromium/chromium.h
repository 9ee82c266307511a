// The Chromium backend: Debian's headless Chromium driven over the DevTools
// protocol through --remote-debugging-pipe (no chromedriver, no TCP port).
// One browser process per launcher (per worker), started when the first
// session is asked for; each session is a fresh browser context (no shared
// cookies or storage), disposed with the session. The Page model is built
// from the rendered DOM: elements that computed style hides are marked
// `hidden`, current values copied into attributes, then the shared
// ParsePage() and matching rules apply. Actions are real input events at the
// element's centre after it is visible, enabled and no longer moving; after
// each, the page must settle, on events rather than timers: no navigation
// requested (Page.frameRequestedNavigation, which Chromium sends before it
// acknowledges the input) or loading, no request in flight, nothing new after
// a zero-timeout barrier in the page, and 30 ms without requests when some
// ended after the load event (a script's fetch, whose handler may fetch again).
#ifndef PROOFUP_BROWSER_CHROMIUM_CHROMIUM_H_
#define PROOFUP_BROWSER_CHROMIUM_CHROMIUM_H_

#include <memory>
#include <optional>
#include <string>

#include "harness/browser/browser.h"

namespace proofup::browser {

struct ChromiumOptions {
  // The browser binary; empty: $PROOFUP_CHROMIUM, else /usr/lib/chromium/chromium,
  // else /usr/bin/chromium.
  std::string executable;
  int width = 1280, height = 900;  // the window (viewport) size
  // Make the next session's context and page in the background once a
  // session's first page has loaded (a worker runs scenario after scenario),
  // so that the next NewSession finds them ready instead of waiting ~190 ms
  // for Chromium to start a renderer. Costs one idle about:blank page when
  // no other session follows.
  bool prepare_next = true;
  // Spawn Chromium when the launcher is made, trusting this --ca-file (empty:
  // none), without waiting for it: it starts up while the caller does other
  // work (proofup run: while mock-idp starts and the scenarios load), and the
  // first NewSession waits for its answer. Failures (not installed, exited
  // early) come from that NewSession with the same errors as without.
  bool launch_now = false;
  std::string launch_ca_file;
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

// Where a Chromium session's time went, cumulative since it started: what
// the benchmark (bench/chromium_bench.cc) subtracts to find proofup's own
// cost per step. Kept with a clock read per command, so always on.
struct ChromiumTimings {
  double launch_ms = 0;   // starting Chromium until it answered, when this session started it
  double target_ms = 0;   // waiting for the session's context and page (part of command_ms)
  double command_ms = 0;  // waiting for replies to DevTools commands (Chromium's work)
  int commands = 0;
  double loading_ms = 0;  // settling: waiting while the page loaded or requests were in flight
  double quiet_ms = 0;    // settling: waiting out the quiet period after the last request
  double parse_ms = 0;    // building the Page model from the DOM snapshot (proofup's work)
  int settles = 0, screenshots = 0;
};

// `browser`'s timings when it is a session of NewChromiumLauncher, else
// nullopt. Call from the thread that drives the session.
std::optional<ChromiumTimings> ChromiumTimingsOf(const Browser& browser);

}  // namespace proofup::browser

#endif  // PROOFUP_BROWSER_CHROMIUM_CHROMIUM_H_
