// The Authenticator app's exchanges with the portal (PROTOCOL.md, phone side):
// activation of a work account, and push notifications.
#include <algorithm>

#include "harness/phone/json_client.h"
#include "harness/phone/phone.h"

namespace proofup::phone {
namespace {

// The account fields of a 200 activation answer.
StatusOr<Account> ParseActivation(const nlohmann::json& body, const std::string& url,
                                  SecretRegistry& secrets) {
  std::string what = "activation answer from " + url;
  StatusOr<std::string> name = StringMember(body, "account", what);
  if (!name.ok()) return name.status();
  StatusOr<std::string> secret = StringMember(body, "secret", what);
  if (!secret.ok()) return secret.status();
  secrets.Add(*secret);
  StatusOr<std::string> key = otp::Base32Decode(*secret);
  if (!key.ok()) return Status::ParseError(what + ": the secret is not Base32");

  Account account;
  account.name = *name;
  if (StatusOr<std::string> issuer = StringMember(body, "issuer", what); issuer.ok()) {
    account.issuer = *issuer;
  }
  account.totp.key = *key;
  if (StatusOr<std::string> algorithm = StringMember(body, "algorithm", what); algorithm.ok()) {
    StatusOr<otp::Algorithm> parsed = otp::ParseAlgorithm(*algorithm);
    if (!parsed.ok()) return Status::ParseError(what + ": " + parsed.status().message());
    account.totp.algorithm = *parsed;
  }
  if (StatusOr<int64_t> digits = IntMember(body, "digits", what); digits.ok()) {
    account.totp.digits = static_cast<int>(*digits);
  }
  if (StatusOr<int64_t> period = IntMember(body, "period", what); period.ok()) {
    account.totp.period_seconds = static_cast<int>(*period);
  }
  return account;
}

}  // namespace

StatusOr<Account> AuthenticatorApp::ActivateWorkAccount(std::string_view code,
                                                        std::string_view url_text) {
  std::string url(url_text);
  StatusOr<std::string> origin = OriginOf(url);
  if (!origin.ok()) return Status::InvalidArgument("activation URL: " + origin.status().message());
  nlohmann::json request = {{"code", std::string(code)},
                            {"device_name", options_.device_name},
                            {"push_token", push_token_}};
  StatusOr<JsonReply> reply = ExchangeJson(transport_, "POST", url, request);
  if (!reply.ok()) return reply.status();
  if (reply->status != 200) {
    std::string refusal = "the portal refused the activation at " + url + " (HTTP " +
                          std::to_string(reply->status) + "): " + RefusalWord(*reply);
    if (reply->status == 404) return Status::NotFound(refusal);
    return Status::FailedPrecondition(refusal);
  }
  StatusOr<Account> account = ParseActivation(reply->body, url, secrets_);
  if (!account.ok()) return account.status();
  account->service_url = *origin;
  return Add(std::move(account).value());
}

StatusOr<std::vector<PushNotification>> AuthenticatorApp::PendingPushes() {
  if (Status s = CheckReady(); !s.ok()) return s;
  std::vector<std::string> services = ServiceUrls();
  if (services.empty()) {
    return Status::FailedPrecondition(
        "the Authenticator app has no work or school account, so it gets no notifications");
  }
  std::vector<PushNotification> pending;
  for (const std::string& service : services) {
    std::string url = service + "/phone/push?token=" + otp::PercentEncode(push_token_);
    StatusOr<nlohmann::json> list = GetJsonList(transport_, url, "notifications");
    if (!list.ok()) return list.status();
    for (const nlohmann::json& item : *list) {
      std::string what = "notification from " + url;
      StatusOr<std::string> id = StringMember(item, "id", what);
      if (!id.ok()) return id.status();
      PushNotification push{*id, "", 0, service};
      if (StatusOr<std::string> account = StringMember(item, "account", what); account.ok()) {
        push.account = *account;
      }
      if (StatusOr<int64_t> created = IntMember(item, "created_at", what); created.ok()) {
        push.created_at = *created;
      }
      pending.push_back(push);
    }
  }
  std::stable_sort(pending.begin(), pending.end(),
                   [](const auto& a, const auto& b) { return a.created_at < b.created_at; });
  for (const PushNotification& push : pending) {
    bool known = std::any_of(seen_pushes_.begin(), seen_pushes_.end(),
                             [&](const auto& seen) { return seen.id == push.id; });
    if (!known) seen_pushes_.push_back(push);
  }
  return pending;
}

StatusOr<PushNotification> AuthenticatorApp::WaitForPush(std::chrono::milliseconds timeout,
                                                         std::chrono::milliseconds poll_interval) {
  const int64_t deadline = clock_.MonotonicMillis() + timeout.count();
  int polls = 0;
  while (true) {
    StatusOr<std::vector<PushNotification>> pending = PendingPushes();
    ++polls;
    if (!pending.ok()) return pending.status();
    if (!pending->empty()) return pending->front();
    int64_t left = deadline - clock_.MonotonicMillis();
    if (left <= 0) break;
    clock_.Pause(std::chrono::milliseconds(std::min<int64_t>(left, poll_interval.count())));
  }
  std::string services;
  for (const std::string& s : ServiceUrls()) services += (services.empty() ? "" : ", ") + s;
  return Status::Timeout("no push notification reached the Authenticator app on \"" +
                         options_.device_name + "\" within " + std::to_string(timeout.count()) +
                         " ms (" + std::to_string(polls) + " polls of " + services + ")");
}

StatusOr<std::string> AuthenticatorApp::AnswerPush(std::string_view id, std::string_view number,
                                                   bool approve) {
  if (Status s = CheckReady(); !s.ok()) return s;
  std::string service, account;
  for (const PushNotification& push : seen_pushes_) {
    if (push.id == id) service = push.service_url, account = push.account;
  }
  if (service.empty()) {
    std::vector<std::string> services = ServiceUrls();
    if (services.size() != 1) {
      return Status::NotFound("the Authenticator app has not received push notification \"" +
                              std::string(id) + "\"");
    }
    service = services.front();
  }
  std::string url = service + "/phone/push/" + otp::PercentEncode(id) + "/answer";
  nlohmann::json request = {
      {"token", push_token_}, {"number", std::string(number)}, {"approve", approve}};
  last_answer_ = PushAnswer{account, std::string(number), approve};
  StatusOr<JsonReply> reply = ExchangeJson(transport_, "POST", url, request);
  if (!reply.ok()) return reply.status();
  std::string notification = "push notification \"" + std::string(id) + "\"";
  switch (reply->status) {
    case 200:
      return StringMember(reply->body, "result", "answer to " + notification);
    case 404:
      return Status::NotFound(notification + " is unknown to " + service +
                              " or belongs to another device");
    case 409:
      return Status::FailedPrecondition(notification + " was already answered or has expired");
    default:
      return Status::FailedPrecondition("POST " + url + " answered HTTP " +
                                        std::to_string(reply->status) + ": " + RefusalWord(*reply));
  }
}

}  // namespace proofup::phone
