#include "harness/cli/scenario_selection.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "harness/base/counted.h"
#include "harness/cli/run_hooks.h"
#include "harness/report/report.h"

namespace proofup::cli {
namespace {

namespace fs = std::filesystem;

// (file, name) of every scenario that failed or errored in <reports>/latest;
// nullopt (after printing why) when there is no readable previous run.
std::optional<std::set<std::pair<std::string, std::string>>> LastFailed(const RunArgs& args,
                                                                        std::ostream& err) {
  std::string path = (fs::path(args.reports) / "latest" / "report.json").string();
  auto last = ReadJsonReport(path);
  if (!last.ok()) {
    err << "proofup: --last-failed: no previous run to read (" << last.status().message()
        << "); run once without --last-failed first\n";
    return std::nullopt;
  }
  std::set<std::pair<std::string, std::string>> failed;
  for (const auto& s : last->scenarios)
    if (s.outcome == Outcome::kFailed || s.outcome == Outcome::kError)
      failed.emplace(fs::path(s.file).lexically_normal().string(), s.name);
  return failed;
}

bool Tagged(const scenario::Scenario& s, const std::vector<std::string>& tags) {
  if (tags.empty()) return true;
  for (const auto& t : tags)
    if (std::find(s.tags.begin(), s.tags.end(), t) != s.tags.end()) return true;
  return false;
}

int NameLine(const std::string& file) {
  std::ifstream in(file);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n)
    if (line.rfind("name:", 0) == 0) return n;
  return 1;
}

}  // namespace

scenario::LoadOptions ScenarioLoadOptions(const RunArgs& args,
                                          const std::map<std::string, std::string>& vars,
                                          const std::optional<runner::TargetProfile>& profile) {
  scenario::LoadOptions load;
  load.max_steps = args.max_steps;
  load.max_file_bytes = args.max_scenario_bytes;
  load.allowed_include_dirs = args.allow_include_dirs;
  for (const auto& [name, value] : vars) load.extra_vars.push_back(name);
  if (profile) {
    for (const auto& [name, value] : profile->vars) load.extra_vars.push_back(name);
    for (const auto& [scenario, scenario_vars] : profile->scenario_vars)
      for (const auto& [name, value] : scenario_vars) load.extra_vars.push_back(name);
  }
  for (std::string& name : RunHookVariables(args, profile))
    load.extra_vars.push_back(std::move(name));
  return load;
}

std::optional<std::vector<scenario::Scenario>> SelectScenarios(const RunArgs& args,
                                                               const scenario::LoadOptions& load,
                                                               std::ostream& err) {
  auto files = scenario::FindScenarioFiles(args.paths);
  if (!files.ok()) {
    err << "proofup: " << files.status().message() << "\n";
    if (!fs::path(args.paths.front()).is_absolute())
      err << "hint: relative paths are read from the current folder ("
          << fs::current_path().string() << "); give the scenario files or folders to run\n";
    return std::nullopt;
  }
  std::optional<std::regex> grep;
  if (!args.grep.empty()) {
    try {
      grep.emplace(args.grep, std::regex::ECMAScript | std::regex::icase);
    } catch (const std::regex_error&) {
      err << "proofup: --grep: invalid regular expression \"" << args.grep << "\"\n";
      return std::nullopt;
    }
  }
  std::optional<std::set<std::pair<std::string, std::string>>> last_failed;
  if (args.last_failed) {
    last_failed = LastFailed(args, err);
    if (!last_failed) return std::nullopt;
  }
  std::vector<scenario::Scenario> scenarios;
  bool bad = false;
  for (const auto& file : *files) {
    std::vector<scenario::Diagnostic> diagnostics;
    auto s = scenario::LoadScenarioFile(file, load, &diagnostics);
    PrintDiagnostics(diagnostics, err);
    if (!s.ok()) {
      if (diagnostics.empty()) err << file << ": error: " << s.status().message() << "\n";
      bad = true;
      continue;
    }
    if (grep && std::regex_search(s->name, *grep) == args.grep_invert) continue;
    if (!Tagged(*s, args.tags)) continue;
    if (last_failed &&
        !last_failed->count({fs::path(s->file).lexically_normal().string(), s->name}))
      continue;
    scenarios.push_back(std::move(*s));
  }
  if (bad) return std::nullopt;
  if (scenarios.empty() && !last_failed) {
    err << "proofup: no scenario to run (check the paths, --grep and --tag)\n";
    return std::nullopt;
  }
  return scenarios;
}

void ListScenarios(const std::vector<scenario::Scenario>& scenarios, std::ostream& out) {
  for (const auto& s : scenarios) {
    out << s.file << ":" << NameLine(s.file) << "  " << s.name;
    if (!s.tags.empty()) {
      out << "  [";
      for (size_t i = 0; i < s.tags.size(); ++i) out << (i ? ", " : "") << s.tags[i];
      out << "]";
    }
    out << "\n";
  }
  out << Counted(static_cast<long long>(scenarios.size()), "scenario") << "\n";
}

}  // namespace proofup::cli
