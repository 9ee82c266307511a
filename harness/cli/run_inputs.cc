#include "harness/cli/run_inputs.h"

#include <filesystem>
#include <fstream>

#include "harness/cli/run_hooks.h"
#include "harness/cli/scenario_selection.h"
#include "harness/http/http.h"

namespace proofup::cli {

namespace fs = std::filesystem;

// --variables-file first, then each --var over it.
bool ReadVariables(const RunArgs& args, std::map<std::string, std::string>& vars,
                   std::ostream& err) {
  std::vector<std::pair<std::string, std::string>> lines;  // (where, name=value)
  if (!args.variables_file.empty()) {
    std::ifstream in(args.variables_file);
    if (!in) {
      err << "proofup: cannot read variables file " << args.variables_file << "\n";
      return false;
    }
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      size_t start = line.find_first_not_of(" \t\r");
      if (start == std::string::npos || line[start] == '#') continue;
      size_t end = line.find_last_not_of(" \t\r");
      lines.emplace_back(args.variables_file + ":" + std::to_string(n),
                         line.substr(start, end - start + 1));
    }
  }
  for (const auto& kv : args.vars) lines.emplace_back("--var", kv);
  for (const auto& [where, kv] : lines) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      err << "proofup: " << where << ": expected name=value, got \"" << kv << "\"\n";
      return false;
    }
    auto trim = [](std::string t) {
      size_t a = t.find_first_not_of(" \t"), b = t.find_last_not_of(" \t");
      return a == std::string::npos ? std::string() : t.substr(a, b - a + 1);
    };
    // A file's "name = value" may space the '='; a --var is taken as typed.
    bool from_file = where != "--var";
    std::string name = from_file ? trim(kv.substr(0, eq)) : kv.substr(0, eq);
    vars[name] = from_file ? trim(kv.substr(eq + 1)) : kv.substr(eq + 1);
  }
  return true;
}

RunInputs LoadRunInputs(const RunArgs& args, const std::optional<runner::TargetProfile>& profile,
                        std::ostream& err) {
  RunInputs in;
  auto users = runner::UserDirectory::Load(args.users);
  if (!users.ok()) {
    err << "proofup: " << users.status().message() << "\n";
    if (!fs::path(args.users).is_absolute())
      err << "hint: the users file is read from the current folder (" << fs::current_path().string()
          << "); pass --users FILE or set PROOFUP_USERS\n";
    return in;
  }
  in.users = std::move(*users);
  if (!ReadVariables(args, in.vars, err)) return in;
  for (const auto& [name, value] : in.vars) in.pinned.push_back(name);
  in.scenarios = SelectScenarios(args, ScenarioLoadOptions(args, in.vars, profile), err);
  if (profile)
    for (const auto& [name, value] : profile->vars) in.vars.emplace(name, value);
  if (in.scenarios && !ApplyShard(args, *in.scenarios, in.shard, err)) in.scenarios.reset();
  // When every user is in the users file, what the target offers cannot make
  // RunScenarios refuse the run (it only excuses missing users), so the folder
  // is made now: beside the bundled mock-idp's start, or (--target) while
  // libcurl is still loading for the target check.
  std::ostream quiet(nullptr);
  const bool early =
      in.scenarios && CheckScenarioUsers(*in.scenarios, *in.users, nullptr, args, quiet);
  // An empty shard still writes a run folder: merge-reports needs every shard's.
  const bool reports = in.scenarios && (!in.scenarios->empty() || !args.shard.empty());
  // The same conditions as RunScenarios checks before it creates the folder
  // (the users' only once the target's offers are known).
  const bool ca_ok = args.ca_file.empty() || args.insecure || http::CheckCaFile(args.ca_file).ok();
  if (reports && !args.list && ca_ok && (early || in.scenarios->empty()))
    in.folder = runner::CreateRunFolder(args.reports, runner::NewRunId());
  return in;
}

bool CheckScenarioUsers(const std::vector<scenario::Scenario>& scenarios,
                        const runner::UserDirectory& users, const runner::RunOptions* options,
                        const RunArgs& args, std::ostream& err) {
  bool ok = true;
  for (const scenario::Scenario& s : scenarios) {
    if (s.user.username.empty() || s.user.password || users.Find(s.user.username)) continue;
    if (options && !runner::MissingNeed(s, *options).empty())
      continue;  // skipped: it signs no one in
    err << s.file << ": error: user \"" << s.user.username << "\" is not in " << args.users << "\n";
    ok = false;
  }
  if (!ok && !args.users_given)
    err << "hint: pass --users FILE (or set PROOFUP_USERS) with the users these scenarios name\n";
  return ok;
}

}  // namespace proofup::cli
