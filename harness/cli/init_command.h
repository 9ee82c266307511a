// Internal to the cli module: `proofup init`, a starting point for a new portal.
#ifndef PROOFUP_CLI_INIT_COMMAND_H_
#define PROOFUP_CLI_INIT_COMMAND_H_

#include <ostream>
#include <string>

namespace proofup::cli {

struct InitArgs {
  std::string dir = ".";  // where scenarios/ and fixtures/ go
  std::string target;     // the portal's URL, written into the hints; may be empty
};

// Writes <dir>/scenarios/sign-in.yaml (a first scenario: open the portal,
// expect its sign-in screen, sign in) and <dir>/fixtures/users.yaml (one test
// user to fill in), so that `proofup run --target URL` works from <dir>.
// Refuses (kExitUsage, nothing written) when either file exists. Returns
// kExitPassed after printing what was written and the next command on `out`.
int InitCommand(const InitArgs& args, std::ostream& out, std::ostream& err);

}  // namespace proofup::cli

#endif  // PROOFUP_CLI_INIT_COMMAND_H_
