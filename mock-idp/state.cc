#include "mock-idp/state.h"

#include "mock-idp/random.h"

namespace proofup::mockidp {
namespace {

constexpr size_t kMaxEvents = 20000;
constexpr uint64_t kSweepEvery = 1024;
constexpr size_t kMaxSessions = 200000;

void ForgetUserArtifacts(PortalState& st, const std::string& username) {
  std::erase_if(st.sessions, [&](const auto& kv) { return kv.second.username == username; });
  std::erase_if(st.activations, [&](const auto& kv) { return kv.second.username == username; });
  std::erase_if(st.pushes, [&](const auto& kv) { return kv.second.username == username; });
  for (auto& [number, messages] : st.outbox) {
    std::erase_if(messages, [&](const SmsMessage& m) { return m.username == username; });
  }
}

void Sweep(PortalState& st, int64_t now, int64_t ttl) {
  std::erase_if(st.sessions, [&](const auto& kv) { return kv.second.last_seen + ttl < now; });
  // Settled activations and pushes are kept an hour (late answers get 409/410), then dropped.
  std::erase_if(st.activations, [&](const auto& kv) { return kv.second.expires_at + 3600 < now; });
  std::erase_if(st.pushes, [&](const auto& kv) { return kv.second.expires_at + 3600 < now; });
  if (st.sessions.size() > kMaxSessions) {
    // Still too many: anonymous sessions are cheapest to lose (the visitor
    // just sees the sign-in page again).
    std::erase_if(st.sessions, [](const auto& kv) { return kv.second.username.empty(); });
  }
}

bool RouteMatches(const std::string& route, const std::string& path) {
  if (!route.empty() && route.back() == '*') {
    return path.compare(0, route.size() - 1, route, 0, route.size() - 1) == 0;
  }
  return route == path;
}

void Consume(PortalState& st, std::vector<Fault>::iterator it) {
  if (it->remaining > 0 && --it->remaining == 0) st.faults.erase(it);
}

}  // namespace

const Device* UserState::PushDevice() const {
  for (auto it = devices.rbegin(); it != devices.rend(); ++it) {
    if (it->method == DeviceMethod::kPush && !it->push_token.empty()) return &*it;
  }
  return nullptr;
}

UserState UserFromFixture(const FixtureUser& fixture) {
  UserState user;
  user.fixture = fixture;
  user.devices = fixture.devices;
  user.phone = fixture.phone;
  user.default_method = fixture.default_method;
  return user;
}

PortalState StateFromFixture(const UsersFixture& fixture) {
  PortalState st;
  st.tenant = fixture.tenant;
  for (const FixtureUser& u : fixture.users) st.users[u.username] = UserFromFixture(u);
  return st;
}

void AddEvent(PortalState& st, int64_t now, std::string user, std::string kind,
              std::string detail) {
  st.events.push_back({now, std::move(user), std::move(kind), std::move(detail)});
  ++st.next_event_seq;
  if (st.events.size() > kMaxEvents) st.events.pop_front();
}

void RecordIssuedSecret(PortalState& st, std::string user, std::string kind, std::string value) {
  constexpr size_t kMaxIssuedSecrets = 20000;
  if (value.empty()) return;
  st.issued_secrets.push_back({std::move(user), std::move(kind), std::move(value)});
  if (st.issued_secrets.size() > kMaxIssuedSecrets) st.issued_secrets.pop_front();
}

UserState* FindUser(PortalState& st, const std::string& username) {
  auto it = st.users.find(LowerAscii(username));
  return it == st.users.end() ? nullptr : &it->second;
}

Session& NewSession(PortalState& st, int64_t now, int64_t ttl) {
  if (++st.sessions_created % kSweepEvery == 0 || st.sessions.size() > kMaxSessions) {
    Sweep(st, now, ttl);
  }
  Session s;
  s.id = RandomHex(24);
  s.csrf = RandomHex(16);
  s.last_seen = now;
  std::string id = s.id;
  return st.sessions.emplace(id, std::move(s)).first->second;
}

Session* FindSession(PortalState& st, const std::string& id, int64_t now, int64_t ttl) {
  if (id.empty()) return nullptr;
  auto it = st.sessions.find(id);
  if (it == st.sessions.end()) return nullptr;
  if (it->second.last_seen + ttl < now) {
    st.sessions.erase(it);
    return nullptr;
  }
  it->second.last_seen = now;
  return &it->second;
}

Session& RotateSession(PortalState& st, const std::string& old_id) {
  auto node = st.sessions.extract(old_id);
  Session& s = node.mapped();
  s.id = RandomHex(24);
  s.csrf = RandomHex(16);
  node.key() = s.id;
  return st.sessions.insert(std::move(node)).position->second;
}

bool TakeUserFault(PortalState& st, const std::string& kind, const std::string& user) {
  for (auto it = st.faults.begin(); it != st.faults.end(); ++it) {
    if (it->kind == kind && (it->user.empty() || it->user == user)) {
      Consume(st, it);
      return true;
    }
  }
  return false;
}

std::optional<Fault> TakeRouteFault(PortalState& st, const std::string& kind,
                                    const std::string& path) {
  for (auto it = st.faults.begin(); it != st.faults.end(); ++it) {
    if (it->kind == kind && RouteMatches(it->route, path)) {
      Fault copy = *it;
      Consume(st, it);
      return copy;
    }
  }
  return std::nullopt;
}

bool ResetUser(PortalState& st, const std::string& username) {
  UserState* user = FindUser(st, username);
  if (user == nullptr) return false;
  *user = UserFromFixture(user->fixture);
  ForgetUserArtifacts(st, user->fixture.username);
  return true;
}

void ResetAll(PortalState& st) {
  for (auto& [name, user] : st.users) user = UserFromFixture(user.fixture);
  st.sessions.clear();
  st.activations.clear();
  st.pushes.clear();
  st.outbox.clear();
  st.faults.clear();
}

}  // namespace proofup::mockidp
