// Internal: checking ${...} references in scenario texts before anything runs.
#ifndef PROOFUP_SCENARIO_VARIABLES_H_
#define PROOFUP_SCENARIO_VARIABLES_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/scenario/scenario.h"
#include "harness/scenario/yaml_reader.h"

namespace proofup::scenario {

// Names the runner defines for every scenario: target, user.username,
// user.password, user.display_name, phone.number, phone.pin.
std::vector<std::string> BuiltinVariables();

struct VariableScope {
  std::vector<std::string> defined;              // usable here
  std::map<std::string, std::string> set_later;  // name -> "file:line" of the step setting it
  bool has_user = true;
};

struct VariableProblemAt {
  std::string message;
  std::string needle;  // the text to point the caret at, e.g. "${nmber}"
};

// The first problem with the references in `text`, or nullopt. With a null
// scope only the syntax is checked.
std::optional<VariableProblemAt> FindVariableProblem(const std::string& text,
                                                     const VariableScope* scope);

// As FindVariableProblem with a scope of just `defined`; the message only.
std::optional<std::string> VariableProblem(const std::string& text,
                                           const std::vector<std::string>& defined);

// Checks the ${...} of `hooks` (in order) against `scope`, reporting each
// problem at its hook; each hook's `sets` and `public` become defined for the
// hooks after it (hooks.cc).
void CheckHookVariables(YamlReader& reader, const std::vector<Hook>& hooks, VariableScope& scope);

// A scenario's hooks: `before` may use the header's variables, `after` also
// every variable a before hook or a step sets.
void CheckScenarioHooks(YamlReader& reader, const Scenario& s,
                        const std::vector<std::string>& extra_vars);

}  // namespace proofup::scenario

#endif  // PROOFUP_SCENARIO_VARIABLES_H_
