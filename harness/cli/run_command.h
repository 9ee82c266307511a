// Internal to the cli module: running scenarios, shared by `proofup run` and
// `proofup manual-check` (which runs them first when given scenarios).
#ifndef PROOFUP_CLI_RUN_COMMAND_H_
#define PROOFUP_CLI_RUN_COMMAND_H_

#include <future>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "harness/manual/manual.h"
#include "harness/result/result.h"
#include "harness/runner/runner.h"
#include "harness/scenario/scenario.h"

namespace CLI {
class App;
}

namespace proofup::cli {

struct RunArgs {
  std::vector<std::string> paths;
  std::string target;
  std::string target_file;  // --target-file: a target profile (runner/target_profile.h)
  std::string admin_token;
  std::string users = "fixtures/users.yaml";
  // --users / --browser given (on the command line or through their environment
  // variable), even with the default's value: a target profile then keeps out.
  bool users_given = false;
  bool browser_given = false;
  std::string reports = "reports";
  std::string mock_variant;
  std::string browser = "http";
  std::string webdriver;  // --webdriver URL: Chromium through this WebDriver server
  std::string webdriver_prepare = "auto";  // --webdriver-prepare auto|on|off
  int workers = 1;
  int retries = 0;
  double timeout_s = 10;
  std::string grep;
  bool grep_invert = false;  // --grep-invert: skip the scenarios whose name matches
  std::vector<std::string> tags;
  std::vector<std::string> vars;
  std::vector<std::string> before;     // --before CMD: run-level hooks (words, no shell)
  std::vector<std::string> after;      // --after CMD
  std::vector<std::string> hook_vars;  // --hook-var NAME: what the --before hooks print
  std::string variables_file;          // name=value lines, overridden by --var
  std::string ca_file;
  bool insecure = false;
  bool show_secrets = false;
  size_t max_page_size = 10 * 1024 * 1024;      // --max-page-size
  size_t max_resource_size = 5 * 1024 * 1024;   // --max-resource-size
  size_t max_step_text = 64 * 1024;             // --max-step-text
  size_t max_steps = 10000;                     // --max-steps (after includes)
  size_t max_scenario_bytes = 1 << 20;          // --max-scenario-bytes
  std::vector<std::string> allow_include_dirs;  // --allow-include-dir (repeatable)
  bool list = false;                            // print what would run (file:line name) and stop
  bool last_failed = false;  // only the scenarios that failed in <reports>/latest
  int max_failures = 0;      // stop after this many failed scenarios; 0 = never
  bool no_color = false;
  std::string report_junit;  // extra fixed paths for CI, besides the run folder
  std::string report_json;
  std::string report_html;    // a folder (index.html and the screens it links)
  std::string mock_data_dir;  // catalogs/ and templates/ of the bundled mock-idp; "" = its own
  std::string shard;          // --shard i/n: only the i-th of n parts (shard_selection.h)
  std::string shard_timings;  // --shard-timings: a timings.json to balance the parts by
  // Walk past drift (runner::RunOptions::survey); manual-check sets it.
  bool survey = false;
  // Frame the next step's element in screenshots (manual build).
  bool outline_targets = false;
  runner::ScreenshotLayout screenshots;  // manual build: --window, --scale, --crop, sample QR
};
// Registers the options of `run` (target, mock variant, reports, ...) on
// `command`, with their PROOFUP_* environment variables. The one table of
// options: `proofup help run` and README's option list come from it.
void AddRunOptions(CLI::App& command, RunArgs& args);
// Parts of that table that `proofup validate` shares: --target-file, the
// options that define variables (--var, --variables-file, --before, --after,
// --hook-var), and how scenario files are read (--max-steps,
// --max-scenario-bytes, --allow-include-dir). AddRunOptions registers them too.
void AddTargetFileOption(CLI::App& command, RunArgs& args);
void AddVariableOptions(CLI::App& command, RunArgs& args);
void AddScenarioLoadOptions(CLI::App& command, RunArgs& args);

// --variables-file, then each --var over it, into `vars`. False (after
// printing why to `err`, with file:line) on an unreadable file or a bad line.
bool ReadVariables(const RunArgs& args, std::map<std::string, std::string>& vars,
                   std::ostream& err);

// The bundled mock-idp's variants (mock-idp/catalogs/*.variant.yaml at build time).
const std::vector<std::string>& MockVariants();

// For an installed proofup (<prefix>/bin/proofup with <prefix>/share/proofup/):
// the mock-idp's data from there, and the users file and scenarios/ from there
// when the defaults are not in the current folder. No-op in a build tree.
void ApplyInstalledDefaults(RunArgs& args);

// Checks what CLI11 cannot: a known --mock-variant. Returns "" or the usage error.
std::string CheckRunArgs(const RunArgs& args);

// A manual file as loaded for the check after a run: the manual, or what
// LoadManualOrExplain would have printed on the error stream instead.
struct LoadedManual {
  std::optional<manual::Manual> manual;
  std::string explained;
};

struct RunOutcome {
  int exit_code = 2;                 // ExitCode of the run (kExitUsage when it could not start)
  std::optional<RunResult> run;      // set once the scenarios were loaded and a run folder made
  std::string run_dir;               // reports/<run id>; empty when none was made
  std::vector<std::string> manuals;  // distinct Scenario::manual_path of the loaded scenarios
  // The manuals of `manuals`, loaded on a thread while the scenarios run
  // (LoadManualsAsync, manual_command.h); CheckManualsAfterRun takes them.
  std::future<std::vector<LoadedManual>> manuals_loading;
  std::jthread portal_stopping;   // stops the bundled mock-idp; joined when destroyed
  std::jthread browser_stopping;  // stops the Chromium launched early; joined when destroyed
};

// Loads, runs and reports the scenarios of `args` (reports/<id>/ junit.xml,
// report.json, index.html), printing progress to `err` and the summary to
// `out`. Never throws; problems are printed and reflected in exit_code.
RunOutcome RunScenarios(const RunArgs& args, std::ostream& out, std::ostream& err);

// The exit code for finished results: kExitFailed when a scenario failed,
// errored or did not run; kExitPassed otherwise (flaky and skipped pass).
int ExitCodeOf(const RunResult& run);

// Prints scenario diagnostics, one formatted block per line.
void PrintDiagnostics(const std::vector<scenario::Diagnostic>& diagnostics, std::ostream& err);

}  // namespace proofup::cli

#endif  // PROOFUP_CLI_RUN_COMMAND_H_
