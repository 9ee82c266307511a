// A one-deep pool of WebDriver sessions: the next scenario's session made on
// a thread of its own while the previous scenario runs (or, for the first,
// while mock-idp starts and the scenarios load), so that its New Session (a
// browser start on chromedriver, ~150-250 ms) is off the scenario's path.
// Internal to harness/browser/webdriver.
#ifndef PROOFUP_BROWSER_WEBDRIVER_SESSION_POOL_H_
#define PROOFUP_BROWSER_WEBDRIVER_SESSION_POOL_H_

#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/browser/browser.h"

namespace proofup::browser::webdriver {

using SessionOrError = StatusOr<std::unique_ptr<Browser>>;

// Holds at most one session being made (or made and not yet taken), with the
// key of what it was made for (its capabilities and timeouts): a session
// serves only a request with the same key, so that nothing differs from one
// made on demand. Sessions never taken are deleted (their Browser destroyed:
// DELETE /session) on a thread when replaced, and waited for when the pool is
// destroyed. Not thread-safe: one per launcher (one worker thread).
class SessionPool {
 public:
  // What makes a session; returns nullopt when it chose not to (e.g. a Grid
  // without a free slot: the NewSession to come then makes it itself).
  using Maker = std::function<std::optional<SessionOrError>()>;

  SessionPool() = default;
  SessionPool(const SessionPool&) = delete;
  SessionPool& operator=(const SessionPool&) = delete;
  // Waits for a session being made and deletes every session never taken.
  ~SessionPool();

  // Starts `make` on a thread unless a session with `key` is already held;
  // one with another key is discarded (deleted on a thread).
  void Prepare(const std::string& key, Maker make);

  // The held session with `key` (or the error its New Session gave: the
  // caller's, as if made now), waited for if still being made; nullopt when
  // none with `key` is held. One with another key is discarded: on a Grid it
  // would hold the slot the caller's own session may need.
  std::optional<SessionOrError> Take(const std::string& key);

  // True while a session (or a try at one) is held.
  bool holds() const { return pending_.valid(); }

 private:
  void Discard();

  std::string key_;
  std::future<std::optional<SessionOrError>> pending_;
  std::vector<std::future<void>> discarded_;  // deletions under way
};

// Whether a session made now on `server` would not wait in a queue: false
// only when `server` is a Selenium Grid whose GET /status shows no free slot
// on a node that is up (a session prepared ahead must not take the slot
// another worker's scenario is waiting for); true for chromedriver (no limit
// of its own) and when /status does not say (the New Session then tells).
bool HasFreeSlot(const std::string& server);

}  // namespace proofup::browser::webdriver

#endif  // PROOFUP_BROWSER_WEBDRIVER_SESSION_POOL_H_
