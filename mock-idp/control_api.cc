// Test control: reset users, move the clock, read events, inject faults.
#include "mock-idp/api.h"
#include "mock-idp/http_util.h"
#include "mock-idp/random.h"

namespace proofup::mockidp {
namespace {

using nlohmann::json;

// Empty body -> empty object; otherwise a JSON object or a 400.
bool ParseOptionalBody(const httplib::Request& req, httplib::Response& res, json& body) {
  if (req.body.find_first_not_of(" \r\n\t") == std::string::npos) {
    body = json::object();
    return true;
  }
  body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    SendJson(res, 400, {{"error", "bad_request"}, {"message", "the body must be a JSON object"}});
    return false;
  }
  return true;
}

void BadRequest(httplib::Response& res, const std::string& message) {
  SendJson(res, 400, {{"error", "bad_request"}, {"message", message}});
}

std::string StateOf(const UserState& u) {
  if (u.HasApp() && u.HasPhone()) return "enrolled";
  if (u.HasApp()) return "app_only";
  if (u.HasPhone()) return "phone_only";
  return "not_enrolled";
}

json FaultJson(const Fault& f) {
  json j = {{"kind", f.kind}, {"count", f.remaining}};
  if (!f.route.empty()) j["route"] = f.route;
  if (!f.user.empty()) j["user"] = f.user;
  if (f.kind == "latency") j["ms"] = f.ms;
  return j;
}

}  // namespace

void ControlApi::Register(httplib::Server& server) {
  using httplib::Request;
  using httplib::Response;
  using Member = void (ControlApi::*)(const Request&, Response&);
  auto guarded = [this](Member m) {
    return [this, m](const Request& q, Response& r) {
      if (Authorized(q, r)) (this->*m)(q, r);
    };
  };
  // Open, so a client can tell mock-idp's control API from a portal that
  // answers everything with its login page; says whether the token is right.
  server.Get("/__control/hello", [this](const Request& q, Response& r) {
    const std::string header = q.get_header_value("Authorization");
    const bool authorized =
        header.rfind("Bearer ", 0) == 0 && ConstantTimeEquals(header.substr(7), admin_token_);
    SendJson(r, 200,
             {{"service", "mock-idp"},
              {"control_api", 1},
              {"phone_api", 1},
              {"authorized", authorized}});
  });
  server.Post("/__control/reset", guarded(&ControlApi::Reset));
  server.Get("/__control/clock", guarded(&ControlApi::Clock));
  server.Post("/__control/clock", guarded(&ControlApi::Clock));
  server.Get("/__control/events", guarded(&ControlApi::Events));
  server.Get("/__control/issued-secrets", guarded(&ControlApi::IssuedSecrets));
  server.Post("/__control/faults", guarded(&ControlApi::AddFault));
  server.Get("/__control/faults", guarded(&ControlApi::ListFaults));
  server.Delete("/__control/faults", guarded(&ControlApi::ClearFaults));
  server.Get("/__control/user", guarded(&ControlApi::User));
  // Anything else under the reserved prefix: 401 without the token, else 404.
  auto unknown = [this](const Request& q, Response& r) {
    if (Authorized(q, r)) SendJson(r, 404, {{"error", "not_found"}});
  };
  server.Get("/__control/.*", unknown);
  server.Post("/__control/.*", unknown);
  server.Delete("/__control/.*", unknown);
}

bool ControlApi::Authorized(const httplib::Request& req, httplib::Response& res) const {
  const std::string header = req.get_header_value("Authorization");
  const std::string prefix = "Bearer ";
  if (header.rfind(prefix, 0) == 0 &&
      ConstantTimeEquals(header.substr(prefix.size()), admin_token_)) {
    return true;
  }
  res.set_header("WWW-Authenticate", "Bearer");
  SendJson(res, 401, {{"error", "unauthorized"}, {"message", "admin token required"}});
  return false;
}

void ControlApi::Reset(const httplib::Request& req, httplib::Response& res) {
  json body;
  if (!ParseOptionalBody(req, res, body)) return;
  if (body.contains("user") && !body["user"].is_string())
    return BadRequest(res, "user must be a string");
  const std::string user = body.value("user", "");
  const bool ok = store_.Locked([&](PortalState& st) {
    const int64_t now = clock_.NowUnix();
    if (user.empty()) {
      ResetAll(st);
      AddEvent(st, now, "", "reset", "all");
      return true;
    }
    if (!ResetUser(st, user)) return false;
    AddEvent(st, now, LowerAscii(user), "reset");
    return true;
  });
  if (!ok) return SendJson(res, 404, {{"error", "unknown_user"}});
  if (user.empty()) {
    clock_.set_offset(0);
    clock_.ClearUserOffsets();
  } else {
    clock_.set_user_offset(LowerAscii(user), 0);
  }
  SendJson(res, 200, {{"reset", user.empty() ? "all" : LowerAscii(user)}});
}

