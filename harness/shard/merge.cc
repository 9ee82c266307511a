// Merging the run folders of the shards (and their retries) into one run.
#include <algorithm>
#include <filesystem>
#include <map>
#include <numeric>
#include <set>

#include "harness/base/counted.h"
#include "harness/shard/shard.h"

namespace proofup::shard {
namespace {

std::string Normal(const std::string& file) {
  return std::filesystem::path(file).lexically_normal().string();
}

Status Refuse(const std::string& message) {
  return Status::FailedPrecondition("merge-reports: " + message);
}

std::string ShardOf(const RunPart& part) {
  return part.timings.fingerprint.shard ? FormatShardSpec(*part.timings.fingerprint.shard)
                                        : std::string("1/1 (not sharded)");
}

// Every part describes itself consistently, and all describe the same run.
Status CheckParts(const std::vector<RunPart>& parts) {
  for (const RunPart& p : parts) {
    const auto& lines = p.timings.scenarios;
    bool same = lines.size() == p.run.scenarios.size();
    for (size_t k = 0; same && k < lines.size(); ++k)
      same = Normal(lines[k].file) == Normal(p.run.scenarios[k].file) &&
             lines[k].name == p.run.scenarios[k].name && lines[k].position >= 0 &&
             lines[k].position < p.timings.fingerprint.scenario_count;
    if (!same) return Refuse(p.dir + ": report.json and timings.json list different scenarios");
  }
  const Fingerprint& first = parts.front().timings.fingerprint;
  for (const RunPart& p : parts) {
    const Fingerprint& f = p.timings.fingerprint;
    if (f.proofup_version != first.proofup_version)
      return Refuse("the folders come from different proofup versions: " + parts.front().dir +
                    " (" + first.proofup_version + ") and " + p.dir + " (" + f.proofup_version +
                    ")");
    if (f.scenario_set != first.scenario_set || f.scenario_count != first.scenario_count)
      return Refuse("the folders ran different scenario sets: " + parts.front().dir + " (" +
                    Counted(first.scenario_count, "scenario") + ", " +
                    first.scenario_set.substr(0, 12) + ") and " + p.dir + " (" +
                    Counted(f.scenario_count, "scenario") + ", " + f.scenario_set.substr(0, 12) +
                    "); shards must select the same scenarios from the same files");
    const int n = f.shard ? f.shard->count : 1, n0 = first.shard ? first.shard->count : 1;
    if (n != n0)
      return Refuse("the folders were split differently: " + parts.front().dir + " is shard " +
                    ShardOf(parts.front()) + ", " + p.dir + " is shard " + ShardOf(p));
  }
  return Status::Ok();
}

Status CheckShardsComplete(const std::vector<RunPart>& parts) {
  const Fingerprint& first = parts.front().timings.fingerprint;
  const int n = first.shard ? first.shard->count : 1;
  std::set<int> present;
  for (const RunPart& p : parts)
    present.insert(p.timings.fingerprint.shard ? p.timings.fingerprint.shard->index : 1);
  std::string missing;
  int count = 0;
  for (int i = 1; i <= n; ++i) {
    if (present.count(i)) continue;
    missing += (missing.empty() ? "" : ", ") + FormatShardSpec({i, n});
    ++count;
  }
  if (count > 0)
    return Refuse(NounFor(count, "shard") + " " + missing + " missing: give " +
                  (count == 1 ? "its " : "their ") + NounFor(count, "run folder") + " too");
  return Status::Ok();
}

// `later` joins `earlier` as a retry does: it replaces the result unless it
// did not run; attempts add up; failed (or error) then passed is flaky.
void Join(ScenarioResult& earlier, const ScenarioResult& later) {
  if (later.outcome == Outcome::kNotRun) return;
  const bool failed_before = earlier.outcome == Outcome::kFailed ||
                             earlier.outcome == Outcome::kError ||
                             earlier.outcome == Outcome::kFlaky;
  const int attempts = earlier.attempts + later.attempts;
  earlier = later;
  earlier.attempts = attempts;
  if (later.outcome == Outcome::kPassed && failed_before) earlier.outcome = Outcome::kFlaky;
}

// "a, b": the distinct non-empty values in order of first appearance.
std::string JoinDistinct(const std::vector<std::string>& values) {
  std::vector<std::string> seen;
  std::string out;
  for (const std::string& v : values) {
    if (v.empty() || std::find(seen.begin(), seen.end(), v) != seen.end()) continue;
    seen.push_back(v);
    out += (out.empty() ? "" : ", ") + v;
  }
  return out;
}

}  // namespace

StatusOr<MergedRun> MergeRuns(const std::vector<RunPart>& parts) {
  if (parts.empty()) return Refuse("no run folders given");
  if (Status s = CheckParts(parts); !s.ok()) return s;
  if (Status s = CheckShardsComplete(parts); !s.ok()) return s;
  const int total = parts.front().timings.fingerprint.scenario_count;

  // Oldest first, so a retry (a later run of the same shard) comes after.
  std::vector<size_t> order(parts.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::tie(parts[a].run.started_at, parts[a].dir) <
           std::tie(parts[b].run.started_at, parts[b].dir);
  });
  struct Slot {
    int part = -1;
    int scenario = -1;
    int shard = 0;
    bool filled = false;
    ScenarioResult result;
  };
  std::vector<Slot> slots(total);
  MergedRun merged;
  std::vector<std::string> targets, browsers;
  for (size_t p : order) {
    const RunPart& part = parts[p];
    const auto& spec = part.timings.fingerprint.shard;
    const int shard = spec ? spec->index : 1;
    for (size_t k = 0; k < part.run.scenarios.size(); ++k) {
      Slot& slot = slots[part.timings.scenarios[k].position];
      const ScenarioResult& s = part.run.scenarios[k];
      if (slot.part >= 0 && slot.shard != shard)
        return Refuse("overlapping shards: \"" + s.name + "\" (" + s.file + ") is in shard " +
                      ShardOf(parts[slot.part]) + " (" + parts[slot.part].dir + ") and in shard " +
                      ShardOf(part) + " (" + part.dir +
                      "); were the shards split with different timing files?");
      if (slot.part < 0 || s.outcome != Outcome::kNotRun) {
        slot.part = static_cast<int>(p);
        slot.scenario = static_cast<int>(k);
      }
      if (!slot.filled) {
        slot.result = s;
        slot.filled = true;
      } else {
        Join(slot.result, s);
      }
      slot.shard = shard;
    }
    RunResult& run = merged.run;
    if (run.started_at.empty() || part.run.started_at < run.started_at)
      run.started_at = part.run.started_at;
    run.duration_ms = std::max(run.duration_ms, part.run.duration_ms);
    targets.push_back(part.run.target);
    browsers.push_back(part.run.browser);
    run.interrupted = run.interrupted || part.run.interrupted;
    run.secrets_shown = run.secrets_shown || part.run.secrets_shown;
  }
  merged.run.target = JoinDistinct(targets);
  merged.run.browser = JoinDistinct(browsers);
  int unrun = 0;
  for (const Slot& slot : slots) unrun += slot.part < 0 ? 1 : 0;
  if (unrun > 0)
    return Refuse(std::to_string(unrun) + " of " + Counted(total, "scenario") +
                  (unrun == 1 ? " is" : " are") +
                  " in no shard's report; were the shards split with different timing files?");
  std::vector<int> positions;
  for (int pos = 0; pos < total; ++pos) {
    merged.run.scenarios.push_back(std::move(slots[pos].result));
    merged.part_of.push_back(slots[pos].part);
    merged.scenario_of.push_back(slots[pos].scenario);
    positions.push_back(pos);
  }
  Fingerprint fingerprint = parts.front().timings.fingerprint;
  fingerprint.shard.reset();
  fingerprint.merged_from = static_cast<int>(parts.size());
  merged.timings = TimingsOf(merged.run, fingerprint, positions);
  return merged;
}

}  // namespace proofup::shard
