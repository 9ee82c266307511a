// The portal a run targets: either the bundled mock-idp, started for the run
// on a free loopback port and stopped afterwards, or a running one given by URL.
#ifndef PROOFUP_RUNNER_PORTAL_H_
#define PROOFUP_RUNNER_PORTAL_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "harness/base/status.h"
#include "harness/http/http.h"
#include "harness/process/process.h"

namespace proofup::runner {

struct BundledPortalOptions {
  std::string executable;               // path of mock-idp
  std::string users_file;               // fixtures/users.yaml
  std::vector<std::string> extra_args;  // e.g. {"--variant", "portal-update"}
  std::chrono::milliseconds startup_timeout{10'000};
};

// A started mock-idp. Stopping is RAII: the process is terminated when this is destroyed.
struct BundledPortal {
  std::string url;
  std::string admin_token;
  std::unique_ptr<ChildProcess> process;
};

// Starts mock-idp with `--port 0` and a fresh random admin token (passed in
// MOCK_IDP_ADMIN_TOKEN, never on the command line), and reads
// its URL from the first line it prints. Errors: kNotFound when the
// executable cannot be started, kTimeout when it prints nothing in time,
// kFailedPrecondition when it exits first (the message carries its output).
// The process gets SIGKILL when the calling thread ends (SpawnOptions::
// die_with_parent): call from the thread that outlives the run.
StatusOr<BundledPortal> StartBundledPortal(const BundledPortalOptions& options);

// Where the mock-idp executable is: $PROOFUP_MOCK_IDP, else next to
// `self_exe` (build/proofup -> build/mock-idp/mock-idp or build/mock-idp), else "".
std::string FindMockIdp(const std::string& self_exe);

// OK when `url` answers any HTTP status within `timeout`. Errors (kNetworkError,
// kTimeout) say the target could not be reached and why.
Status CheckReachable(const std::string& url, const http::TransportOptions& transport,
                      std::chrono::milliseconds timeout);

// `transport` with its connect and total timeouts cut to `timeout`: what
// CheckReachable sends with.
http::TransportOptions ReachabilityOptions(const http::TransportOptions& transport,
                                           std::chrono::milliseconds timeout);

// As above, through `transport` (made with ReachabilityOptions), whose
// connection then stays open for the next request (ProbeMockIdp). The caller
// keeps ownership; not thread-safe with other uses of `transport`.
Status CheckReachable(const std::string& url, http::Transport& transport);

// What GET <target>/__control/hello said (mock-idp/PROTOCOL.md).
struct MockIdpHello {
  bool is_mock_idp = false;  // a JSON answer naming mock-idp
  bool authorized = false;   // the token given was the admin token
  // Why it is not mock-idp, for messages: "GET /__control/hello answered
  // HTTP 200 (text/html, 5120 bytes), not mock-idp's JSON".
  std::string answer;
};

// Asks `target` whether it is mock-idp, with `token` as bearer when non-empty.
// A portal that answers anything else (its login page, a 404) is not mock-idp:
// an OK result with is_mock_idp false. Errors: the transport's (unreachable).
StatusOr<MockIdpHello> ProbeMockIdp(const std::string& target, const std::string& token,
                                    http::Transport& transport);

}  // namespace proofup::runner

#endif  // PROOFUP_RUNNER_PORTAL_H_
