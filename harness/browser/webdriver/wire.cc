#include "harness/browser/webdriver/wire.h"

#include <algorithm>

namespace proofup::browser::webdriver {
namespace {

std::string FirstLine(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line.size() > 300 ? line.substr(0, 297) + "..." : line;
}

bool Contains(const std::string& text, const char* part) {
  return text.find(part) != std::string::npos;
}

// Replies after which the session cannot go on: chromedriver lost its
// browser, or the Grid no longer knows the session (its node went away).
bool MeansLost(const std::string& error, const std::string& message) {
  if (error == "invalid session id" || error == "no such window") return true;
  for (const char* sign :
       {"chrome not reachable", "not connected to DevTools", "session deleted",
        "disconnected:", "target window already closed", "Unable to find session"})
    if (Contains(message, sign)) return true;
  return false;
}

}  // namespace

WireError ErrorOf(int http_status, const std::string& body) {
  Json reply = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!reply.is_object() || !reply.contains("value") || !reply["value"].is_object() ||
      !reply["value"].contains("error"))
    return {Status::NetworkError("the WebDriver server answered HTTP " +
                                 std::to_string(http_status) + ": " + FirstLine(body)),
            false};
  const Json& value = reply["value"];
  std::string error = value.value("error", "");
  std::string whole = value.contains("message") && value["message"].is_string()
                          ? value["message"].get<std::string>()
                          : "";
  std::string message = FirstLine(whole);
  // chromedriver puts the cause on a line of its own: "session not
  // created\nfrom unknown error: no chrome binary at /x".
  if (size_t from = whole.find("\nfrom "); from != std::string::npos)
    message += " (" + FirstLine(whole.substr(from + 1)) + ")";
  if (MeansLost(error, whole))
    return {Status::NetworkError("the WebDriver session was lost: " + message), true};
  if (error == "javascript error")
    return {Status::FailedPrecondition("script in the page failed: " + message), false};
  if (error == "timeout" || error == "script timeout")
    return {Status::Timeout("WebDriver " + error + ": " + message), false};
  if (error == "no such element") return {Status::NotFound(message), false};
  if (error == "session not created")
    return {Status::NetworkError("the WebDriver server refused a new session: " + message), false};
  return {Status::NetworkError("WebDriver " + error + ": " + message), false};
}

Wire::Wire(std::string base_url, long timeout_ms, long longest_ms)
    : base_url_(std::move(base_url)), timeout_ms_(timeout_ms) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
  http::TransportOptions options;
  options.total_timeout_ms = std::max(timeout_ms_, longest_ms);  // caps each request's own
  options.max_body_bytes = 64 * 1024 * 1024;                     // full-page screenshots, base64
  options.accept_language.clear();
  transport_ = http::NewCurlTransport(options);
}

StatusOr<Json> Wire::Command(const std::string& method, const std::string& path, const Json& body,
                             bool* lost, long timeout_ms) {
  http::Request request;
  request.method = method;
  request.url = base_url_ + path;
  request.timeout_ms = timeout_ms > 0 ? timeout_ms : timeout_ms_;
  // A Grid refuses JSON that does not say it is UTF-8.
  request.headers.push_back({"Content-Type", "application/json; charset=utf-8"});
  if (!body.is_null()) request.body = body.dump();
  StatusOr<http::Response> response = transport_->Send(request);
  if (!response.ok()) {
    if (lost) *lost = true;
    if (response.status().kind() == Status::Kind::kTimeout)
      return Status::Timeout("the WebDriver server at " + base_url_ + " did not answer " + method +
                             " " + path + " in time");
    return Status::NetworkError("cannot reach the WebDriver server at " + base_url_ + ": " +
                                response.status().message());
  }
  if (response->status >= 200 && response->status < 300) {
    Json reply = Json::parse(response->body, nullptr, /*allow_exceptions=*/false);
    if (reply.is_discarded() || !reply.is_object())
      return Status::NetworkError("the WebDriver server answered " + method + " " + path +
                                  " with something that is not JSON");
    return reply.contains("value") ? reply["value"] : Json();
  }
  WireError e = ErrorOf(response->status, response->body);
  if (lost && e.session_lost) *lost = true;
  return e.status;
}

}  // namespace proofup::browser::webdriver
