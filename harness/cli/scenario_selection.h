// Internal to the cli module: which scenarios a run takes (paths, --grep,
// --grep-invert, --tag, --last-failed) and --list.
#ifndef PROOFUP_CLI_SCENARIO_SELECTION_H_
#define PROOFUP_CLI_SCENARIO_SELECTION_H_

#include <map>
#include <optional>
#include <ostream>
#include <vector>

#include "harness/cli/run_command.h"
#include "harness/runner/target_profile.h"

namespace proofup::cli {

// How `run` and `validate` load scenario files: the limits of `args`, and as
// known variables every name a scenario may use besides its own: `vars`
// (--variables-file, --var), the profile's `vars:` and per-scenario vars, and
// the names run-level hooks declare (RunHookVariables, run_hooks.h).
scenario::LoadOptions ScenarioLoadOptions(const RunArgs& args,
                                          const std::map<std::string, std::string>& vars,
                                          const std::optional<runner::TargetProfile>& profile);

// Loads and checks every scenario file of `args.paths` with `load`
// (ScenarioLoadOptions), then keeps those the filters select. nullopt (after printing why on `err`)
// when a file is bad or nothing is left to run (whether their users exist is checked once the
// target is known: CheckScenarioUsers, run_inputs.h); with --last-failed and a previous run without
// failures, an empty vector (the caller says so and exits 0).
std::optional<std::vector<scenario::Scenario>> SelectScenarios(const RunArgs& args,
                                                               const scenario::LoadOptions& load,
                                                               std::ostream& err);

// --list: one line per scenario, "file:line  name  [tags]", line of its `name:`.
void ListScenarios(const std::vector<scenario::Scenario>& scenarios, std::ostream& out);

}  // namespace proofup::cli

#endif  // PROOFUP_CLI_SCENARIO_SELECTION_H_
