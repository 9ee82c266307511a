// Internal to the cli module: proofup(1) as troff, rendered from the same
// CLI11 option tables that `proofup help <command>` prints, so the two can
// never disagree.
#ifndef PROOFUP_CLI_MAN_PAGE_H_
#define PROOFUP_CLI_MAN_PAGE_H_

#include <string>

namespace CLI {
class App;
}

namespace proofup::cli {

// Returns the man(7) page of `app`: NAME, SYNOPSIS, then per subcommand its
// description, arguments and every option (all its names, value type and
// check, default, environment variable) and the command's footer (variants,
// exit codes). Text is escaped for troff. Pure; `app` is only read.
std::string ManPage(const CLI::App& app, const std::string& version);

}  // namespace proofup::cli

#endif  // PROOFUP_CLI_MAN_PAGE_H_
