// Internal to the cli module: the reports `proofup run` writes at the end (the
// run folder's, then the fixed --report-* paths) and the summary lines.
#ifndef PROOFUP_CLI_RUN_REPORTS_H_
#define PROOFUP_CLI_RUN_REPORTS_H_

#include <ostream>
#include <string>
#include <vector>

#include "harness/cli/run_command.h"
#include "harness/result/result.h"
#include "harness/runner/run_folder.h"

namespace proofup::cli {

// Every scenario marked as an error with `reason`: the run's report when the target is down.
RunResult UnreachableRun(const std::vector<scenario::Scenario>& scenarios,
                         const std::string& target, const std::string& reason);

// Sets run.run_id, writes the reports into `folder` and the --report-* paths,
// and prints the summary and where the reports are on `out` (`unreachable`:
// why the target could not be used; the summary says so). Returns 0, or 1
// when a report could not be written (said on `err` and `out`).
int WriteReports(RunResult& run, const RunArgs& args, const runner::RunFolder& folder,
                 std::ostream& out, std::ostream& err, const std::string& unreachable = "");

}  // namespace proofup::cli

#endif  // PROOFUP_CLI_RUN_REPORTS_H_
