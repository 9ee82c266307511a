// Everything the portal remembers: users, browser sessions, QR activations,
// push notifications, the SMS outbox, injected faults and the event log.
// PortalState is plain data; Store owns one behind a mutex, and the functions
// below operate on it while the caller holds that lock (they take the state by
// reference precisely so they can only be called from inside Store::Locked).
#ifndef PROOFUP_MOCK_IDP_STATE_H_
#define PROOFUP_MOCK_IDP_STATE_H_

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "mock-idp/flow.h"
#include "mock-idp/users.h"

namespace proofup::mockidp {

// Counters behind mock-idp/limits.h; part of the user, so a reset clears them.
struct GuessLimits {
  int wrong_passwords = 0;
  int64_t signin_locked_until = 0;
  int wrong_totp = 0;
  int64_t totp_locked_until = 0;
  std::map<std::string, uint64_t> last_totp_step;  // by secret: the last accepted step
  std::vector<int64_t> sms_resends;                // times of recent resends
};

struct UserState {
  FixtureUser fixture;          // as loaded: what a reset goes back to
  std::vector<Device> devices;  // registered authenticators
  std::string phone;            // verified E.164 number, "" when none
  std::string default_method;   // push | totp | sms | ""
  GuessLimits limits;
  bool HasApp() const { return !devices.empty(); }
  bool HasPhone() const { return !phone.empty(); }
  const Device* PushDevice() const;  // most recently added push-capable device
};

struct SmsCode {
  std::string code;
  std::string to;  // E.164
  int64_t expires_at = 0;
  int wrong_attempts = 0;
  bool dead = false;  // expired or entered wrongly too often: resend needed
};

enum class Path { kAuthenticator, kOtherApp };

struct Session {
  std::string id;
  std::string csrf;
  std::string username;  // "" while anonymous
  std::string lang;      // chosen with ?lng=, "" when not chosen
  Step step = Step::kSignIn;
  std::vector<Step> plan;  // wizard steps still ahead, from plan[plan_pos]
  size_t plan_pos = 0;
  bool add_mode = false;  // adding an app from the security-info page
  std::string return_to;  // where to land after sign-in, "" = start page
  int64_t last_seen = 0;
  Path path = Path::kAuthenticator;
  std::string activation_id;
  std::optional<Device> pending_device;  // activated, registered when the try-out succeeds
  std::string push_id;
  std::string totp_secret;  // other-app path: the secret in the QR
  std::string pending_phone;
  std::optional<SmsCode> sms;
  std::string challenge_method;  // push | totp | sms while in a sign-in challenge
  bool resend_refused = false;   // the last resend hit the limit: say so on the next render
};

enum class ActivationState { kPending, kUsed, kExpired };

struct Activation {
  std::string id;
  std::string code;  // 9 digits
  std::string session_id;
  std::string username;
  int64_t expires_at = 0;
  ActivationState state = ActivationState::kPending;
};

enum class PushState { kPending, kApproved, kDenied, kWrongNumber, kExpired };

struct Push {
  std::string id;
  std::string username;
  std::string session_id;
  std::string push_token;  // the device it was sent to
  int number = 0;          // the two digits shown in the browser
  int64_t created_at = 0;
  int64_t expires_at = 0;
  PushState state = PushState::kPending;
  bool dropped = false;  // fault: never delivered to the device
};

struct SmsMessage {
  std::string to;
  std::string text;
  std::string username;  // not exposed; lets a reset clear the user's messages
  int64_t sent_at = 0;
};

struct Fault {
  std::string kind;   // latency | http500 | drop_sms | expire_qr | drop_push
  std::string route;  // latency/http500: exact path, or a prefix ending in '*'
  std::string user;   // drop_sms/expire_qr/drop_push: "" = any user
  int ms = 0;
  int remaining = -1;  // applications left; -1 = until cleared
};

struct Event {
  int64_t time = 0;
  std::string user;
  std::string kind;
  std::string detail;  // never a secret
};

// A secret the portal handed out (activation code and id, TOTP secret, push
// token, SMS code): kept so a test can prove none of them leaks into
// proofup's reports (GET /__control/issued-secrets).
struct IssuedSecret {
  std::string user;
  std::string kind;   // activation_code | activation_id | totp_secret | push_token | sms_code
  std::string value;  // the secret itself: only ever served behind the admin token
};

struct PortalState {
  std::string tenant;
  std::map<std::string, UserState> users;  // by lower-case username
  std::unordered_map<std::string, Session> sessions;
  std::unordered_map<std::string, Activation> activations;
  std::unordered_map<std::string, Push> pushes;
  std::unordered_map<std::string, std::vector<SmsMessage>> outbox;  // by E.164 number
  std::vector<Fault> faults;
  std::deque<Event> events;
  std::deque<IssuedSecret> issued_secrets;  // last kMaxIssuedSecrets
  uint64_t next_event_seq = 0;
  uint64_t sessions_created = 0;
};

// Owns the portal state; every access goes through Locked(), which holds the
// one mutex for the duration of `f`. Keep `f` short: no I/O, no rendering.
class Store {
 public:
  explicit Store(PortalState initial) : state_(std::move(initial)) {}
  template <typename F>
  auto Locked(F&& f) {
    std::lock_guard<std::mutex> lock(mu_);
    return f(state_);
  }

 private:
  std::mutex mu_;
  PortalState state_;
};

// Builds the initial state from a fixture.
PortalState StateFromFixture(const UsersFixture& fixture);
UserState UserFromFixture(const FixtureUser& fixture);

// ---- helpers; caller holds the Store lock ----

void AddEvent(PortalState& st, int64_t now, std::string user, std::string kind,
              std::string detail = "");
// Records a secret handed out to `user` (bounded: the oldest are dropped).
void RecordIssuedSecret(PortalState& st, std::string user, std::string kind, std::string value);
UserState* FindUser(PortalState& st, const std::string& username);

// Creates an anonymous session. Sweeps sessions idle longer than `ttl`
// every so often so that cookie-less load cannot grow memory without bound.
Session& NewSession(PortalState& st, int64_t now, int64_t ttl);
// The live session with `id`, touched; nullptr when unknown or idle > ttl
// (an expired one is removed).
Session* FindSession(PortalState& st, const std::string& id, int64_t now, int64_t ttl);
// Gives `s` a fresh id and anti-forgery token (on sign-in, against fixation);
// returns the session under its new id.
Session& RotateSession(PortalState& st, const std::string& old_id);

// Consumes one application of a user fault of `kind` aimed at `user` (or at
// any user). True when one applied.
bool TakeUserFault(PortalState& st, const std::string& kind, const std::string& user);
// Consumes one application of a route fault of `kind` matching `path`.
std::optional<Fault> TakeRouteFault(PortalState& st, const std::string& kind,
                                    const std::string& path);

// Back to the fixture: registrations, phone, sessions, activations, pushes and
// SMS messages of the user go away. False when the user is unknown.
bool ResetUser(PortalState& st, const std::string& username);
// Every user back to the fixture; faults cleared; the event log kept.
void ResetAll(PortalState& st);

}  // namespace proofup::mockidp

#endif  // PROOFUP_MOCK_IDP_STATE_H_