// With "user" (body, or ?user= on GET) the call reads or moves that user's own
// offset, which is added to the global one; without it, the global offset.
void ControlApi::Clock(const httplib::Request& req, httplib::Response& res) {
  json body = json::object();
  if (req.method == "POST" && !ParseOptionalBody(req, res, body)) return;
  if (body.contains("user") && !body["user"].is_string())
    return BadRequest(res, "user must be a string");
  const std::string user =
      LowerAscii(req.method == "POST" ? body.value("user", "") : Param(req, "user"));
  if (!user.empty()) {
    const bool known =
        store_.Locked([&](PortalState& st) { return FindUser(st, user) != nullptr; });
    if (!known) return SendJson(res, 404, {{"error", "unknown_user"}});
  }
  if (req.method == "POST") {
    const bool has_set = body.contains("offset_seconds");
    const bool has_advance = body.contains("advance_seconds");
    if (has_set == has_advance) return BadRequest(res, "give offset_seconds or advance_seconds");
    const json& v = has_set ? body["offset_seconds"] : body["advance_seconds"];
    if (!v.is_number_integer()) return BadRequest(res, "seconds must be an integer");
    const int64_t seconds = v.get<int64_t>();
    if (user.empty() && has_set) clock_.set_offset(seconds);
    if (user.empty() && !has_set) clock_.Advance(seconds);
    if (!user.empty() && has_set) clock_.set_user_offset(user, seconds);
    if (!user.empty() && !has_set) clock_.AdvanceUser(user, seconds);
    const int64_t offset = user.empty() ? clock_.offset() : clock_.user_offset(user);
    store_.Locked([&](PortalState& st) {
      AddEvent(st, clock_.NowUnixFor(user), user, "clock", "offset " + std::to_string(offset));
    });
  }
  json out = {{"offset_seconds", user.empty() ? clock_.offset() : clock_.user_offset(user)},
              {"now", clock_.NowUnixFor(user)}};
  if (!user.empty()) {
    out["user"] = user;
    out["global_offset_seconds"] = clock_.offset();
  }
  SendJson(res, 200, out);
}

void ControlApi::Events(const httplib::Request& req, httplib::Response& res) {
  const std::string user = LowerAscii(Param(req, "user"));
  const std::string kind = Param(req, "kind");
  json list = json::array();
  store_.Locked([&](PortalState& st) {
    for (const Event& e : st.events) {
      if (!user.empty() && e.user != user) continue;
      if (!kind.empty() && e.kind != kind) continue;
      list.push_back({{"time", e.time}, {"user", e.user}, {"kind", e.kind}, {"detail", e.detail}});
    }
  });
  SendJson(res, 200, {{"events", list}});
}

// Test-only: every secret handed out (see IssuedSecret), oldest first.
void ControlApi::IssuedSecrets(const httplib::Request&, httplib::Response& res) {
  json list = json::array();
  store_.Locked([&](PortalState& st) {
    for (const IssuedSecret& s : st.issued_secrets)
      list.push_back({{"user", s.user}, {"kind", s.kind}, {"value", s.value}});
  });
  SendJson(res, 200, {{"secrets", list}});
}

void ControlApi::AddFault(const httplib::Request& req, httplib::Response& res) {
  json body;
  if (!ParseOptionalBody(req, res, body)) return;
  Fault f;
  f.kind = body.contains("kind") && body["kind"].is_string() ? body["kind"].get<std::string>() : "";
  const bool route_kind = f.kind == "latency" || f.kind == "http500";
  const bool user_kind = f.kind == "drop_sms" || f.kind == "expire_qr" || f.kind == "drop_push";
  if (!route_kind && !user_kind) {
    return BadRequest(res, "kind must be latency, http500, drop_sms, expire_qr or drop_push");
  }
  if (route_kind) {
    if (!body.contains("route") || !body["route"].is_string() ||
        body["route"].get<std::string>().empty()) {
      return BadRequest(res, f.kind + " needs a route");
    }
    f.route = body["route"].get<std::string>();
  }
  if (f.kind == "latency") {
    if (!body.contains("ms") || !body["ms"].is_number_integer())
      return BadRequest(res, "latency needs ms");
    f.ms = body["ms"].get<int>();
    if (f.ms < 0 || f.ms > 60000) return BadRequest(res, "ms must be 0..60000");
  }
  if (user_kind && body.contains("user")) {
    if (!body["user"].is_string()) return BadRequest(res, "user must be a string");
    f.user = LowerAscii(body["user"].get<std::string>());
  }
  if (body.contains("count")) {
    if (!body["count"].is_number_integer() || body["count"].get<int>() < 1) {
      return BadRequest(res, "count must be a positive integer");
    }
    f.remaining = body["count"].get<int>();
  }
  const bool known = store_.Locked([&](PortalState& st) {
    if (!f.user.empty() && FindUser(st, f.user) == nullptr) return false;
    st.faults.push_back(f);
    AddEvent(st, clock_.NowUnix(), f.user, "fault_added", FaultJson(f).dump());
    return true;
  });
  if (!known) return SendJson(res, 404, {{"error", "unknown_user"}});
  SendJson(res, 200, {{"fault", FaultJson(f)}});
}

void ControlApi::ListFaults(const httplib::Request&, httplib::Response& res) {
  json list = json::array();
  store_.Locked([&](PortalState& st) {
    for (const Fault& f : st.faults) list.push_back(FaultJson(f));
  });
  SendJson(res, 200, {{"faults", list}});
}

void ControlApi::ClearFaults(const httplib::Request&, httplib::Response& res) {
  store_.Locked([&](PortalState& st) {
    st.faults.clear();
    AddEvent(st, clock_.NowUnix(), "", "faults_cleared");
  });
  SendJson(res, 200, {{"faults", json::array()}});
}

void ControlApi::User(const httplib::Request& req, httplib::Response& res) {
  const std::string name = Param(req, "name");
  json out;
  const bool found = store_.Locked([&](PortalState& st) {
    UserState* u = FindUser(st, name);
    if (u == nullptr) return false;
    json devices = json::array();
    for (const Device& d : u->devices) {
      devices.push_back(
          {{"name", d.name}, {"method", d.method == DeviceMethod::kPush ? "push" : "totp"}});
    }
    out = {{"username", u->fixture.username},
           {"state", StateOf(*u)},
           {"devices", devices},
           {"phone", u->phone},
           {"default_method", u->default_method}};
    return true;
  });
  if (!found) return SendJson(res, 404, {{"error", "unknown_user"}});
  SendJson(res, 200, out);
}

}  // namespace proofup::mockidp
