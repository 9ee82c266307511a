#include "harness/runner/user_directory.h"

#include "harness/base/env_reference.h"
#include "harness/base/yaml_tree.h"

namespace proofup::runner {
namespace {

// path:line:column of `node` (1:1 for an empty file's absent root).
std::string Where(const std::string& path, const YamlNode& node) {
  return path + ":" + std::to_string(node ? node.line() : 1) + ":" +
         std::to_string(node ? node.column() : 1);
}

}  // namespace

// libyaml (harness/base/yaml_tree.h), not yaml-cpp: a run waits for this file
// before its first step, and yaml-cpp spent ~20 M instructions on the 10 KB
// fixture, a sixth of everything a one-scenario run executes in proofup.
StatusOr<UserDirectory> UserDirectory::Load(const std::string& path) {
  auto document = YamlDocument::Load(path, "users file");
  if (!document.ok()) return document.status();
  const YamlNode root = document->root();
  const YamlNode users = root["users"];
  if (!users.IsSequence())
    return Status::ParseError(Where(path, root) + ": expected a 'users' list");
  UserDirectory dir;
  for (const YamlNode& u : users.Items()) {
    if (!u.IsMap()) return Status::ParseError(Where(path, u) + ": expected a user mapping");
    TestUser user;
    user.username = u["username"].Text();
    user.password = u["password"].Text();
    if (user.username.empty() || user.password.empty())
      return Status::ParseError(Where(path, u) + ": a user needs username and password");
    user.display_name = u["display_name"].Text();
    if (auto lang = u["language"].Text(); !lang.empty()) user.language = lang;
    if (auto state = u["state"].Text(); !state.empty()) user.state = state;
    user.phone = u["phone"].Text();
    if (const YamlNode d = u["device"]; d.IsMap()) {
      user.device_push_token = d["push_token"].Text();
      user.device_totp_secret = d["totp_secret"].Text();
      user.device_method = d["method"].Text();
    }
    // Shorthand for a user enrolled with an authenticator app on a real portal.
    if (auto secret = u["totp_secret"].Text(); !secret.empty() && user.device_totp_secret.empty()) {
      user.device_totp_secret = secret;
      user.device_method = "totp";
    }
    for (std::string* secret : {&user.password, &user.device_totp_secret}) {
      StatusOr<std::string> expanded = ExpandEnvReferences(*secret, ProcessEnvironment());
      if (!expanded.ok())
        return Status::InvalidArgument(Where(path, u) + ": " + expanded.status().message());
      *secret = std::move(*expanded);
    }
    dir.users_[user.username] = std::move(user);
  }
  return dir;
}

const TestUser* UserDirectory::Find(const std::string& username) const {
  auto it = users_.find(username);
  return it == users_.end() ? nullptr : &it->second;
}

}  // namespace proofup::runner
