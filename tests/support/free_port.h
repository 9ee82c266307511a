// A free loopback port for servers that cannot be told to take port 0
// (chromedriver, the Selenium Grid): bound to port 0, read back, closed.
// Another process may take it before the server does; callers that start a
// server on it retry or fail with the server's own message.
#ifndef PROOFUP_TESTS_SUPPORT_FREE_PORT_H_
#define PROOFUP_TESTS_SUPPORT_FREE_PORT_H_

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace proofup::test_support {

// The port, or 0 when no socket could be bound. Thread-safe.
inline int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), size) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0)
    port = ntohs(address.sin_port);
  close(fd);
  return port;
}

}  // namespace proofup::test_support

#endif  // PROOFUP_TESTS_SUPPORT_FREE_PORT_H_
