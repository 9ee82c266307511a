// mock-idp's request handling: each input is the bytes a client sends on one
// connection (request line, headers, body; several pipelined requests
// allowed), served in-process by one mock-idp through
// MockIdp::ServeConnectionBytes: the real routes, limits and handlers, no
// socket round trip. The admin token is fixed so that inputs can reach the
// control API too; state (sessions, lockouts) carries over between inputs.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "mock-idp/mock_idp.h"

namespace {

proofup::mockidp::MockIdp& Server() {
  static proofup::mockidp::MockIdp* idp = [] {
    proofup::mockidp::MockIdpOptions options;
    options.users_file = std::string(PROOFUP_SOURCE_DIR) + "/fixtures/users.yaml";
    options.admin_token = "fuzz-admin-token";
    options.threads = 2;
    options.log_requests = false;
    options.log = [](const std::string&) {};
    auto started = proofup::mockidp::MockIdp::Start(options);
    if (!started.ok()) abort();
    return started->release();  // lives as long as the fuzzing process
  }();
  return *idp;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto reply =
      Server().ServeConnectionBytes(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!reply.ok()) abort();
  return 0;
}
