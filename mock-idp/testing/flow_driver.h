// Test support for mock-idp: start a server in-process, a virtual phone that
// talks to the phone-side API, and a driver that walks a browser session
// through the whole enrolment. Functions return "" on success or a message
// saying what went wrong, so tests and the benchmark can both use them.
#ifndef PROOFUP_MOCK_IDP_TESTING_FLOW_DRIVER_H_
#define PROOFUP_MOCK_IDP_TESTING_FLOW_DRIVER_H_

#include <memory>
#include <string>
#include <vector>

#include "mock-idp/mock_idp.h"
#include "mock-idp/testing/client.h"

namespace proofup::mockidp::testing {

inline constexpr const char* kAdminToken = "test-admin-token";

// Defaults for tests: the repository's fixture, admin token kAdminToken, no
// request log.
MockIdpOptions TestOptions();
// Starts a server or fails the current test (returns nullptr then).
std::unique_ptr<MockIdp> StartServer(MockIdpOptions options = TestOptions());

// The Authorization header for the control API.
std::string AdminHeader(const std::string& token = kAdminToken);
// POST/GET/DELETE on the control API with the admin token; JSON result.
HttpResponse Control(HttpClient& client, const std::string& method, const std::string& path,
                     const nlohmann::json& body = nlohmann::json::object());

// The Authenticator app plus SIM of one person.
class VirtualPhone {
 public:
  VirtualPhone(const std::string& base_url, std::string push_token, std::string ca_file = "");
  // Activates from a phonefactor:// URI; "" on success.
  std::string Activate(const std::string& phonefactor_uri);
  // The raw activation exchange, for tests of the refusals.
  HttpResponse ActivateRaw(const std::string& url, const std::string& code);
  std::vector<nlohmann::json> Pushes();
  HttpResponse Answer(const std::string& id, const std::string& number, bool approve);
  // Messages for an E.164 number, oldest first.
  std::vector<std::string> Sms(const std::string& e164);
  // The 6-digit code of the newest message, "" when none.
  std::string LatestSmsCode(const std::string& e164);
  const std::string& push_token() const { return push_token_; }
  const std::string& secret() const { return secret_; }
  HttpClient& http() { return http_; }

 private:
  HttpClient http_;
  std::string push_token_;
  std::string secret_;
};

struct EnrollOptions {
  std::string username;
  std::string password;
  std::string mobile = "0612345678";  // typed into the phone step (country NL)
  std::string e164 = "+31612345678";  // what the gateway files it under
};

// Drives sign-in through "Gereed" on the Authenticator path, decoding the
// QR with proofup_qr and answering the push with the number on the page.
// Ends on the start page. "" on success.
std::string EnrollWithAuthenticator(HttpClient& browser, VirtualPhone& phone,
                                    const EnrollOptions& options);

// GET /login and sign in; returns the page after the redirects.
HttpResponse SignIn(HttpClient& browser, const std::string& username, const std::string& password);
// Posts `action` (plus `fields`) with the page's csrf token to the page's form.
HttpResponse Submit(HttpClient& browser, const HttpResponse& page, const std::string& action,
                    Form fields = {});

// The number on a push page once it is shown: polls the page (following its
// meta refresh) until the deadline. "" when it never appears.
std::string WaitForPushPage(HttpClient& browser, const std::string& path);

}  // namespace proofup::mockidp::testing

#endif  // PROOFUP_MOCK_IDP_TESTING_FLOW_DRIVER_H_
