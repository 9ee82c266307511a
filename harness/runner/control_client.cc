#include "harness/runner/control_client.h"

#include <nlohmann/json.hpp>

#include "harness/runner/portal.h"

namespace proofup::runner {

using nlohmann::json;

ControlClient::ControlClient(std::string target, std::string token,
                             std::unique_ptr<http::Transport> transport)
    : target_(std::move(target)), token_(std::move(token)), transport_(std::move(transport)) {
  while (!target_.empty() && target_.back() == '/') target_.pop_back();
}

Status ControlClient::Call(const std::string& method, const std::string& path,
                           const std::string& json_body) {
  if (token_.empty())
    return Status::FailedPrecondition(
        "the target offers no control API (start proofup without --target, or give --admin-token)");
  if (!verified_) {
    // A portal answering everything with its login page must not make a control step pass.
    auto hello = ProbeMockIdp(target_, token_, *transport_);
    if (!hello.ok()) return hello.status();
    if (!hello->is_mock_idp)
      return Status::FailedPrecondition(
          "the target " + target_ + " does not answer as mock-idp's control API (" + hello->answer +
          "); control steps need the bundled mock-idp or a mock-idp target");
    if (!hello->authorized)
      return Status::FailedPrecondition("mock-idp at " + target_ +
                                        " refused the admin token (--admin-token)");
    verified_ = true;
  }
  http::Request req;
  req.method = method;
  req.url = target_ + path;
  req.headers = {{"Authorization", "Bearer " + token_}, {"Content-Type", "application/json"}};
  req.body = json_body;
  auto resp = transport_->Send(req);
  if (!resp.ok()) return resp.status();
  if (resp->status / 100 != 2) {
    std::string reason = resp->body.substr(0, 200);
    return Status::FailedPrecondition("control API " + method + " " + path + " answered " +
                                      std::to_string(resp->status) + ": " + reason);
  }
  if (!json::parse(resp->body, nullptr, false).is_object())
    return Status::FailedPrecondition("control API " + method + " " + path + " answered HTTP " +
                                      std::to_string(resp->status) + " without mock-idp's JSON");
  return Status::Ok();
}

Status ControlClient::SetClock(const scenario::SetPortalClock& clock, const std::string& user) {
  const char* key =
      clock.mode == scenario::SetPortalClock::Mode::kAdvance ? "advance_seconds" : "offset_seconds";
  return Call("POST", "/__control/clock", json{{key, clock.seconds}, {"user", user}}.dump());
}

Status ControlClient::InjectFault(const scenario::InjectFault& fault, const std::string& user) {
  json body = {{"kind", scenario::FaultKindName(fault.kind)}};
  if (!fault.route.empty()) body["route"] = fault.route;
  if (fault.delay.count() > 0) body["ms"] = fault.delay.count();
  if (fault.count > 0) body["count"] = fault.count;
  switch (fault.kind) {
    case scenario::FaultKind::kDropSms:
    case scenario::FaultKind::kExpireQr:
    case scenario::FaultKind::kDropPush:
      body["user"] = fault.user.empty() ? user : fault.user;
      break;
    default:
      break;
  }
  return Call("POST", "/__control/faults", body.dump());
}

Status ControlClient::ClearFaults() { return Call("DELETE", "/__control/faults", ""); }

Status ControlClient::ResetUser(const std::string& user) {
  return Call("POST", "/__control/reset", json{{"user", user}}.dump());
}

}  // namespace proofup::runner
