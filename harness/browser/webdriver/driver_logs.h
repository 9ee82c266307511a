// The request log and console of a WebDriver session, from chromedriver's
// logs. Internal to harness/browser/webdriver.
//
// Why these logs: the session asks for goog:loggingPrefs {performance,
// browser}; POST /session/{id}/se/log then hands over what chromedriver
// collected since the last read. The "performance" log carries the page's
// DevTools Network events, so the request log (redirect hops, methods,
// failed requests) is built by the pipe backend's own event code
// (chromium/page_events.h) and means the same; the "browser" log carries
// console messages and uncaught exceptions from the start of every
// document. Measured here: chromedriver 156 and a Selenium Grid 4.48
// standalone (which forwards /se/log to its node's chromedriver). Rejected:
// WebDriver BiDi (needs a websocket client; Debian's libcurl 7.88 has no
// CURLWS), goog/cdp/execute (commands only, no events), and a page script
// reading Resource Timing (no methods, no redirect hops, nothing of a
// document already left, console messages before it is installed lost).
#ifndef PROOFUP_BROWSER_WEBDRIVER_DRIVER_LOGS_H_
#define PROOFUP_BROWSER_WEBDRIVER_DRIVER_LOGS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "harness/browser/browser.h"
#include "harness/browser/chromium/page_events.h"
#include "harness/browser/webdriver/wire.h"

namespace proofup::browser::webdriver {

// The capability value asking chromedriver to keep both logs; goes into
// alwaysMatch as "goog:loggingPrefs".
Json LoggingPrefs();

// Reads one log of the session: the "value" of POST /session/{id}/se/log
// {"type": type} (an array of {level, message, source, timestamp}).
using LogReader = std::function<StatusOr<Json>(const std::string& type)>;

// Turns log entries into the Browser interface's records. Not thread-safe:
// used by the thread that drives the session.
class DriverLogs {
 public:
  // Reads the performance log, then returns every request since the last
  // TakeLog() and clears them.
  std::vector<RequestRecord> TakeLog(const LogReader& read);
  // Reads both logs (the performance log only if TakeLog() did not just read
  // it), then returns console errors, uncaught exceptions and failed requests
  // since the last call, oldest first, and clears them.
  std::vector<ConsoleEntry> TakeConsole(const LogReader& read);

  // Take entries of the "performance" or "browser" log (exposed for tests).
  void AddPerformance(const Json& entries);
  void AddBrowser(const Json& entries);

 private:
  // Reads log `type` into this; false when it could not be read.
  bool Read(const LogReader& read, const std::string& type);

  chromium::PageEvents events_;  // request log and request failures, as the pipe's
  size_t console_seen_ = 0;      // events_.console entries already in console_
  std::vector<std::pair<int64_t, ConsoleEntry>> console_;  // by the entry's timestamp
  bool performance_fresh_ = false;                         // TakeLog() read it last
  bool unsupported_ = false;  // the server knows no /se/log: never asked again
};

// The console entry of one "browser" log entry: console-api messages of
// level SEVERE (console.error) as "console" with the arguments as the page
// gave them ("\"a\" 42 Object" -> "a 42 Object"), source "javascript" as
// "exception" ("Error: boom"); others (network: from the performance log,
// warnings, deprecations) give an entry with an empty kind. Exposed for tests.
ConsoleEntry ConsoleEntryOf(const Json& entry);

}  // namespace proofup::browser::webdriver

#endif  // PROOFUP_BROWSER_WEBDRIVER_DRIVER_LOGS_H_
