#include "mock-idp/users.h"

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "harness/otp/otp.h"
#include "harness/base/yaml_tree.h"

namespace proofup::mockidp {
namespace {

std::string Str(const YamlNode& node, const char* key, const std::string& fallback = "") {
  const YamlNode v = node[key];
  return v.IsScalar() ? v.Text() : fallback;
}

Status ParseDevice(const YamlNode& node, const std::string& where, Device& device) {
  device.push_token = Str(node, "push_token");
  device.totp_secret = Str(node, "totp_secret");
  device.name = Str(node, "name", "Fixture phone");
  const std::string method = Str(node, "method", "push");
  if (method == "push") {
    device.method = DeviceMethod::kPush;
    if (device.push_token.empty())
      return Status::ParseError(where + ": push device needs push_token");
  } else if (method == "totp") {
    device.method = DeviceMethod::kTotp;
  } else {
    return Status::ParseError(where + ": device.method must be push or totp");
  }
  if (device.totp_secret.empty() || !otp::Base32Decode(device.totp_secret).ok()) {
    return Status::ParseError(where + ": device.totp_secret must be Base32");
  }
  return Status::Ok();
}

Status ParseUser(const YamlNode& node, size_t index, FixtureUser& user) {
  const std::string where = "users[" + std::to_string(index) + "]";
  if (!node.IsMap()) return Status::ParseError(where + ": not a mapping");
  user.username = LowerAscii(Str(node, "username"));
  user.password = Str(node, "password");
  if (user.username.empty()) return Status::ParseError(where + ": missing username");
  if (user.password.empty()) return Status::ParseError(where + ": missing password");
  user.display_name = Str(node, "display_name", user.username);
  user.language = Str(node, "language", "nl");
  if (user.language != "nl" && user.language != "en") {
    return Status::ParseError(where + ": language must be nl or en");
  }
  user.state = Str(node, "state", "not_enrolled");
  if (user.state != "not_enrolled" && user.state != "app_only" && user.state != "enrolled") {
    return Status::ParseError(where + ": state must be not_enrolled, app_only or enrolled");
  }
  user.default_method = Str(node, "default_method");
  if (user.state == "not_enrolled") return Status::Ok();
  if (!node["device"] || !node["device"].IsMap()) {
    return Status::ParseError(where + ": " + user.state + " needs a device");
  }
  Device device;
  device.id = "fixture-" + std::to_string(index);
  if (Status s = ParseDevice(node["device"], where, device); !s.ok()) return s;
  user.devices.push_back(device);
  if (user.state == "enrolled") {
    user.phone = Str(node, "phone");
    if (user.phone.size() < 8 || user.phone[0] != '+' ||
        user.phone.find_first_not_of("0123456789", 1) != std::string::npos) {
      return Status::ParseError(where + ": enrolled needs phone in E.164 form (+31612345678)");
    }
  }
  return Status::Ok();
}

}  // namespace

std::string LowerAscii(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

StatusOr<UsersFixture> ParseUsersFixture(const std::string& yaml_text) {
  auto document = YamlDocument::Parse(yaml_text, "users fixture");
  if (!document.ok()) return document.status();
  const YamlNode root = document->root();
  if (!root.IsMap()) return Status::ParseError("users fixture: top level is not a mapping");
  UsersFixture fixture;
  fixture.tenant = Str(root, "tenant", fixture.tenant);
  const YamlNode users = root["users"];
  if (!users.IsSequence()) return Status::ParseError("users fixture: no users list");
  std::set<std::string> seen;
  const std::vector<YamlNode> items = users.Items();
  for (size_t i = 0; i < items.size(); ++i) {
    FixtureUser user;
    if (Status s = ParseUser(items[i], i, user); !s.ok()) return s;
    if (!seen.insert(user.username).second) {
      return Status::ParseError("users[" + std::to_string(i) + "]: duplicate username " +
                                user.username);
    }
    fixture.users.push_back(std::move(user));
  }
  return fixture;
}

StatusOr<UsersFixture> LoadUsersFixture(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::IoError("cannot read users fixture " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseUsersFixture(ss.str());
}

}  // namespace proofup::mockidp
