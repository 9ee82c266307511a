// What the virtual phone talks to: the Authenticator app's activation and
// push service, and the SMS provider's outbox.
#include <algorithm>

#include "mock-idp/api.h"
#include "mock-idp/http_util.h"
#include "mock-idp/mfa.h"
#include "mock-idp/random.h"

namespace proofup::mockidp {
namespace {

using nlohmann::json;

void Refuse(httplib::Response& res, int status, const std::string& error,
            const std::string& message) {
  SendJson(res, status, {{"error", error}, {"message", message}});
}

// Parses a JSON object body; answers 400 and returns false when it is not one.
bool ParseBody(const httplib::Request& req, httplib::Response& res, json& body) {
  body = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    Refuse(res, 400, "bad_request", "the body must be a JSON object");
    return false;
  }
  return true;
}

std::string StringField(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  return "";
}

}  // namespace

void PhoneApi::Register(httplib::Server& server, const HandlerWrapper& wrap) {
  using httplib::Request;
  using httplib::Response;
  server.Post(R"(/activate/([0-9a-f]{1,64}))",
              wrap([this](const Request& q, Response& r) { Activate(q, r); }));
  server.Get("/phone/push", wrap([this](const Request& q, Response& r) { ListPushes(q, r); }));
  server.Post(R"(/phone/push/([0-9a-f]{1,64})/answer)",
              wrap([this](const Request& q, Response& r) { AnswerPush(q, r); }));
  server.Get("/sms/outbox", wrap([this](const Request& q, Response& r) { Outbox(q, r); }));
}

void PhoneApi::Activate(const httplib::Request& req, httplib::Response& res) {
  json body;
  if (!ParseBody(req, res, body)) return;
  const std::string code = StringField(body, "code");
  const std::string push_token = StringField(body, "push_token");
  std::string device_name = StringField(body, "device_name");
  if (code.empty() || push_token.empty()) {
    return Refuse(res, 400, "bad_request", "code and push_token are required");
  }
  if (device_name.empty()) device_name = "Authenticator";
  const std::string id = req.matches[1];
  store_.Locked([&](PortalState& st) {
    auto it = st.activations.find(id);
    if (it == st.activations.end()) {
      return Refuse(res, 404, "unknown", "no such activation");
    }
    Activation& a = it->second;
    const int64_t now = clock_.NowUnixFor(a.username);
    RefreshActivation(a, now);
    if (a.state == ActivationState::kPending && TakeUserFault(st, "expire_qr", a.username)) {
      a.state = ActivationState::kExpired;
    }
    auto refused = [&](int status, const char* error, const char* message) {
      AddEvent(st, now, a.username, "activation_refused", error);
      Refuse(res, status, error, message);
    };
    if (a.state == ActivationState::kUsed) return refused(410, "used", "code already used");
    if (a.state == ActivationState::kExpired) return refused(410, "expired", "code expired");
    if (!ConstantTimeEquals(code, a.code)) return refused(400, "wrong_code", "wrong code");
    auto session = st.sessions.find(a.session_id);
    UserState* user = FindUser(st, a.username);
    if (session == st.sessions.end() || session->second.activation_id != id || user == nullptr) {
      a.state = ActivationState::kExpired;
      return refused(410, "expired", "the sign-in this code belongs to has ended");
    }
    if (user->devices.size() >= kMaxAuthenticatorApps) {
      return refused(409, "limit", "too many authenticator apps");
    }
    Device device{RandomHex(8), device_name, push_token, NewTotpSecret(), DeviceMethod::kPush, now};
    a.state = ActivationState::kUsed;
    RecordIssuedSecret(st, a.username, "totp_secret", device.totp_secret);
    RecordIssuedSecret(st, a.username, "push_token", push_token);
    AddEvent(st, now, a.username, "activation", "device " + device.id);
    SendJson(res, 200,
             {{"account", user->fixture.username},
              {"issuer", st.tenant},
              {"confirmation", RandomHex(3)},
              {"secret", device.totp_secret},
              {"algorithm", "SHA1"},
              {"digits", 6},
              {"period", 30}});
    session->second.pending_device = std::move(device);
  });
}

void PhoneApi::ListPushes(const httplib::Request& req, httplib::Response& res) {
  const std::string token = Param(req, "token");
  if (token.empty()) return Refuse(res, 400, "bad_request", "token is required");
  json list = json::array();
  store_.Locked([&](PortalState& st) {
    const int64_t now = clock_.NowUnix();
    // Settled pushes are kept an hour for late answers (409), then dropped.
    std::erase_if(st.pushes, [&](const auto& kv) { return kv.second.expires_at + 3600 < now; });
    std::vector<const Push*> mine;
    for (auto& [id, p] : st.pushes) {
      RefreshPush(p, clock_.NowUnixFor(p.username));
      if (p.state == PushState::kPending && !p.dropped && ConstantTimeEquals(p.push_token, token)) {
        mine.push_back(&p);
      }
    }
    std::sort(mine.begin(), mine.end(),
              [](const Push* a, const Push* b) { return a->created_at < b->created_at; });
    for (const Push* p : mine) {
      list.push_back({{"id", p->id}, {"account", p->username}, {"created_at", p->created_at}});
    }
  });
  SendJson(res, 200, {{"notifications", list}});
}

void PhoneApi::AnswerPush(const httplib::Request& req, httplib::Response& res) {
  json body;
  if (!ParseBody(req, res, body)) return;
  const std::string token = StringField(body, "token");
  const std::string number = StringField(body, "number");
  auto approve = body.find("approve");
  if (token.empty() || approve == body.end() || !approve->is_boolean()) {
    return Refuse(res, 400, "bad_request", "token and approve (boolean) are required");
  }
  const std::string id = req.matches[1];
  store_.Locked([&](PortalState& st) {
    auto it = st.pushes.find(id);
    // A foreign token gets the same answer as an unknown id: nothing leaks.
    if (it == st.pushes.end() || it->second.dropped ||
        !ConstantTimeEquals(it->second.push_token, token)) {
      return Refuse(res, 404, "unknown", "no such notification for this device");
    }
    Push& p = it->second;
    const int64_t now = clock_.NowUnixFor(p.username);
    RefreshPush(p, now);
    if (p.state == PushState::kExpired) return Refuse(res, 409, "expired", "notification expired");
    if (p.state != PushState::kPending) {
      return Refuse(res, 409, "already_answered", "notification already answered");
    }
    std::string result = "approved";
    if (!approve->get<bool>()) {
      p.state = PushState::kDenied;
      result = "denied";
    } else if (number != std::to_string(p.number) && !breaks_.ignore_number_match) {
      p.state = PushState::kWrongNumber;
      result = "wrong_number";
    } else {
      p.state = PushState::kApproved;
    }
    AddEvent(st, now, p.username, "push_answered", result);
    SendJson(res, 200, {{"result", result}});
  });
}

void PhoneApi::Outbox(const httplib::Request& req, httplib::Response& res) {
  std::string number = Param(req, "number");
  // An unencoded '+' arrives as a space.
  number.erase(0, number.find_first_not_of(' '));
  if (!number.empty() && number[0] != '+') number.insert(0, "+");
  if (number.size() < 2) return Refuse(res, 400, "bad_request", "number is required");
  json list = json::array();
  store_.Locked([&](PortalState& st) {
    auto it = st.outbox.find(number);
    if (it == st.outbox.end()) return;
    for (const SmsMessage& m : it->second) {
      list.push_back({{"to", m.to}, {"text", m.text}, {"sent_at", m.sent_at}});
    }
  });
  SendJson(res, 200, {{"messages", list}});
}

}  // namespace proofup::mockidp
