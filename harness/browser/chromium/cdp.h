// A Chrome DevTools protocol client over a pipe pair (Chromium's
// --remote-debugging-pipe): NUL-delimited JSON, request ids, one reader
// thread that answers calls and hands events to per-session subscribers
// (flattened sessions: every page command carries its sessionId). Internal
// to harness/browser/chromium.
//
// Thread safety: Call/Send/Subscribe may be used from any thread. Event
// handlers run on the reader thread and must not Call (they may Send).
#ifndef PROOFUP_BROWSER_CHROMIUM_CDP_H_
#define PROOFUP_BROWSER_CHROMIUM_CDP_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "harness/base/status.h"

namespace proofup::browser::cdp {

using Json = nlohmann::json;
using EventHandler = std::function<void(const std::string& method, const Json& params)>;

class Connection {
 public:
  // Owns both fds: commands are written to `write_fd`, replies and events read from `read_fd`.
  Connection(int write_fd, int read_fd);
  ~Connection();  // stops the reader, closes the fds; pending calls fail
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Sends `method` and waits for its reply's "result". Errors: kTimeout after
  // `timeout`; kFailedPrecondition with the protocol's error message;
  // kNetworkError once the peer closed the pipe (message: close_reason()).
  StatusOr<Json> Call(const std::string& method, Json params = Json::object(),
                      const std::string& session = "",
                      std::chrono::milliseconds timeout = std::chrono::milliseconds(10'000));
  // Sends without waiting for the reply (from event handlers).
  void Send(const std::string& method, Json params, const std::string& session);

  // Events of `session` ("" = browser-level) go to `handler` until Unsubscribe.
  void Subscribe(const std::string& session, EventHandler handler);
  void Unsubscribe(const std::string& session);

  bool closed() const;
  // Why the connection ended ("Chromium closed the pipe"), "" while open.
  std::string close_reason() const;
  // Replaces the reason given to callers once closed (e.g. with the exit status).
  void set_close_reason(std::string reason);

 private:
  struct Pending {
    bool done = false;
    Json reply;
  };
  Status Write(const Json& message);
  void ReadLoop();
  void Dispatch(const std::string& text);

  int write_fd_, read_fd_;
  int wake_[2] = {-1, -1};
  mutable std::mutex mutex_;
  std::condition_variable replied_;
  std::mutex write_mutex_;
  int next_id_ = 1;
  std::map<int, std::shared_ptr<Pending>> pending_;
  std::map<std::string, std::shared_ptr<EventHandler>> handlers_;
  bool closed_ = false;
  std::string close_reason_;
  std::thread reader_;
};

}  // namespace proofup::browser::cdp

#endif  // PROOFUP_BROWSER_CHROMIUM_CDP_H_
