// The users fixture (fixtures/users.yaml): who can sign in, in which language,
// and how far each one is enrolled when the portal starts or is reset.
#ifndef PROOFUP_MOCK_IDP_USERS_H_
#define PROOFUP_MOCK_IDP_USERS_H_

#include <string>
#include <vector>

#include "harness/base/status.h"

namespace proofup::mockidp {

enum class DeviceMethod { kPush, kTotp };

// An authenticator registered for a user (by the fixture or by enrolment).
struct Device {
  std::string id;
  std::string name;         // "Pixel 8"; "Verificatie-app" style label for other apps
  std::string push_token;   // empty for a plain TOTP app (no push)
  std::string totp_secret;  // Base32
  DeviceMethod method = DeviceMethod::kPush;
  int64_t added_at = 0;
};

struct FixtureUser {
  std::string username;  // UPN, e.g. anna@voorbeeld.nl (compared case-insensitively)
  std::string password;
  std::string display_name;
  std::string language = "nl";         // nl | en
  std::string state = "not_enrolled";  // not_enrolled | app_only | enrolled
  std::vector<Device> devices;         // app_only / enrolled
  std::string phone;                   // E.164; enrolled only
  std::string default_method;          // push | totp | sms; "" = from the device
};

struct UsersFixture {
  std::string tenant = "Voorbeeld College";
  std::vector<FixtureUser> users;
};

// Parses fixture YAML text. Errors (kParseError) name the user index and the
// field: bad YAML, missing username/password, unknown state or language,
// app_only/enrolled without device, enrolled without phone, a phone that is
// not E.164, a totp_secret that is not Base32, duplicate usernames.
StatusOr<UsersFixture> ParseUsersFixture(const std::string& yaml_text);

// Reads and parses a fixture file (kIoError when unreadable).
StatusOr<UsersFixture> LoadUsersFixture(const std::string& path);

// Lower-cases ASCII letters (usernames are case-insensitive).
std::string LowerAscii(std::string s);

}  // namespace proofup::mockidp

#endif  // PROOFUP_MOCK_IDP_USERS_H_
