// mock-idp: an identity provider that serves the school portal's MFA
// enrolment flow (manual steps 6-16) over real HTTP(S), with the phone-side
// services a real Authenticator app and SMS provider use, and a token-guarded
// control API for tests. Routes and labels: mock-idp/PROTOCOL.md.
//
// Thread safety: Start/Stop from one thread; the server handles requests on
// its own thread pool. Several servers may run in one process (no globals).
#ifndef PROOFUP_MOCK_IDP_MOCK_IDP_H_
#define PROOFUP_MOCK_IDP_MOCK_IDP_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "harness/base/status.h"
#include "mock-idp/clock.h"

namespace proofup::mockidp {

struct MockIdpOptions {
  std::string host = "127.0.0.1";
  int port = 0;                 // 0: any free port
  std::string users_file;       // fixtures/users.yaml
  std::string users_yaml;       // fixture text; used instead of users_file when not empty
  std::string language = "nl";  // when neither ?lng, the user nor Accept-Language decide
  std::string variant;          // "" = base portal; "portal-update"
  std::string catalog_dir;      // "" = the source tree's mock-idp/catalogs
  std::string template_dir;     // "" = the source tree's mock-idp/templates
  std::string tls_cert_file;    // both set: HTTPS
  std::string tls_key_file;
  std::string admin_token;  // "" = generate one (see admin_token())
  int qr_ttl_seconds = 300;
  int push_timeout_seconds = 60;
  int sms_ttl_seconds = 300;
  int session_ttl_seconds = 1800;
  // Worker threads; each open connection holds one while it is read or kept
  // alive, so there must be more than a slow client (or a slowloris) can hold
  // open at once for /healthz and real users to still get one.
  int threads = 512;
  // A connection whose next bytes take longer than this is dropped (httplib's
  // read timeout applies per read: with it below the drip interval, a client
  // sending a header byte every few seconds loses its connection).
  int read_timeout_ms = 2000;
  int keep_alive_max_requests = 100;  // then the connection is closed and its worker freed
  // Larger bodies: 413 before any of the body is read (Content-Length), and
  // chunked request bodies (no length to check up front): 411.
  size_t max_body_bytes = 64 * 1024;
  // One line per request ("GET /login 200"; never a query string or body).
  // Empty: write to stderr. Called from worker threads, possibly after the
  // client already has its response: must stay callable until Stop() returns.
  std::function<void(const std::string&)> log;
  bool log_requests = true;
  const Clock* base_clock = nullptr;  // not owned; nullptr = system clock
};

class MockIdp {
 public:
  // Loads fixture, catalogs and templates, binds, and starts serving on a
  // background thread before returning. Errors: kParseError/kIoError for the
  // data files (message names the file), kInvalidArgument for bad options
  // (unknown language or variant, only one of cert/key), kNetworkError when
  // the address cannot be bound or TLS files are unusable.
  static StatusOr<std::unique_ptr<MockIdp>> Start(MockIdpOptions options);

  ~MockIdp();  // Stop()
  MockIdp(const MockIdp&) = delete;
  MockIdp& operator=(const MockIdp&) = delete;

  // "http://127.0.0.1:41234" (https:// with TLS); no trailing slash.
  const std::string& url() const;
  int port() const;
  const std::string& admin_token() const;
  bool admin_token_generated() const;

  // Serves `request_bytes` as one plain-HTTP connection whose client sent
  // them all and then shut down its side: the same limits, routes and
  // handlers as a socket, in the calling thread, up to
  // keep_alive_max_requests pipelined requests. Returns the bytes written
  // back. For the fuzz driver (fuzz/mock_idp_fuzzer.cc) and tests; safe
  // alongside connections on the socket. With TLS: kFailedPrecondition.
  StatusOr<std::string> ServeConnectionBytes(std::string_view request_bytes);

  // Stops accepting, finishes in-flight requests, joins. Idempotent.
  void Stop();

 private:
  struct Impl;
  explicit MockIdp(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace proofup::mockidp

#endif  // PROOFUP_MOCK_IDP_MOCK_IDP_H_
