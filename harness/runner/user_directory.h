// Test users the scenarios sign in as, read from a users file such as
// fixtures/users.yaml (the format is in mock-idp/PROTOCOL.md). The same file
// seeds the bundled mock-idp, so the harness and the portal agree on
// passwords, phone numbers and pre-activated devices.
#ifndef PROOFUP_RUNNER_USER_DIRECTORY_H_
#define PROOFUP_RUNNER_USER_DIRECTORY_H_

#include <map>
#include <optional>
#include <string>

#include "harness/base/status.h"

namespace proofup::runner {

struct TestUser {
  std::string username;
  std::string password;
  std::string display_name;
  std::string language = "nl";
  std::string state = "not_enrolled";  // not_enrolled | app_only | enrolled
  std::string phone;                   // E.164, when the fixture gives one
  // A device the portal already knows (app_only / enrolled users).
  std::string device_push_token;
  std::string device_totp_secret;  // Base32
  std::string device_method;       // push | totp
};

class UserDirectory {
 public:
  // Reads `path`. A user's `totp_secret` (top level, or under `device:`) is
  // the secret of an app the portal already knows. In `password` and
  // `totp_secret`, "${env:NAME}" is replaced by environment variable NAME
  // (read once, here), so secrets of a real portal's test users need not be
  // in the file. Error: kIoError when unreadable, kParseError with
  // file:line:column for malformed YAML or a user without username/password,
  // kInvalidArgument naming an unset variable (never a value).
  static StatusOr<UserDirectory> Load(const std::string& path);

  // nullptr when there is no such user. The pointer lives as long as the directory.
  const TestUser* Find(const std::string& username) const;
  size_t size() const { return users_.size(); }

 private:
  std::map<std::string, TestUser> users_;
};

}  // namespace proofup::runner

#endif  // PROOFUP_RUNNER_USER_DIRECTORY_H_
