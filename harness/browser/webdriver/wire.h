// The W3C WebDriver wire: JSON commands over HTTP to one server (chromedriver
// or a Selenium Grid), with the protocol's errors turned into Status values.
// Internal to harness/browser/webdriver.
#ifndef PROOFUP_BROWSER_WEBDRIVER_WIRE_H_
#define PROOFUP_BROWSER_WEBDRIVER_WIRE_H_

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "harness/base/status.h"
#include "harness/http/http.h"

namespace proofup::browser::webdriver {

using Json = nlohmann::json;

// What a failed command means for the session.
struct WireError {
  Status status;
  // The session is gone for good: "invalid session id", the browser closed
  // or unreachable, or the server itself unreachable.
  bool session_lost = false;
};

// A WebDriver error reply ({"value": {"error", "message"}}) or a transport
// failure as a Status: kTimeout for "timeout"/"script timeout", kNotFound
// for "no such element", kFailedPrecondition "script in the page failed:
// ..." for "javascript error", kNetworkError otherwise; the message keeps the
// server's first line. Exposed for tests.
WireError ErrorOf(int http_status, const std::string& body);

class Wire {
 public:
  // `base_url` (a trailing slash is dropped); `timeout_ms` bounds each
  // command, `longest_ms` (0: timeout_ms) the longest a single command may
  // be given (New Session, which a Grid may queue).
  Wire(std::string base_url, long timeout_ms, long longest_ms = 0);

  // Sends `method` `path` (e.g. "/session/ID/url") with `body` (null: none)
  // and returns the reply's "value". Errors: ErrorOf's; *lost (if given) is
  // set when the session is gone. Not thread-safe.
  StatusOr<Json> Command(const std::string& method, const std::string& path, const Json& body,
                         bool* lost = nullptr, long timeout_ms = 0);

  const std::string& base_url() const { return base_url_; }

 private:
  std::string base_url_;
  long timeout_ms_;
  std::unique_ptr<http::Transport> transport_;
};

}  // namespace proofup::browser::webdriver

#endif  // PROOFUP_BROWSER_WEBDRIVER_WIRE_H_
