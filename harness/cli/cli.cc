#include "harness/cli/cli.h"

#include <CLI/CLI.hpp>
#include <ostream>

#include "harness/cli/manual_command.h"
#include "harness/cli/run_command.h"

namespace proofup::cli {
namespace {

// `proofup run`: the run's exit code; the manual check only adds reports and a line.
int RunCommand(const RunArgs& args, std::ostream& out, std::ostream& err) {
  RunOutcome outcome = RunScenarios(args, out, err);
  CheckManualsAfterRun(outcome, out, err);
  return outcome.exit_code;
}

int ValidateCommand(const std::vector<std::string>& paths, std::ostream& out, std::ostream& err) {
  auto files = scenario::FindScenarioFiles(paths);
  if (!files.ok()) {
    err << "proofup: " << files.status().message() << "\n";
    return kExitUsage;
  }
  auto diagnostics = scenario::ValidateFiles(*files);
  PrintDiagnostics(diagnostics, err);
  int errors = 0;
  for (const auto& d : diagnostics)
    if (d.severity == scenario::Diagnostic::Severity::kError) ++errors;
  if (errors > 0) {
    err << errors << " error" << (errors == 1 ? "" : "s") << " in " << files->size()
        << " file(s)\n";
    return kExitUsage;
  }
  out << files->size() << " scenario file(s) OK\n";
  return kExitPassed;
}

}  // namespace

int RunCli(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"proofup: proves an MFA enrollment portal still works the way its manual says"};
  app.require_subcommand(1);
  RunArgs run;
  CLI::App* run_cmd = app.add_subcommand("run", "Run scenarios against a portal");
  run_cmd->add_option("paths", run.paths, "Scenario files or folders (default: scenarios/)");
  AddRunOptions(*run_cmd, run);

  std::vector<std::string> validate_paths;
  CLI::App* validate_cmd = app.add_subcommand("validate", "Check scenario files without running");
  validate_cmd->add_option("paths", validate_paths, "Scenario files or folders")->required();

  ManualCheckArgs check;
  CLI::App* check_cmd = app.add_subcommand(
      "manual-check", "Check that the portal still matches the manual (exit 1 on drift)");
  check_cmd->add_option("--manual", check.manual, "The manual as data (fixtures/manual/*.yaml)")
      ->required();
  check_cmd->add_option("paths", check.run.paths,
                        "Scenario files or folders to run first (default: scenarios/), "
                        "or a finished run's report.json or run folder");
  AddRunOptions(*check_cmd, check.run);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    out << app.help();
    return kExitPassed;
  } catch (const CLI::ParseError& e) {
    err << "proofup: " << e.what() << "\n";
    if (!app.get_subcommands().empty()) err << app.get_subcommands().front()->help();
    return kExitUsage;
  }
  if (run_cmd->parsed()) {
    if (run.paths.empty()) run.paths = {"scenarios"};
    return RunCommand(run, out, err);
  }
  if (check_cmd->parsed()) {
    if (check.run.paths.empty()) check.run.paths = {"scenarios"};
    return ManualCheckCommand(check, out, err);
  }
  return ValidateCommand(validate_paths, out, err);
}

}  // namespace proofup::cli
