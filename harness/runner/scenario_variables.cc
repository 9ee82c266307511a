// A scenario run's variables: its own, the run's (--var, a target profile's),
// captures, and the names every scenario knows (target, user.*, phone.*, env.*).
#include <cstdlib>

#include "harness/runner/scenario_run.h"

namespace proofup::runner {

StatusOr<std::string> ScenarioRun::Expand(const std::string& text) const {
  return scenario::Interpolate(text, [this](std::string_view n) { return Lookup(n); });
}

std::optional<std::string> ScenarioRun::Lookup(std::string_view name) const {
  if (auto it = vars_.find(std::string(name)); it != vars_.end()) return it->second;
  if (name == "target") return options_.target;
  if (name.rfind("env.", 0) == 0) {
    const char* v = std::getenv(std::string(name.substr(4)).c_str());
    return v ? std::optional<std::string>(v) : std::nullopt;
  }
  if (name == "phone.number") return phone_ ? phone_->sim().number() : "";
  if (name == "phone.pin") return scenario_.phone.pin;
  if (name == "user.username") return user_ ? user_->username : scenario_.user.username;
  if (name == "user.password") {
    if (scenario_.user.password) return *scenario_.user.password;
    if (user_) return user_->password;
  }
  if (name == "user.display_name") {
    if (!scenario_.user.display_name.empty()) return scenario_.user.display_name;
    if (user_) return user_->display_name;
  }
  return std::nullopt;
}

void ScenarioRun::SetVariable(const std::string& name, const std::string& value, bool secret) {
  if (secret) mask_.Add(value);
  vars_[name] = value;
}

}  // namespace proofup::runner
