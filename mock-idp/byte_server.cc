#include "mock-idp/byte_server.h"

#include <algorithm>

namespace proofup::mockidp {
namespace {

// An httplib::Stream over fixed input bytes; the output is collected.
class ByteStream final : public httplib::Stream {
 public:
  explicit ByteStream(std::string_view in) : in_(in) {}

  bool is_readable() const override { return true; }  // read() says 0 at the end
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    const size_t n = std::min(size, in_.size() - position_);
    in_.copy(ptr, n, position_);
    position_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    out_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 1;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 0;
  }
  socket_t socket() const override { return INVALID_SOCKET; }

  bool at_end() const { return position_ == in_.size(); }
  std::string take_output() { return std::move(out_); }

 private:
  std::string_view in_;
  size_t position_ = 0;
  std::string out_;
};

}  // namespace

std::string ByteServer::ServeBytes(std::string_view request_bytes, size_t max_requests) {
  ByteStream stream(request_bytes);
  for (size_t i = 0; i < max_requests && !stream.at_end(); ++i) {
    bool closed = false;
    const bool last = i + 1 == max_requests;
    const bool ok = process_request(stream, last, closed, [&stream](httplib::Request& req) {
      stream.get_remote_ip_and_port(req.remote_addr, req.remote_port);
    });
    if (!ok || closed) break;
  }
  return stream.take_output();
}

}  // namespace proofup::mockidp
