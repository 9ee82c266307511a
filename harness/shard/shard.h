// Spreading one run over many CI machines and putting it back together:
// `proofup run --shard i/n` takes the i-th of n parts of the selected
// scenarios, every run writes a timing file (timings.json) next to its
// report.json, and `proofup merge-reports` combines the run folders of the
// shards (and of their retries) into one run. This module holds the parts that
// are plain data: the split, the timing file and the merge of results. It
// reads harness/result only; the cli reads and writes the folders.
//
// The split depends only on the scenario list and the timings, never on the
// machine, the clock or the order the files were found in, so n CI jobs agree
// on it without talking to each other.
//
// Thread safety: all functions are re-entrant and share no state.
#ifndef PROOFUP_SHARD_SHARD_H_
#define PROOFUP_SHARD_SHARD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/base/status.h"
#include "harness/result/result.h"

namespace proofup::shard {

// The i-th of n parts, 1-based as typed: "2/4" is {2, 4}.
struct ShardSpec {
  int index = 1;
  int count = 1;
};

// Parses "i/n" (1 <= i <= n <= 1000). Error: kInvalidArgument saying what is
// wrong with `text` ("expected i/n such as 2/4", "i must be between 1 and n").
StatusOr<ShardSpec> ParseShardSpec(const std::string& text);
std::string FormatShardSpec(const ShardSpec& spec);  // "2/4"

// A scenario of the selected list as the split sees it.
struct SplitItem {
  std::string file;  // as given; compared lexically normalised
  std::string name;
  int steps = 0;  // after includes
};

// One scenario's line in a timing file.
struct ScenarioTiming {
  std::string file;
  std::string name;
  int position = 0;  // 0-based place in the whole selected list (before the split)
  double duration_ms = 0;
  int steps = 0;
  int attempts = 0;
  std::string status;  // OutcomeName
};

// What makes runs mergeable: the same proofup, the same selected scenarios,
// and a shard spec per run.
struct Fingerprint {
  std::string proofup_version;
  std::string scenario_set;        // ScenarioSetHash of the list before the split
  int scenario_count = 0;          // scenarios in that list
  std::optional<ShardSpec> shard;  // nullopt: the run was not sharded (or is a merge)
  int merged_from = 0;             // run folders a merge combined; 0 for a run
};

// A run folder's timings.json.
struct Timings {
  std::string run_id;
  std::string started_at;
  Fingerprint fingerprint;
  std::vector<ScenarioTiming> scenarios;  // in the order of the run's report.json
};

// One selected scenario for the fingerprint: its file, name and file bytes.
struct SetEntry {
  std::string file;
  std::string name;
  std::string content;
};
// Hex SHA-256 over every entry in order (file, name, content, length-prefixed),
// so a renamed, edited, added, removed or reordered scenario changes it.
std::string ScenarioSetHash(const std::vector<SetEntry>& entries);

// The timing file of `run`: `positions[k]` is the place of run.scenarios[k] in
// the whole selected list. Requires positions.size() == run.scenarios.size().
Timings TimingsOf(const RunResult& run, const Fingerprint& fingerprint,
                  const std::vector<int>& positions);

// Writes `timings` as JSON. Returns OK or kIoError naming `path`.
Status WriteTimings(const Timings& timings, const std::string& path);

// Reads a timing file. Errors: kIoError (cannot read) naming `path`;
// kParseError "path:line:column: what is wrong" for bad syntax, a wrong type
// or a missing required key.
StatusOr<Timings> ReadTimings(const std::string& path);

// The split: for each item, the 0-based part (0..count-1) it belongs to.
// Weight of an item: its duration (last attempt) in `timings` (matched by
// normalised file and name), else its step count times the known scenarios'
// time per step, else (no timings at all) its step count. Longest first onto
// the least-loaded part (LPT); ties by file, then name, then lower part. Then
// a refinement: while moving one item out of the heaviest part, or swapping
// it with a lighter item of another part, leaves both lighter than the
// heaviest was, the best such change is made. The result does not depend on
// the order of `items` or `timings`.
struct Split {
  std::vector<int> part_of;      // per item
  std::vector<int64_t> load_us;  // per part: the summed weights (µs, or steps)
  int estimated = 0;             // items weighed without a timing of their own
};
Split SplitScenarios(const std::vector<SplitItem>& items, int count,
                     const std::vector<ScenarioTiming>& timings);

// A run folder read back: report.json and timings.json.
struct RunPart {
  std::string dir;
  RunResult run;
  Timings timings;
};

// The merged run, and for each of its scenarios where it came from.
struct MergedRun {
  RunResult run;                 // scenarios in the order of the unsharded run
  std::vector<int> part_of;      // per merged scenario: index into `parts`
  std::vector<int> scenario_of;  // per merged scenario: its index in that part's run
  Timings timings;               // the merged run's timing file (shard unset, merged_from set)
};

// Combines the parts into one run, as if one machine had run everything.
// Parts are taken in order of started_at (then dir); a later run of the same
// shard is a retry: for each scenario it replaces the earlier result unless it
// did not run, attempts add up, and failed-then-passed becomes flaky (as
// --retries does). The run's started_at is the earliest, its duration the
// longest part's; targets and browsers that differ are listed comma-separated.
// Errors (kFailedPrecondition, naming the folders): no parts; a report.json
// that does not match its timings.json; different proofup versions or
// scenario sets; different shard counts; a scenario in two different shards
// (overlapping shards); missing shards (each named, "3/4"); scenarios that no
// shard ran.
StatusOr<MergedRun> MergeRuns(const std::vector<RunPart>& parts);

}  // namespace proofup::shard

#endif  // PROOFUP_SHARD_SHARD_H_
