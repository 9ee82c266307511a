// Target profiles: one YAML file that says everything about a portal under
// test (docs/scenarios.md, "Target profiles"): its URL (or the bundled
// mock-idp), TLS trust, language, users file, where the SIM's SMS come from,
// what the portal offers besides its pages, and variables for all scenarios
// or per scenario. `proofup run --target-file targets/school.yaml`.
//
// Values may come from the environment: "${env:PORTAL_PASSWORD}" anywhere in a
// value, so CI secrets never sit in the file. Other ${...} are kept for the
// scenarios' own variables. Thread safety: pure functions.
#ifndef PROOFUP_RUNNER_TARGET_PROFILE_H_
#define PROOFUP_RUNNER_TARGET_PROFILE_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "harness/base/env_reference.h"
#include "harness/base/status.h"
#include "harness/phone/phone.h"
#include "harness/scenario/scenario.h"

namespace proofup::runner {

struct TargetProfile {
  std::string file;          // the profile's path, as given
  std::string name;          // for the console; "" = the URL
  std::string url;           // "" = start the bundled mock-idp
  std::string mock_variant;  // the bundled mock-idp's variant
  std::string ca_file;       // relative paths resolve against the profile's folder
  bool insecure = false;
  std::string language;     // "nl" or "en"; "" = the user's (a scenario's own wins)
  std::string users;        // users file; "" = the run's default
  std::string admin_token;  // the control API token; usually "${env:...}"
  std::string browser;      // "http" or "chromium"; "" = the run's
  // What the portal offers; unset = found out (bundled: everything; a URL:
  // GET /__control/hello).
  std::optional<bool> control_api;
  std::optional<bool> mock_phone_api;
  std::optional<phone::SmsSourceOptions> sms;  // unset = the mock outbox when it is mock-idp
  std::map<std::string, std::string> vars;     // for every scenario (--var wins)
  // Per scenario, by scenario name or file name without .yaml ("enrollment-nl").
  std::map<std::string, std::map<std::string, std::string>> scenario_vars;
  // Run-level hooks (docs/scenarios.md, "Hooks"), run in the profile's folder.
  // Their "${env:NAME}" are checked here and substituted when they run.
  std::vector<scenario::Hook> before;
  std::vector<scenario::Hook> after;
};

using proofup::EnvLookup;  // harness/base/env_reference.h
using proofup::ProcessEnvironment;

// Reads and checks `path`. Errors: kIoError "cannot read <path>"; kParseError
// whose message is every problem, one per line, as
// "targets/x.yaml:7:12: error: unknown key \"sms sorce\" in \"the profile\"; did you mean
// \"sms\"?" — also for "${env:NAME}" when NAME is not set, and for a bad SMS source.
StatusOr<TargetProfile> LoadTargetProfile(const std::string& path,
                                          const EnvLookup& env = ProcessEnvironment());

}  // namespace proofup::runner

#endif  // PROOFUP_RUNNER_TARGET_PROFILE_H_
