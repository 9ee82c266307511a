// Internal to the cli module: what `proofup run` reads before it starts (the
// users file, --variables-file and --var, the selected scenarios) and the
// check that every scenario that will run names a user of that file.
#ifndef PROOFUP_CLI_RUN_INPUTS_H_
#define PROOFUP_CLI_RUN_INPUTS_H_

#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "harness/cli/run_command.h"
#include "harness/cli/shard_selection.h"
#include "harness/runner/run_folder.h"
#include "harness/runner/runner.h"
#include "harness/runner/target_profile.h"
#include "harness/runner/user_directory.h"

namespace proofup::cli {

struct RunInputs {
  std::optional<runner::UserDirectory> users;
  std::map<std::string, std::string> vars;
  std::vector<std::string>
      pinned;  // names given on the command line: a profile never overrides them
  std::optional<std::vector<scenario::Scenario>> scenarios;  // nullopt: printed why on err
  ShardSelection shard;  // --shard's part of `scenarios`, and the run's fingerprint
  // Created here when a run will follow: off the path that waits for the
  // bundled mock-idp (the run id's random bytes initialise OpenSSL).
  std::optional<StatusOr<runner::RunFolder>> folder;
};

// Reads the users file, the variables and the scenarios of `args` (`profile`
// already applied to it: its variables and hooks name what scenarios may use).
// Creates the run folder when a run will follow for certain (the bundled
// mock-idp and every scenario's user found, or an empty --shard part).
// Problems are printed on `err` and leave `users` or `scenarios` unset. Safe to
// call on a thread of its own while nothing else writes `err`.
RunInputs LoadRunInputs(const RunArgs& args, const std::optional<runner::TargetProfile>& profile,
                        std::ostream& err);

// Every scenario that will run and names a user must find it in `users`.
// `options`: the target's offers once known, and then scenarios it cannot run
// (runner::MissingNeed) are not checked; nullptr checks every scenario.
// Returns false after printing each missing one (file: error: ...) and a hint
// on `err`. Scenarios the target cannot run need no user: the manual's
// scenarios against a portal's profile are skipped, not refused.
bool CheckScenarioUsers(const std::vector<scenario::Scenario>& scenarios,
                        const runner::UserDirectory& users, const runner::RunOptions* options,
                        const RunArgs& args, std::ostream& err);

}  // namespace proofup::cli

#endif  // PROOFUP_CLI_RUN_INPUTS_H_
