// A portal for the end-to-end tests: cpp-httplib on a free loopback port
// (port 0), serving the routes a test gives it, on its own thread until
// destroyed.
#pragma once

#include <httplib.h>

#include <functional>
#include <string>
#include <thread>

namespace proofup::e2e {

class LoopbackPortal {
 public:
  // `routes` adds the handlers (server.Get(...)) before the server listens.
  explicit LoopbackPortal(const std::function<void(httplib::Server&)>& routes) {
    routes(server_);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~LoopbackPortal() {
    server_.stop();
    thread_.join();
  }
  LoopbackPortal(const LoopbackPortal&) = delete;
  LoopbackPortal& operator=(const LoopbackPortal&) = delete;

  // "http://127.0.0.1:PORT", for --target.
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace proofup::e2e
