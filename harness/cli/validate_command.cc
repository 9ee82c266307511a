#include "harness/cli/validate_command.h"

#include <CLI/CLI.hpp>
#include <map>
#include <optional>

#include "harness/base/counted.h"
#include "harness/cli/cli.h"
#include "harness/cli/run_hooks.h"
#include "harness/cli/scenario_selection.h"
#include "harness/runner/target_profile.h"

namespace proofup::cli {
namespace {

// Validation reads no secrets: a "${env:NAME}" of the profile that is not set
// stands for an empty value instead of failing the load.
std::optional<std::string> EnvOrEmpty(std::string_view name) {
  return ProcessEnvironment()(name).value_or("");
}

bool HasUnknownVariable(const std::vector<scenario::Diagnostic>& diagnostics) {
  for (const auto& d : diagnostics)
    if (d.severity == scenario::Diagnostic::Severity::kError &&
        d.message.find("unknown variable") != std::string::npos)
      return true;
  return false;
}

}  // namespace

void AddValidateOptions(CLI::App& command, RunArgs& args) {
  command.add_option("paths", args.paths, "Scenario files or folders")->required();
  command.footer(
      "Variables:\n"
      "  Give it the run's --target-file, --var, --variables-file and --before/--hook-var:\n"
      "  the variables they define are then known. Hooks are checked, never run, and a\n"
      "  profile's ${env:NAME} need not be set.\n"
      "\n"
      "Exit codes:\n"
      "  0  every file is valid\n"
      "  2  an error in a file (file:line:column on stderr) or a usage error\n");
  AddTargetFileOption(command, args);
  AddVariableOptions(command, args);
  AddScenarioLoadOptions(command, args);
}

int ValidateCommand(const RunArgs& args, std::ostream& out, std::ostream& err) {
  auto files = scenario::FindScenarioFiles(args.paths);
  if (!files.ok()) {
    err << "proofup: " << files.status().message() << "\n";
    return kExitUsage;
  }
  std::optional<runner::TargetProfile> profile;
  if (!args.target_file.empty()) {
    auto loaded = runner::LoadTargetProfile(args.target_file, EnvOrEmpty);
    if (!loaded.ok()) {
      err << loaded.status().message() << "\n";
      return kExitUsage;
    }
    profile = std::move(*loaded);
  }
  std::map<std::string, std::string> vars;
  if (!ReadVariables(args, vars, err)) return kExitUsage;
  runner::RunOptions hooks;  // only to check --before/--after/--hook-var as `run` does
  if (std::string bad = CollectRunHooks(args, profile, hooks); !bad.empty()) {
    err << "proofup: " << bad << "\n";
    return kExitUsage;
  }
  // The same files and names as `run` with these options loads and knows.
  auto diagnostics = scenario::ValidateFiles(*files, ScenarioLoadOptions(args, vars, profile));
  PrintDiagnostics(diagnostics, err);
  int errors = 0;
  for (const auto& d : diagnostics)
    if (d.severity == scenario::Diagnostic::Severity::kError) ++errors;
  if (errors == 0) {
    out << Counted(static_cast<long long>(files->size()), "scenario file") << " OK\n";
    return kExitPassed;
  }
  if (HasUnknownVariable(diagnostics) && args.hook_vars.empty())
    err << "hint: a variable that a target profile or a run-level hook defines is known to "
           "validate with the run's options: --target-file FILE (its vars and its hooks' "
           "sets:/public:) or --before CMD --hook-var NAME (hooks are not run)\n";
  err << Counted(errors, "error") << " in "
      << Counted(static_cast<long long>(files->size()), "file") << "\n";
  return kExitUsage;
}

}  // namespace proofup::cli
