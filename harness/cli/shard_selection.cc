#include "harness/cli/shard_selection.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/base/counted.h"

namespace proofup::cli {
namespace {

namespace fs = std::filesystem;

std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

bool ApplyShard(const RunArgs& args, std::vector<scenario::Scenario>& scenarios,
                ShardSelection& selection, std::ostream& err) {
  std::vector<shard::SetEntry> set;
  for (const auto& s : scenarios) set.push_back({s.file, s.name, FileBytes(s.file)});
  selection.fingerprint.proofup_version = PROOFUP_VERSION;
  selection.fingerprint.scenario_set = shard::ScenarioSetHash(set);
  selection.fingerprint.scenario_count = static_cast<int>(scenarios.size());
  selection.positions.clear();
  if (args.shard.empty()) {
    if (!args.shard_timings.empty()) {
      err << "proofup: --shard-timings needs --shard i/n\n";
      return false;
    }
    for (size_t i = 0; i < scenarios.size(); ++i)
      selection.positions.push_back(static_cast<int>(i));
    return true;
  }
  auto spec = shard::ParseShardSpec(args.shard);
  if (!spec.ok()) {
    err << "proofup: " << spec.status().message() << "\n";
    return false;
  }
  selection.fingerprint.shard = *spec;
  std::vector<shard::ScenarioTiming> timings;
  if (!args.shard_timings.empty()) {
    auto read = shard::ReadTimings(args.shard_timings);
    if (!read.ok()) {
      err << (read.status().kind() == Status::Kind::kParseError ? "" : "proofup: --shard-timings: ")
          << read.status().message() << "\n";
      return false;
    }
    timings = std::move(read->scenarios);
  }
  std::vector<shard::SplitItem> items;
  for (const auto& s : scenarios)
    items.push_back({s.file, s.name, static_cast<int>(s.steps.size())});
  shard::Split split = shard::SplitScenarios(items, spec->count, timings);
  std::vector<scenario::Scenario> kept;
  for (size_t i = 0; i < scenarios.size(); ++i) {
    if (split.part_of[i] != spec->index - 1) continue;
    kept.push_back(std::move(scenarios[i]));
    selection.positions.push_back(static_cast<int>(i));
  }
  std::ostringstream note;
  note << "shard " << args.shard << ": " << kept.size() << " of " << items.size() << " "
       << NounFor(static_cast<long long>(items.size()), "scenario") << ", balanced by ";
  if (args.shard_timings.empty()) {
    note << "step count (no --shard-timings)";
  } else {
    note << "the timings in " << args.shard_timings;
    if (split.estimated > 0) note << " (" << split.estimated << " estimated from their steps)";
  }
  if (kept.empty()) note << "; nothing to run in this shard, which passes";
  selection.note = note.str();
  scenarios = std::move(kept);
  return true;
}

Status WriteRunTimings(const RunResult& run, const ShardSelection& selection,
                       const std::string& run_dir) {
  return shard::WriteTimings(shard::TimingsOf(run, selection.fingerprint, selection.positions),
                             (fs::path(run_dir) / "timings.json").string());
}

}  // namespace proofup::cli
