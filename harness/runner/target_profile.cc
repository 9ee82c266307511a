#include "harness/runner/target_profile.h"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "harness/base/edit_distance.h"
#include "harness/base/env_reference.h"

namespace proofup::runner {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kProfileKeys = {
    "name",    "url",    "mock variant", "ca file", "insecure",  "language", "users", "admin token",
    "browser", "offers", "sms",          "vars",    "scenarios", "before",   "after"};
const std::vector<std::string> kOfferKeys = {"control api", "mock phone api"};
const std::vector<std::string> kSmsKeys = {"source",       "url",     "headers", "messages",
                                           "text",         "time",    "to",      "file",
                                           "line pattern", "command", "format",  "timeout"};

std::string Nearest(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = 3;
  for (const std::string& c : candidates) {
    size_t d = EditDistance(word, c);
    if (d < best_distance) best_distance = d, best = c;
  }
  return best;
}

// Collects every problem of one profile file, each with file:line:column.
class ProfileReader {
 public:
  ProfileReader(std::string path, const EnvLookup& env) : path_(std::move(path)), env_(env) {}

  void Error(const YAML::Mark& mark, const std::string& message) {
    std::string where = path_;
    if (!mark.is_null() && mark.line >= 0)
      where += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
    errors_.push_back(where + ": error: " + message);
  }
  const std::vector<std::string>& errors() const { return errors_; }

  // A scalar with ${env:NAME} substituted.
  std::optional<std::string> Text(const YAML::Node& node, const std::string& what) {
    if (!node.IsScalar()) {
      Error(node.Mark(), "expected a text for " + what);
      return std::nullopt;
    }
    StatusOr<std::string> expanded = ExpandEnvReferences(node.Scalar(), env_);
    if (!expanded.ok()) {
      Error(node.Mark(), expanded.status().message() + " in " + what);
      return std::nullopt;
    }
    return *expanded;
  }

  std::optional<bool> YesNo(const YAML::Node& node, const std::string& what) {
    auto t = Text(node, what);
    if (!t) return std::nullopt;
    if (*t == "yes" || *t == "true" || *t == "on") return true;
    if (*t == "no" || *t == "false" || *t == "off") return false;
    Error(node.Mark(), "expected yes or no for " + what + ", got \"" + *t + "\"");
    return std::nullopt;
  }

  // Calls fn(key, value, key mark) for each entry; unknown keys are errors.
  template <typename Fn>
  void Entries(const YAML::Node& node, const std::string& what,
               const std::vector<std::string>& keys, Fn fn) {
    if (!node.IsMap()) {
      Error(node.Mark(), "expected a mapping for " + what);
      return;
    }
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string key = it->first.Scalar();
      if (!keys.empty() && std::find(keys.begin(), keys.end(), key) == keys.end()) {
        std::string near = Nearest(key, keys);
        Error(it->first.Mark(), "unknown key \"" + key + "\" in " + what +
                                    (near.empty() ? "" : "; did you mean \"" + near + "\"?"));
        continue;
      }
      fn(key, it->second, it->first.Mark());
    }
  }

  std::map<std::string, std::string> Vars(const YAML::Node& node, const std::string& what) {
    std::map<std::string, std::string> vars;
    Entries(node, what, {},
            [&](const std::string& key, const YAML::Node& value, const YAML::Mark&) {
              if (auto t = Text(value, "\"" + key + "\"")) vars[key] = *t;
            });
    return vars;
  }

  std::string Path(const std::string& value) const {
    if (value.empty() || fs::path(value).is_absolute()) return value;
    return (fs::path(path_).parent_path() / value).lexically_normal().string();
  }

 private:
  std::string path_;
  const EnvLookup& env_;
  std::vector<std::string> errors_;
};

void ReadSms(ProfileReader& r, const YAML::Node& node, const YAML::Mark& mark,
             phone::SmsSourceOptions& sms) {
  r.Entries(node, "\"sms\"", kSmsKeys,
            [&](const std::string& key, const YAML::Node& value, const YAML::Mark&) {
              const std::string what = "\"sms: " + key + "\"";
              if (key == "headers") {
                for (const auto& [name, v] : r.Vars(value, what)) sms.headers.push_back({name, v});
                return;
              }
              if (key == "command") {
                if (value.IsSequence()) {
                  for (const YAML::Node& arg : value)
                    if (auto t = r.Text(arg, what)) sms.command.push_back(*t);
                } else if (auto t = r.Text(value, what)) {
                  sms.command = {"sh", "-c", *t, "sh"};  // a text runs in the shell
                }
                return;
              }
              auto t = r.Text(value, what);
              if (!t) return;
              if (key == "source") sms.kind = *t;
              if (key == "url") sms.url = *t;
              if (key == "messages") sms.messages_path = *t;
              if (key == "text") sms.text_path = *t;
              if (key == "time") sms.time_path = *t;
              if (key == "to") sms.to_path = *t;
              if (key == "file") sms.file = r.Path(*t);
              if (key == "line pattern") sms.line_pattern = *t;
              if (key == "format") sms.format = *t;
              if (key == "timeout") {
                char* end = nullptr;
                double seconds = std::strtod(t->c_str(), &end);
                if (end == t->c_str() || seconds <= 0 || (*end != '\0' && std::string(end) != "s"))
                  r.Error(value.Mark(), "expected seconds (e.g. 5 or 5s) for " + what);
                else
                  sms.command_timeout =
                      std::chrono::milliseconds(static_cast<long>(seconds * 1000));
              }
            });
  if (Status s = phone::ValidateSmsSourceOptions(sms); !s.ok()) r.Error(mark, s.message());
}

