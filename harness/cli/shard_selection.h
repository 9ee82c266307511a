// Internal to the cli module: `proofup run --shard i/n [--shard-timings FILE]`
// (which part of the selected scenarios this run takes), the timings.json every
// run writes, and `proofup merge-reports`.
#ifndef PROOFUP_CLI_SHARD_SELECTION_H_
#define PROOFUP_CLI_SHARD_SELECTION_H_

#include <ostream>
#include <string>
#include <vector>

#include "harness/cli/run_command.h"
#include "harness/shard/shard.h"

namespace proofup::cli {

// What the split left of the selected scenarios, and what the run's timing
// file records about it.
struct ShardSelection {
  shard::Fingerprint fingerprint;  // of the whole selected list; shard set with --shard
  std::vector<int> positions;      // per kept scenario: its place in the whole list
  std::string note;                // with --shard: a line for stdout saying what was taken
};

// Computes the fingerprint of `scenarios` (all selected ones), then, with
// --shard, keeps only this shard's part of them (in their original order).
// Returns false after printing a usage error on `err` (a bad --shard, an
// unreadable or bad --shard-timings file: file:line:column).
bool ApplyShard(const RunArgs& args, std::vector<scenario::Scenario>& scenarios,
                ShardSelection& selection, std::ostream& err);

// Writes run_dir/timings.json for `run` (which holds the kept scenarios).
Status WriteRunTimings(const RunResult& run, const ShardSelection& selection,
                       const std::string& run_dir);

struct MergeArgs {
  std::vector<std::string> dirs;  // run folders, or reports folders holding run folders
  std::string out;                // the merged run's folder
};

// `proofup merge-reports`: reads each run folder's report.json and
// timings.json, merges them (shard::MergeRuns), copies the screens to
// out/screens/ with the unsharded run's folder names, and writes junit.xml,
// report.json, index.html, timings.json and, when the scenarios name a
// manual, the manual check. Returns the run's exit code for the merged
// results (0 passed, 1 a scenario failed or did not run), or kExitUsage after
// printing why the folders cannot be merged.
int MergeReportsCommand(const MergeArgs& args, std::ostream& out, std::ostream& err);

}  // namespace proofup::cli

#endif  // PROOFUP_CLI_SHARD_SELECTION_H_
