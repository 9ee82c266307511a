// Internal to the cli module: which scenarios a run takes (paths, --grep,
// --grep-invert, --tag, --last-failed) and --list.
#ifndef PROOFUP_CLI_SCENARIO_SELECTION_H_
#define PROOFUP_CLI_SCENARIO_SELECTION_H_

#include <map>
#include <optional>
#include <ostream>
#include <vector>

#include "harness/cli/run_command.h"

namespace proofup::cli {

// Loads and checks every scenario file of `args.paths` (`vars`: the names set
// by --var and --variables-file, valid in ${...}), then keeps those the
// filters select. nullopt (after printing why on `err`) when a file is bad or
// nothing is left to run (whether their users exist is checked once the
// target is known: CheckScenarioUsers, run_inputs.h); with --last-failed and a previous run without
// failures, an empty vector (the caller says so and exits 0).
std::optional<std::vector<scenario::Scenario>> SelectScenarios(
    const RunArgs& args, const std::map<std::string, std::string>& vars, std::ostream& err);

// --list: one line per scenario, "file:line  name  [tags]", line of its `name:`.
void ListScenarios(const std::vector<scenario::Scenario>& scenarios, std::ostream& out);

}  // namespace proofup::cli

#endif  // PROOFUP_CLI_SCENARIO_SELECTION_H_
