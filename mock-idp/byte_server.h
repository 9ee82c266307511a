// Internal to mock-idp: the cpp-httplib server, able to serve one
// connection's bytes in the calling thread as well as real sockets (used by
// MockIdp::ServeConnectionBytes, the fuzz driver's way in).
#ifndef PROOFUP_MOCK_IDP_BYTE_SERVER_H_
#define PROOFUP_MOCK_IDP_BYTE_SERVER_H_

#include <httplib.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace proofup::mockidp {

class ByteServer : public httplib::Server {
 public:
  // Parses and answers the requests in `request_bytes` one after another,
  // as httplib does on a keep-alive socket whose client has sent everything
  // and shut down its side: at most `max_requests`, stopping when a reply
  // closes the connection or the bytes run out. Returns what was written.
  std::string ServeBytes(std::string_view request_bytes, size_t max_requests);
};

}  // namespace proofup::mockidp

#endif  // PROOFUP_MOCK_IDP_BYTE_SERVER_H_
