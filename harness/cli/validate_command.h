// Internal to the cli module: `proofup validate`, the scenario files checked
// without running them, with the variables the run would define.
#ifndef PROOFUP_CLI_VALIDATE_COMMAND_H_
#define PROOFUP_CLI_VALIDATE_COMMAND_H_

#include <ostream>

#include "harness/cli/run_command.h"

namespace CLI {
class App;
}

namespace proofup::cli {

// Registers validate's options on `command` (the run's --target-file, --var,
// --variables-file, --before, --after, --hook-var, --max-steps,
// --max-scenario-bytes, --allow-include-dir: the same definitions as `run`'s),
// and its positional paths into args.paths.
void AddValidateOptions(CLI::App& command, RunArgs& args);

// Loads every scenario file of args.paths and prints every diagnostic to
// `err` (file:line:column). A ${name} counts as defined when the run with the
// same options would define it: --var and --variables-file, the profile's
// variables (all and per scenario), and what run-level hooks declare (a
// profile hook's `sets:`/`public:`, --hook-var). The profile's "${env:NAME}"
// need not be set (validate reads no secrets). Hooks are never run.
// Returns kExitPassed ("1 scenario file OK", "3 scenario files OK" on `out`) or kExitUsage; when
// a variable is unknown and no --hook-var was given, a hint names the options
// that make a profile's or a run-level hook's variables known.
int ValidateCommand(const RunArgs& args, std::ostream& out, std::ostream& err);

}  // namespace proofup::cli

#endif  // PROOFUP_CLI_VALIDATE_COMMAND_H_
