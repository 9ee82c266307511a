// Internal to the cli module: the portal a run talks to. A target profile's
// settings, the bundled mock-idp's options and its stop, and whether a
// --target URL is mock-idp.
#ifndef PROOFUP_CLI_RUN_TARGET_H_
#define PROOFUP_CLI_RUN_TARGET_H_

#include <ostream>
#include <thread>

#include "harness/cli/run_command.h"
#include "harness/runner/portal.h"
#include "harness/runner/runner.h"
#include "harness/runner/target_profile.h"

namespace proofup::cli {

// The profile's settings where the command line left the default (a users
// file or browser given explicitly wins: RunArgs::users_given, browser_given).
void ApplyProfile(const runner::TargetProfile& profile, RunArgs& args);

// How to start the bundled mock-idp for `args` (variant, data dir, threads).
runner::BundledPortalOptions BundledOptions(const RunArgs& args);

// A --target URL without a profile: sets options.offers from whether the
// target says it is mock-idp (GET /__control/hello); warns on `err` when
// --admin-token is given to a target that is not. Asks through `transport`
// (the reachability check's, so that its connection is reused).
void DetectMockIdp(runner::RunOptions& options, http::Transport& transport, std::ostream& err);

// Stops the bundled mock-idp on a thread of its own (joined when the result
// is destroyed), so the exit waits for it only if the reports take less time.
std::jthread StopPortal(runner::BundledPortal portal);

}  // namespace proofup::cli

#endif  // PROOFUP_CLI_RUN_TARGET_H_