void ReadProfile(ProfileReader& r, const YAML::Node& root, TargetProfile& p) {
  r.Entries(root, "the profile", kProfileKeys,
            [&](const std::string& key, const YAML::Node& value, const YAML::Mark& mark) {
              const std::string what = "\"" + key + "\"";
              if (key == "before" || key == "after") return;  // ReadHooks
              if (key == "offers") {
                r.Entries(value, what, kOfferKeys,
                          [&](const std::string& k, const YAML::Node& v, const YAML::Mark&) {
                            auto b = r.YesNo(v, "\"" + k + "\"");
                            if (b && k == "control api") p.control_api = *b;
                            if (b && k == "mock phone api") p.mock_phone_api = *b;
                          });
              } else if (key == "sms") {
                p.sms.emplace();
                ReadSms(r, value, mark, *p.sms);
              } else if (key == "vars") {
                p.vars = r.Vars(value, what);
              } else if (key == "scenarios") {
                r.Entries(value, what, {},
                          [&](const std::string& name, const YAML::Node& v, const YAML::Mark&) {
                            r.Entries(
                                v, "\"" + name + "\"", {"vars"},
                                [&](const std::string&, const YAML::Node& vars, const YAML::Mark&) {
                                  p.scenario_vars[name] = r.Vars(vars, "\"vars\"");
                                });
                          });
              } else if (key == "insecure") {
                if (auto b = r.YesNo(value, what)) p.insecure = *b;
              } else if (auto t = r.Text(value, what)) {
                if (key == "name") p.name = *t;
                if (key == "url") p.url = *t == "bundled" ? "" : *t;
                if (key == "mock variant") p.mock_variant = *t;
                if (key == "ca file") p.ca_file = r.Path(*t);
                if (key == "users") p.users = r.Path(*t);
                if (key == "admin token") p.admin_token = *t;
                if (key == "language") {
                  if (*t != "nl" && *t != "en")
                    r.Error(value.Mark(), "expected nl or en for \"language\", got \"" + *t + "\"");
                  p.language = *t;
                }
                if (key == "browser") {
                  if (*t != "http" && *t != "chromium")
                    r.Error(value.Mark(),
                            "expected http or chromium for \"browser\", got \"" + *t + "\"");
                  p.browser = *t;
                }
                if (key == "url" && !p.url.empty() && p.url.rfind("http://", 0) != 0 &&
                    p.url.rfind("https://", 0) != 0)
                  r.Error(value.Mark(),
                          "expected an http(s) URL or \"bundled\" for \"url\", got \"" + *t + "\"");
              }
            });
}

// The run-level hooks, read as a scenario's are; "${env:NAME}" must be set now.
void ReadHooks(const std::string& text, const std::string& path, const EnvLookup& env,
               TargetProfile& p, std::vector<std::string>& errors) {
  std::vector<std::string> defined;
  for (const auto& [name, value] : p.vars) defined.push_back(name);
  for (const char* when : {"before", "after"}) {
    auto hooks = scenario::LoadHooks(text, path, when, defined);
    if (!hooks.ok()) {
      errors.push_back(hooks.status().message());
      continue;
    }
    for (const scenario::Hook& hook : *hooks) {
      std::vector<const std::string*> texts;
      for (const std::string& word : hook.command) texts.push_back(&word);
      for (const auto& [name, value] : hook.env) texts.push_back(&value);
      for (const std::string* t : texts)
        if (auto expanded = ExpandEnvReferences(*t, env); !expanded.ok()) {
          errors.push_back(path + ":" + std::to_string(hook.where.line) + ":" +
                           std::to_string(hook.where.column) +
                           ": error: " + expanded.status().message() + " in \"" + when + "\"");
          break;
        }
      for (const auto* names : {&hook.sets, &hook.public_vars})
        defined.insert(defined.end(), names->begin(), names->end());
    }
    (std::string(when) == "before" ? p.before : p.after) = std::move(*hooks);
  }
}

}  // namespace

StatusOr<TargetProfile> LoadTargetProfile(const std::string& path, const EnvLookup& env) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read the target profile " + path);
  std::ostringstream text;
  text << in.rdbuf();
  ProfileReader r(path, env);
  TargetProfile profile;
  profile.file = path;
  try {
    YAML::Node root = YAML::Load(text.str());
    if (!root.IsMap()) {
      r.Error(root.Mark(), "expected a mapping with url, users, sms, offers, ...");
    } else {
      ReadProfile(r, root, profile);
    }
  } catch (const YAML::Exception& e) {
    r.Error(e.mark, "invalid YAML: " + e.msg);
  }
  std::vector<std::string> errors = r.errors();
  if (errors.empty()) ReadHooks(text.str(), path, env, profile, errors);
  if (!errors.empty()) {
    std::string message;
    for (const std::string& e : errors) message += (message.empty() ? "" : "\n") + e;
    return Status::ParseError(message);
  }
  return profile;
}

}  // namespace proofup::runner
