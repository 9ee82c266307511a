#include "harness/browser/chromium/cdp.h"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace proofup::browser::cdp {

Connection::Connection(int write_fd, int read_fd) : write_fd_(write_fd), read_fd_(read_fd) {
  if (pipe(wake_) != 0) wake_[0] = wake_[1] = -1;
  reader_ = std::thread([this] { ReadLoop(); });
}

Connection::~Connection() {
  if (wake_[1] >= 0) (void)!write(wake_[1], "x", 1);
  reader_.join();
  for (int fd : {write_fd_, read_fd_, wake_[0], wake_[1]})
    if (fd >= 0) close(fd);
}

Status Connection::Write(const Json& message) {
  std::string text = message.dump();
  text.push_back('\0');
  std::lock_guard<std::mutex> lock(write_mutex_);
  // A dead peer must give EPIPE, not kill proofup: SIGPIPE is blocked in this
  // thread while writing and a pending one is consumed.
  sigset_t pipe_set, old;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
  size_t done = 0;
  int error = 0;
  while (done < text.size()) {
    ssize_t n = write(write_fd_, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = errno;
      break;
    }
    done += static_cast<size_t>(n);
  }
  if (error == EPIPE) {
    timespec zero{0, 0};
    sigtimedwait(&pipe_set, nullptr, &zero);
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if (error != 0)
    return Status::NetworkError(std::string("writing to Chromium: ") + strerror(error));
  return Status::Ok();
}

StatusOr<Json> Connection::Call(const std::string& method, Json params, const std::string& session,
                                std::chrono::milliseconds timeout) {
  auto pending = std::make_shared<Pending>();
  int id;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_) return Status::NetworkError(close_reason_);
    id = next_id_++;
    pending_[id] = pending;
  }
  Json message = {{"id", id}, {"method", method}, {"params", std::move(params)}};
  if (!session.empty()) message["sessionId"] = session;
  if (Status s = Write(message); !s.ok()) {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_.erase(id);
    return closed_ ? Status::NetworkError(close_reason_) : s;
  }
  std::unique_lock<std::mutex> lock(mutex_);
  bool answered = replied_.wait_for(lock, timeout, [&] { return pending->done || closed_; });
  pending_.erase(id);
  if (!pending->done) {
    if (closed_) return Status::NetworkError(close_reason_);
    if (!answered)
      return Status::Timeout(method + ": no answer from Chromium within " +
                             std::to_string(timeout.count()) + " ms");
  }
  const Json& reply = pending->reply;
  if (reply.contains("error")) {
    return Status::FailedPrecondition(method + ": " + reply["error"].value("message", "error"));
  }
  return reply.contains("result") ? reply["result"] : Json::object();
}

void Connection::Send(const std::string& method, Json params, const std::string& session) {
  int id;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_) return;
    id = next_id_++;
  }
  Json message = {{"id", id}, {"method", method}, {"params", std::move(params)}};
  if (!session.empty()) message["sessionId"] = session;
  (void)Write(message);
}

void Connection::Subscribe(const std::string& session, EventHandler handler) {
  std::lock_guard<std::mutex> lock(mutex_);
  handlers_[session] = std::make_shared<EventHandler>(std::move(handler));
}

void Connection::Unsubscribe(const std::string& session) {
  std::lock_guard<std::mutex> lock(mutex_);
  handlers_.erase(session);
}

bool Connection::closed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return closed_;
}

std::string Connection::close_reason() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return closed_ ? close_reason_ : "";
}

void Connection::set_close_reason(std::string reason) {
  std::lock_guard<std::mutex> lock(mutex_);
  close_reason_ = std::move(reason);
}

void Connection::Dispatch(const std::string& text) {
  Json message = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!message.is_object()) return;  // not JSON: ignore rather than die
  if (message.contains("id")) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = pending_.find(message["id"].get<int>());
    if (it == pending_.end()) return;  // a Send() reply, or a call that timed out
    it->second->reply = std::move(message);
    it->second->done = true;
    replied_.notify_all();
    return;
  }
  std::shared_ptr<EventHandler> handler;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = handlers_.find(message.value("sessionId", ""));
    if (it == handlers_.end()) return;
    handler = it->second;
  }
  (*handler)(message.value("method", ""), message.value("params", Json::object()));
}

void Connection::ReadLoop() {
  std::string buffer;
  char chunk[65536];
  std::string reason = "Chromium closed its DevTools pipe";
  for (;;) {
    pollfd fds[2] = {{read_fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    int r = poll(fds, wake_[0] >= 0 ? 2 : 1, -1);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0 || (fds[1].revents & POLLIN)) {
      reason = "the DevTools connection was closed";
      break;
    }
    ssize_t n = read(read_fd_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    buffer.append(chunk, static_cast<size_t>(n));
    size_t start = 0;
    for (size_t nul; (nul = buffer.find('\0', start)) != std::string::npos; start = nul + 1)
      Dispatch(buffer.substr(start, nul - start));
    buffer.erase(0, start);
  }
  std::lock_guard<std::mutex> lock(mutex_);
  closed_ = true;
  if (close_reason_.empty()) close_reason_ = reason;
  replied_.notify_all();
}

}  // namespace proofup::browser::cdp
