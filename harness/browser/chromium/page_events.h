// What a Chromium page's DevTools events have told a session: loading state,
// requests in flight, the request log and console errors. Written by the
// connection's reader thread, read by the session's thread, under `mutex`.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "harness/browser/browser.h"
#include "harness/browser/chromium/cdp.h"

namespace proofup::browser::chromium {

struct PageEvents {
  using Clock = std::chrono::steady_clock;

  std::mutex mutex;
  std::condition_variable changed;
  std::string main_frame;
  bool loading = false;
  // A navigation of the main frame was requested and has not started yet.
  std::optional<Clock::time_point> requested;
  int network_events = 0;  // requests started and finished, ever
  int main_status = 0;
  struct Request {
    std::string method, url;
    double started = 0;  // protocol timestamp, seconds
    Clock::time_point seen;
    bool long_lived = false;
  };
  std::map<std::string, Request> inflight;
  Clock::time_point last_network = Clock::now();
  Clock::time_point last_load;  // the main frame's last load event
  std::vector<RequestRecord> log;
  std::vector<ConsoleEntry> console;
  std::string crash;                          // why the page is gone ("" while it works)
  std::map<std::string, int> pending_status;  // response status by request id, until it ends

  // Takes one event (any method; unknown ones are ignored) and wakes waiters
  // on `changed` when it changed the state. Locks `mutex` itself.
  void Handle(const std::string& method, const cdp::Json& params);

  // With `mutex` held: nothing is loading or in flight and, after network
  // activity (`active`) that followed the load event, none for a short quiet
  // period. Sets *wake (if given) to when to look again.
  bool IdleLocked(Clock::time_point now, bool active, Clock::time_point* wake) const;
};

}  // namespace proofup::browser::chromium
