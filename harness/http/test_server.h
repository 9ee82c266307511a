// Test-only: a cpp-httplib server on a free loopback port, run on its own
// thread and stopped (and joined) by the destructor. Shared by the http and
// browser tests; not part of any library.
#ifndef PROOFUP_HTTP_TEST_SERVER_H_
#define PROOFUP_HTTP_TEST_SERVER_H_

#include <httplib.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

namespace proofup::http::testing {

class LocalServer {
 public:
  // Plain HTTP.
  LocalServer() : server_(std::make_unique<httplib::Server>()) { server_->set_tcp_nodelay(true); }
  // HTTPS with the given PEM certificate and key files.
  LocalServer(const std::string& cert_file, const std::string& key_file)
      : server_(std::make_unique<httplib::SSLServer>(cert_file.c_str(), key_file.c_str())),
        scheme_("https") {
    server_->set_tcp_nodelay(true);
  }
  ~LocalServer() { Stop(); }
  LocalServer(const LocalServer&) = delete;
  LocalServer& operator=(const LocalServer&) = delete;

  // Register handlers before Start(). TCP_NODELAY is on: without it every
  // response with a body waits ~40 ms for the client's delayed ACK.
  httplib::Server& server() { return *server_; }

  // Binds 127.0.0.1 on a free port; the socket listens before this returns,
  // so clients can connect at once. Returns false when binding failed.
  bool Start() {
    port_ = server_->bind_to_any_port("127.0.0.1");
    if (port_ <= 0) return false;
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    // stop() is a no-op until the accept loop runs; wait for it so that a
    // quick Stop() cannot leave the thread listening forever.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!server_->is_running() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::yield();
    }
    return server_->is_running();
  }

  void Stop() {
    if (thread_.joinable()) {
      server_->stop();
      thread_.join();
    }
  }

  int port() const { return port_; }
  // e.g. "http://127.0.0.1:41234" + path
  std::string Url(const std::string& path = "/") const {
    return scheme_ + "://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::string scheme_ = "http";
  int port_ = 0;
  std::thread thread_;
};

}  // namespace proofup::http::testing

#endif  // PROOFUP_HTTP_TEST_SERVER_H_
