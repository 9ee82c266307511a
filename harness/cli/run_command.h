// Internal to the cli module: running scenarios, shared by `proofup run` and
// `proofup manual-check` (which runs them first when given scenarios).
#ifndef PROOFUP_CLI_RUN_COMMAND_H_
#define PROOFUP_CLI_RUN_COMMAND_H_

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "harness/result/result.h"
#include "harness/scenario/scenario.h"

namespace CLI {
class App;
}

namespace proofup::cli {

struct RunArgs {
  std::vector<std::string> paths;
  std::string target;
  std::string admin_token;
  std::string users = "fixtures/users.yaml";
  std::string reports = "reports";
  std::string mock_variant;
  std::string browser = "http";
  int workers = 1;
  int retries = 0;
  double timeout_s = 10;
  std::string grep;
  std::vector<std::string> tags;
  std::vector<std::string> vars;
  std::string ca_file;
  bool insecure = false;
  bool show_secrets = false;
};
// Registers the options of `run` (target, mock variant, reports, ...) on `command`.
void AddRunOptions(CLI::App& command, RunArgs& args);

struct RunOutcome {
  int exit_code = 2;                 // ExitCode of the run (kExitUsage when it could not start)
  std::optional<RunResult> run;      // set once the scenarios were loaded and a run folder made
  std::string run_dir;               // reports/<run id>; empty when none was made
  std::vector<std::string> manuals;  // distinct Scenario::manual_path of the loaded scenarios
};

// Loads, runs and reports the scenarios of `args` (reports/<id>/ junit.xml,
// report.json, index.html), printing progress to `err` and the summary to
// `out`. Never throws; problems are printed and reflected in exit_code.
RunOutcome RunScenarios(const RunArgs& args, std::ostream& out, std::ostream& err);

// Prints scenario diagnostics, one formatted block per line.
void PrintDiagnostics(const std::vector<scenario::Diagnostic>& diagnostics, std::ostream& err);

}  // namespace proofup::cli

#endif  // PROOFUP_CLI_RUN_COMMAND_H_
