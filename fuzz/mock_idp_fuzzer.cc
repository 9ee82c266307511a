// mock-idp's request handling: each input is sent as raw bytes (request line,
// headers, body; several pipelined requests allowed) to one in-process
// mock-idp on loopback, and the reply is read until the server closes. The
// admin token is fixed so that inputs can reach the control API too.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "mock-idp/mock_idp.h"

namespace {

int Port() {
  static const int port = [] {
    proofup::mockidp::MockIdpOptions options;
    options.users_file = std::string(PROOFUP_SOURCE_DIR) + "/fixtures/users.yaml";
    options.admin_token = "fuzz-admin-token";
    options.threads = 4;
    options.log_requests = false;
    options.log = [](const std::string&) {};
    auto idp = proofup::mockidp::MockIdp::Start(options);
    if (!idp.ok()) abort();
    return idp->release()->port();  // lives as long as the fuzzing process
  }();
  return port;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  int port = Port();
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    size_t sent = 0;
    while (sent < size) {
      ssize_t n = send(fd, data + sent, size - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<size_t>(n);
    }
    shutdown(fd, SHUT_WR);
    char buffer[8192];
    while (recv(fd, buffer, sizeof buffer, 0) > 0) {
    }
  }
  close(fd);
  return 0;
}
