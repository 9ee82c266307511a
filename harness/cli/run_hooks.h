// Internal to the cli module: the run-level hooks of `proofup run` (a target
// profile's `before:`/`after:`, then --before/--after) and what the console
// says about them.
#ifndef PROOFUP_CLI_RUN_HOOKS_H_
#define PROOFUP_CLI_RUN_HOOKS_H_

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "harness/cli/run_command.h"
#include "harness/runner/runner.h"
#include "harness/runner/target_profile.h"

namespace proofup::cli {

// Sets options.before/after: the profile's hooks, then each --before/--after
// (a command text split into words, no shell; what it prints that scenarios
// use is named with --hook-var). Returns "" or the usage error.
std::string CollectRunHooks(const RunArgs& args,
                            const std::optional<runner::TargetProfile>& profile,
                            runner::RunOptions& options);

// The variables run-level hooks declare (sets, public, --hook-var): names a
// scenario may use although no file defines them.
std::vector<std::string> RunHookVariables(const RunArgs& args,
                                          const std::optional<runner::TargetProfile>& profile);

// Prints each failed run-level hook to `out` (the stream of the failure lines and
// the summary). True when one failed.
bool ReportRunHooks(const RunResult& run, std::ostream& out);

}  // namespace proofup::cli

#endif  // PROOFUP_CLI_RUN_HOOKS_H_
