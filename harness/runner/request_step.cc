// ScenarioRun's `request:` steps: an HTTP request beside the page, sent with
// the browser's cookies for its URL, its answer judged by request_check.h.
//
// The answer's Set-Cookie is NOT written back into the browser: the request
// goes through a transport of its own (a fresh, empty cookie jar per step),
// so a set-up call (an admin API, a test-user reset) can never change or end
// the signed-in session the scenario is testing, and both backends behave
// the same without a second cookie-writing call on the Browser interface.
#include <chrono>

#include "harness/browser/url.h"
#include "harness/runner/request_check.h"
#include "harness/runner/scenario_run.h"

namespace proofup::runner {
namespace {

bool HasHeader(const std::vector<http::Header>& headers, std::string_view name) {
  return http::FindHeader(headers, name) != nullptr;
}

}  // namespace

StatusOr<http::Request> ScenarioRun::BuildRequest(const scenario::HttpRequest& a) const {
  using Kind = scenario::HttpRequest::BodyKind;
  http::Request q;
  q.method = a.method;
  auto url = Expand(a.url);
  if (!url.ok()) return url.status();
  // Relative to the target, like `go to`; http and https only.
  auto resolved = browser::IsAbsoluteHttpUrl(*url) ? StatusOr<std::string>(*url)
                                                   : browser::ResolveUrl(options_.target, *url);
  if (!resolved.ok()) return resolved.status();
  if (!browser::IsAbsoluteHttpUrl(*resolved))
    return Status::InvalidArgument("request " + a.method + " " + *resolved +
                                   ": only http and https URLs are sent");
  q.url = browser::StripFragment(*resolved);
  for (const auto& [name, value] : a.headers) {
    auto n = Expand(name), v = Expand(value);
    if (!n.ok()) return n.status();
    if (!v.ok()) return v.status();
    q.headers.push_back({*n, *v});
  }
  auto lookup = [this](std::string_view n) { return Lookup(n); };
  const char* type = nullptr;
  if (a.body_kind == Kind::kForm) {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& [name, value] : a.form) {
      auto n = Expand(name), v = Expand(value);
      if (!n.ok()) return n.status();
      if (!v.ok()) return v.status();
      pairs.emplace_back(*n, *v);
    }
    q.body = browser::FormUrlEncode(pairs);
    type = "application/x-www-form-urlencoded";
  } else if (a.body_kind == Kind::kJson) {
    auto json = InterpolateJson(a.body, lookup);
    if (!json.ok()) return json.status();
    q.body = *json;
    type = "application/json";
  } else if (a.body_kind == Kind::kRaw) {
    auto raw = Expand(a.body);
    if (!raw.ok()) return raw.status();
    q.body = *raw;
  }
  if (type && !HasHeader(q.headers, "Content-Type")) q.headers.push_back({"Content-Type", type});
  if (!HasHeader(q.headers, "Accept"))
    q.headers.push_back({"Accept", "application/json, text/plain;q=0.9, */*;q=0.8"});
  return q;
}

StatusOr<scenario::HttpRequest> ScenarioRun::ExpandChecks(const scenario::HttpRequest& a) const {
  scenario::HttpRequest out = a;
  auto lookup = [this](std::string_view n) { return Lookup(n); };
  for (scenario::HeaderCheck& h : out.expect_headers) {
    auto v = Expand(h.check.value);
    if (!v.ok()) return v.status();
    h.check.value = *v;
  }
  for (scenario::BodyCheck& b : out.expect_body) {
    auto v = b.check.kind == scenario::ValueCheck::Kind::kEquals
                 ? InterpolateJson(b.check.value, lookup)
                 : Expand(b.check.value);
    if (!v.ok()) return v.status();
    b.check.value = *v;
  }
  return out;
}

Status ScenarioRun::Request(const scenario::HttpRequest& a, StepResult& r) {
  auto request = BuildRequest(a);
  if (!request.ok()) return request.status();
  auto checks = ExpandChecks(a);
  if (!checks.ok()) return checks.status();
  r.expected = mask_.Mask(DescribeExpectations(*checks));
  auto cookies = browser_->Cookies(request->url);
  if (!cookies.ok()) return cookies.status();
  if (!cookies->empty() && !HasHeader(request->headers, "Cookie"))
    request->headers.push_back({"Cookie", http::CookieHeader(*cookies)});
  // One deadline for the exchange: the step timeout (the transport's total timeout).
  request->timeout_ms = static_cast<long>(options_.step_timeout.count());
  auto transport = http::NewCurlTransport(transport_options_);
  auto response = transport->Send(*request);
  if (!response.ok()) {
    r.requests.push_back({request->method, mask_.Mask(request->url), 0, 0});
    return response.status();
  }
  r.requests.push_back(
      {request->method, mask_.Mask(request->url), response->status, response->elapsed_ms});
  // Captures first, so that every secret among them is masked in any message below.
  bool secret_captures = false;
  std::vector<std::pair<const scenario::RequestCapture*, StatusOr<std::string>>> captured;
  for (const scenario::RequestCapture& c : a.captures) {
    secret_captures = secret_captures || c.secret;
    captured.emplace_back(&c, CaptureValue(c, *response));
    if (c.secret && captured.back().second.ok()) mask_.Add(*captured.back().second);
  }
  std::vector<std::string> broken = BrokenExpectations(*checks, *response);
  for (const auto& [capture, value] : captured)
    if (!value.ok()) broken.push_back(value.status().message());
  if (!broken.empty()) {
    std::string message =
        request->method + " " + request->url + " answered " + AnswerSummary(*response) + ": ";
    for (size_t i = 0; i < broken.size(); ++i) message += (i ? "; " : "") + broken[i];
    // A body holding a secret the step captures is never shown, masked or not.
    message += secret_captures ? "; body not shown (the step captures secrets)"
                               : "; body: " + BodyExcerpt(response->body);
    return Status::FailedPrecondition(message);
  }
  for (const auto& [capture, value] : captured) SetVariable(capture->var, *value, capture->secret);
  return Status::Ok();
}

}  // namespace proofup::runner
