// Internal to the cli module: `proofup manual-check`, and the manual check at
// the end of `proofup run` for scenarios that name a manual.
#ifndef PROOFUP_CLI_MANUAL_COMMAND_H_
#define PROOFUP_CLI_MANUAL_COMMAND_H_

#include <future>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "harness/cli/run_command.h"
#include "harness/manual/manual.h"

namespace proofup::cli {

struct ManualCheckArgs {
  std::string manual;   // --manual FILE
  RunArgs run;          // run.paths: scenarios, or one report.json, or one run folder
  bool update = false;  // --update: write the labels the portal shows now into `manual`
};

// Loads the manual (a bad file: its diagnostics on `err`, kExitUsage), gets a
// run (reads report.json back, or runs the scenarios first in survey mode,
// runner::RunOptions::survey), prints the check as a table on `out` and writes
// manual.json and manual.html into the run folder. With `update`, rewrites
// the manual file (manual::UpdateManualText) and prints the changes and the diff.
// Returns kExitPassed when the manual matches, when no scenario names it
// (nothing compared), or when --update wrote every change; kExitFailed on
// drift or steps left unchecked; kExitUsage for bad input; kExitTarget when
// the target was down.
int ManualCheckCommand(const ManualCheckArgs& args, std::ostream& out, std::ostream& err);

// The manual file at `path`; nullopt after printing why on `err` (its
// file:line:column diagnostics, or the reason it could not be read).
std::optional<manual::Manual> LoadManualOrExplain(const std::string& path, std::ostream& err);

// Loads each manual of `paths`, in order (LoadManualOrExplain's messages kept).
std::vector<LoadedManual> LoadManuals(const std::vector<std::string>& paths);
// LoadManuals on a thread of its own, so that parsing them is off the path
// from the last step to the exit.
std::future<std::vector<LoadedManual>> LoadManualsAsync(std::vector<std::string> paths);

// After `proofup run`: checks `outcome.run` against each manual its scenarios
// name (outcome.manuals_loading when set, else loaded now), writes
// manual.json/manual.html into the run folder and prints one summary line per
// manual on `out`. Never changes the run's exit code.
void CheckManualsAfterRun(RunOutcome& outcome, std::ostream& out, std::ostream& err);

}  // namespace proofup::cli

#endif  // PROOFUP_CLI_MANUAL_COMMAND_H_
