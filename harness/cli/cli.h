// The proofup command line: a table of subcommands over the library (after
// Ninja). main() only calls RunCli; tests call it too, in-process.
//
// Exit codes (documented in README.md):
//   0 every scenario passed (flaky counts as passed)
//   1 a scenario failed, errored or did not run (e.g. interrupted), or a run-level hook failed
//   2 usage error or a bad scenario / users / manual file
//   3 the target could not be reached or started
#ifndef PROOFUP_CLI_CLI_H_
#define PROOFUP_CLI_CLI_H_

#include <iosfwd>

namespace proofup::cli {

enum ExitCode { kExitPassed = 0, kExitFailed = 1, kExitUsage = 2, kExitTarget = 3 };

// Runs the command line `argv`; output goes to `out` (results) and `err`
// (diagnostics, progress). `self_exe` locates the bundled mock-idp.
int RunCli(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace proofup::cli

#endif  // PROOFUP_CLI_CLI_H_
