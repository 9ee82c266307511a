#include "harness/runner/user_directory.h"

#include <yaml-cpp/yaml.h>

#include "harness/base/env_reference.h"

namespace proofup::runner {
namespace {

std::string Where(const std::string& path, const YAML::Mark& mark) {
  return path + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

std::string Text(const YAML::Node& map, const char* key) {
  const YAML::Node v = map[key];
  return v && v.IsScalar() ? v.as<std::string>() : std::string();
}

}  // namespace

StatusOr<UserDirectory> UserDirectory::Load(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    return Status::IoError("cannot read users file " + path);
  } catch (const YAML::ParserException& e) {
    return Status::ParseError(Where(path, e.mark) + ": " + e.msg);
  }
  const YAML::Node users = root["users"];
  if (!users || !users.IsSequence())
    return Status::ParseError(Where(path, root.Mark()) + ": expected a 'users' list");
  UserDirectory dir;
  for (const YAML::Node& u : users) {
    if (!u.IsMap()) return Status::ParseError(Where(path, u.Mark()) + ": expected a user mapping");
    TestUser user;
    user.username = Text(u, "username");
    user.password = Text(u, "password");
    if (user.username.empty() || user.password.empty())
      return Status::ParseError(Where(path, u.Mark()) + ": a user needs username and password");
    user.display_name = Text(u, "display_name");
    if (auto lang = Text(u, "language"); !lang.empty()) user.language = lang;
    if (auto state = Text(u, "state"); !state.empty()) user.state = state;
    user.phone = Text(u, "phone");
    if (const YAML::Node d = u["device"]; d && d.IsMap()) {
      user.device_push_token = Text(d, "push_token");
      user.device_totp_secret = Text(d, "totp_secret");
      user.device_method = Text(d, "method");
    }
    // Shorthand for a user enrolled with an authenticator app on a real portal.
    if (auto secret = Text(u, "totp_secret"); !secret.empty() && user.device_totp_secret.empty()) {
      user.device_totp_secret = secret;
      user.device_method = "totp";
    }
    for (std::string* secret : {&user.password, &user.device_totp_secret}) {
      StatusOr<std::string> expanded = ExpandEnvReferences(*secret, ProcessEnvironment());
      if (!expanded.ok())
        return Status::InvalidArgument(Where(path, u.Mark()) + ": " + expanded.status().message());
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
