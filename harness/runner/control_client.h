// The target's test-control API (mock-idp/PROTOCOL.md, "Test control"): move
// the portal's clock, inject faults, reset a user. Internal to the runner.
// One per scenario run; not thread-safe.
#ifndef PROOFUP_RUNNER_CONTROL_CLIENT_H_
#define PROOFUP_RUNNER_CONTROL_CLIENT_H_

#include <memory>
#include <string>

#include "harness/base/status.h"
#include "harness/http/http.h"
#include "harness/scenario/scenario.h"

namespace proofup::runner {

class ControlClient {
 public:
  // `target`: the portal's base URL; `token`: its admin token (empty: every
  // call fails with kFailedPrecondition saying the target has no control API).
  // Before the first call the client asks GET /__control/hello and fails
  // (kFailedPrecondition naming the answer) unless mock-idp answers and takes
  // the token; every answer must be a JSON object.
  ControlClient(std::string target, std::string token, std::unique_ptr<http::Transport> transport);

  // The clock is moved for `user` only, so parallel scenarios do not disturb
  // each other (mock-idp keeps a clock offset per user).
  Status SetClock(const scenario::SetPortalClock& clock, const std::string& user);
  // `user`: the scenario's user, used when the fault names none.
  Status InjectFault(const scenario::InjectFault& fault, const std::string& user);
  Status ClearFaults();
  Status ResetUser(const std::string& user);

 private:
  Status Call(const std::string& method, const std::string& path, const std::string& json_body);

  std::string target_;
  std::string token_;
  std::unique_ptr<http::Transport> transport_;
  bool verified_ = false;  // GET /__control/hello named mock-idp and took the token
};

}  // namespace proofup::runner

#endif  // PROOFUP_RUNNER_CONTROL_CLIENT_H_
