// `proofup merge-reports RUN_DIR... --out DIR`: one run from the run folders
// of the shards and their retries, written by the same report writers.
#include <filesystem>
#include <map>
#include <set>

#include "harness/base/counted.h"
#include "harness/cli/cli.h"
#include "harness/cli/console_listener.h"
#include "harness/cli/manual_command.h"
#include "harness/cli/shard_selection.h"
#include "harness/report/report.h"
#include "harness/runner/run_folder.h"

namespace proofup::cli {
namespace {

namespace fs = std::filesystem;

bool IsRunFolder(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "report.json", ec);
}

// The run folders named by `args.dirs`: a run folder itself, or every run
// folder directly inside a reports folder (its `latest` link and `out` skipped).
bool FindRunFolders(const MergeArgs& args, std::vector<std::string>& found, std::ostream& err) {
  std::error_code ec;
  const fs::path out = fs::weakly_canonical(args.out, ec);
  std::set<fs::path> seen;
  for (const std::string& given : args.dirs) {
    if (IsRunFolder(given)) {
      if (seen.insert(fs::weakly_canonical(given, ec)).second) found.push_back(given);
      continue;
    }
    if (!fs::is_directory(given, ec)) {
      err << "proofup merge-reports: " << given << ": no such folder\n";
      return false;
    }
    std::vector<std::string> inside;
    for (const auto& entry : fs::directory_iterator(given, ec)) {
      if (entry.is_symlink() || !IsRunFolder(entry.path())) continue;
      if (fs::weakly_canonical(entry.path(), ec) == out) continue;
      inside.push_back(entry.path().string());
    }
    if (inside.empty()) {
      err << "proofup merge-reports: " << given
          << ": not a run folder (no report.json) and holds no run folders\n";
      return false;
    }
    std::sort(inside.begin(), inside.end());
    for (const auto& dir : inside)
      if (seen.insert(fs::weakly_canonical(dir, ec)).second) found.push_back(dir);
  }
  for (const auto& dir : found) {
    if (fs::weakly_canonical(dir, ec) == out) {
      err << "proofup merge-reports: --out " << args.out << " is one of the run folders to merge\n";
      return false;
    }
  }
  return true;
}

bool ReadPart(const std::string& dir, shard::RunPart& part, std::ostream& err) {
  part.dir = dir;
  auto run = ReadJsonReport((fs::path(dir) / "report.json").string());
  if (!run.ok()) {
    err << "proofup merge-reports: " << run.status().message() << "\n";
    return false;
  }
  part.run = std::move(*run);
  const std::string timings_path = (fs::path(dir) / "timings.json").string();
  std::error_code ec;
  if (!fs::exists(timings_path, ec)) {
    err << "proofup merge-reports: " << dir
        << ": no timings.json (written by every `proofup run` since " << PROOFUP_VERSION
        << "); run it again with this proofup\n";
    return false;
  }
  auto timings = shard::ReadTimings(timings_path);
  if (!timings.ok()) {
    err << (timings.status().kind() == Status::Kind::kParseError ? "" : "proofup merge-reports: ")
        << timings.status().message() << "\n";
    return false;
  }
  part.timings = std::move(*timings);
  return true;
}

// "screens/<old dir>/<file>" -> "screens/<new dir>/<file>", linked or copied from
// `from` into `to`; the path unchanged (and a warning) when the copy fails.
std::string MoveScreen(const std::string& path, const std::string& new_dir, const fs::path& from,
                       const fs::path& to, std::ostream& err) {
  const std::string prefix = "screens/";
  const size_t slash = path.find('/', prefix.size());
  if (path.rfind(prefix, 0) != 0 || slash == std::string::npos) return path;
  const std::string moved = prefix + new_dir + path.substr(slash);
  std::error_code ec;
  fs::create_directories((to / moved).parent_path(), ec);
  // A hard link where the file system allows it: thousands of screens, no copying.
  if (!ec) {
    fs::remove(to / moved, ec);
    fs::create_hard_link(from / path, to / moved, ec);
    if (ec) fs::copy_file(from / path, to / moved, fs::copy_options::overwrite_existing, ec);
  }
  if (ec) {
    err << "proofup merge-reports: cannot copy " << (from / path).string() << ": " << ec.message()
        << "\n";
    return path;
  }
  return moved;
}

// Each scenario's screens under the folder name the unsharded run gives it
// (its 1-based place in the whole list and its name).
void CopyScreens(shard::MergedRun& merged, const std::vector<shard::RunPart>& parts,
                 const fs::path& out, std::ostream& err) {
  std::error_code ec;
  fs::remove_all(out / "screens", ec);
  for (size_t pos = 0; pos < merged.run.scenarios.size(); ++pos) {
    ScenarioResult& s = merged.run.scenarios[pos];
    std::string number = std::to_string(pos + 1);
    if (number.size() < 2) number = "0" + number;
    const std::string dir = number + "-" + runner::Slug(s.name);
    const fs::path from = parts[merged.part_of[pos]].dir;
    for (StepResult& step : s.steps) {
      if (!step.screen_file.empty())
        step.screen_file = MoveScreen(step.screen_file, dir, from, out, err);
      if (!step.screenshot_file.empty())
        step.screenshot_file = MoveScreen(step.screenshot_file, dir, from, out, err);
    }
  }
}

// The manual check again, over the merged results: the manuals the scenarios
// name, as written (from the current folder) or next to the scenario file.
void CheckManuals(const RunResult& run, const std::string& out_dir, std::ostream& out,
                  std::ostream& err) {
  RunOutcome outcome;
  outcome.run = run;
  outcome.run_dir = out_dir;
  for (const ScenarioResult& s : run.scenarios) {
    if (s.manual.empty()) continue;
    std::error_code ec;
    std::string path = s.manual;
    if (!fs::exists(path, ec)) path = (fs::path(s.file).parent_path() / s.manual).string();
    if (!fs::exists(path, ec)) {
      err << "proofup merge-reports: manual " << s.manual << " of " << s.file
          << " not found: no manual check for it\n";
      continue;
    }
    if (std::find(outcome.manuals.begin(), outcome.manuals.end(), path) == outcome.manuals.end())
      outcome.manuals.push_back(path);
  }
  CheckManualsAfterRun(outcome, out, err);
}

}  // namespace

int MergeReportsCommand(const MergeArgs& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> dirs;
  if (!FindRunFolders(args, dirs, err)) return kExitUsage;
  std::vector<shard::RunPart> parts;
  std::set<std::string> run_ids;
  for (const std::string& dir : dirs) {
    shard::RunPart part;
    if (!ReadPart(dir, part, err)) return kExitUsage;
    // The same run twice (e.g. `latest` copied as a folder by an artifact
    // upload) counts once, or it would pass for its own retry.
    if (!part.run.run_id.empty() && !run_ids.insert(part.run.run_id).second) continue;
    parts.push_back(std::move(part));
  }
  auto merged = shard::MergeRuns(parts);
  if (!merged.ok()) {
    err << "proofup " << merged.status().message() << "\n";
    return kExitUsage;
  }
  std::error_code ec;
  fs::create_directories(args.out, ec);
  if (ec) {
    err << "proofup merge-reports: cannot create " << args.out << ": " << ec.message() << "\n";
    return kExitFailed;
  }
  merged->run.run_id = runner::NewRunId();
  merged->timings.run_id = merged->run.run_id;
  CopyScreens(*merged, parts, args.out, err);
  Status written = WriteAll(merged->run, args.out);
  if (written.ok())
    written = shard::WriteTimings(merged->timings, (fs::path(args.out) / "timings.json").string());
  out << "merged " << Counted(static_cast<long long>(parts.size()), "run folder") << " ("
      << Counted(static_cast<long long>(merged->run.scenarios.size()), "scenario") << ")\n"
      << SummaryLine(merged->run) << "\n";
  if (!written.ok()) {
    err << "proofup merge-reports: the reports were not written: " << written.message() << "\n";
    return kExitFailed;
  }
  out << "reports: " << (fs::path(args.out) / "index.html").string()
      << " (junit.xml, report.json, timings.json)\n";
  CheckManuals(merged->run, args.out, out, err);
  return ExitCodeOf(merged->run);
}

}  // namespace proofup::cli
