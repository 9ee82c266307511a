// The option table of `proofup run` (and `proofup manual-check`).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>

#include "harness/cli/run_command.h"
#include "harness/cli/suggest.h"

namespace proofup::cli {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

std::string VariantList() {
  std::string list;
  for (const auto& v : MockVariants()) list += (list.empty() ? "" : ", ") + v;
  return list;
}

// A repeatable option that takes exactly one value per occurrence, so that
// `--tag nl scenarios/x.yaml` leaves the file to the positional arguments.
CLI::Option* Repeatable(CLI::App& command, const std::string& name, std::vector<std::string>& into,
                        const std::string& description) {
  return command.add_option(name, into, description)
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->type_name("TEXT");
}

// <prefix>/share/proofup of an installed proofup, found from its own
// executable; "" when running from a build tree.
std::string InstalledDataDir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  fs::path share = exe.parent_path().parent_path() / "share" / "proofup";
  return fs::is_directory(share / "mock-idp" / "catalogs", ec) ? share.string() : "";
}

}  // namespace

void ApplyInstalledDefaults(RunArgs& args) {
  const std::string share = InstalledDataDir();
  if (share.empty()) return;
  std::error_code ec;
  args.mock_data_dir = share + "/mock-idp";
  if (args.users == RunArgs().users && !fs::exists(args.users, ec))
    args.users = share + "/fixtures/users.yaml";
  if (args.paths == std::vector<std::string>{"scenarios"} && !fs::exists("scenarios", ec))
    args.paths = {share + "/scenarios"};
}

const std::vector<std::string>& MockVariants() {
  static const std::vector<std::string> variants = SplitCommas(PROOFUP_MOCK_VARIANTS);
  return variants;
}

std::string CheckRunArgs(const RunArgs& args) {
  if (!args.webdriver.empty() && args.browser != "chromium")
    return "--webdriver drives Chromium through a WebDriver server: give --browser chromium too";
  if (!args.webdriver.empty() && !args.ca_file.empty() && !args.insecure)
    return "--ca-file cannot be given to a browser behind --webdriver (it runs on the WebDriver "
           "server's machine): trust the CA there, or use --insecure";
  if (args.mock_variant.empty()) return "";
  const auto& known = MockVariants();
  if (std::find(known.begin(), known.end(), args.mock_variant) != known.end()) return "";
  return "unknown --mock-variant \"" + args.mock_variant + "\"" +
         DidYouMean(args.mock_variant, known) + " (valid: " + VariantList() + ")";
}

void AddTargetFileOption(CLI::App& command, RunArgs& args) {
  command
      .add_option("--target-file", args.target_file,
                  "A target profile (YAML: URL, TLS, users, SMS source, what the portal offers)")
      ->type_name("FILE")
      ->envname("PROOFUP_TARGET_FILE");
}

void AddVariableOptions(CLI::App& command, RunArgs& args) {
  Repeatable(command, "--var", args.vars, "Set a variable: name=value (repeatable)")
      ->type_name("NAME=VALUE");
  Repeatable(command, "--before", args.before,
             "Run CMD (no shell) before the first scenario; its key=value or JSON output are "
             "variables (secrets) of every scenario (repeatable)")
      ->type_name("CMD");
  Repeatable(command, "--after", args.after,
             "Run CMD (no shell) after the last scenario, also after a failure or Ctrl-C "
             "(repeatable)")
      ->type_name("CMD");
  Repeatable(command, "--hook-var", args.hook_vars,
             "A variable the --before hooks print that scenarios use (repeatable)")
      ->type_name("NAME");
  command
      .add_option("--variables-file", args.variables_file,
                  "Variables as name=value lines (# comments); --var overrides")
      ->type_name("FILE")
      ->envname("PROOFUP_VARIABLES_FILE");
}

void AddScenarioLoadOptions(CLI::App& command, RunArgs& args) {
  command
      .add_option("--max-steps", args.max_steps, "Most steps a scenario may have after includes")
      ->capture_default_str();
  command
      .add_option("--max-scenario-bytes", args.max_scenario_bytes,
                  "Largest scenario or group file read (e.g. 4MB)")
      ->transform(CLI::AsSizeValue(false))
      ->capture_default_str();
  Repeatable(command, "--allow-include-dir", args.allow_include_dirs,
             "Also allow includes from this folder (repeatable; default: the scenario's folder)")
      ->type_name("DIR");
}

void AddRunOptions(CLI::App& command, RunArgs& args) {
  command
      .add_option("--target", args.target,
                  "Base URL of a running portal (default: start the bundled mock-idp)")
      ->envname("PROOFUP_TARGET");
  AddTargetFileOption(command, args);
  command.add_option("--admin-token", args.admin_token, "The target's control-API token")
      ->envname("PROOFUP_ADMIN_TOKEN");
  command
      .add_option("--mock-variant", args.mock_variant,
                  "Start the bundled mock-idp as this variant: " + VariantList())
      ->envname("PROOFUP_MOCK_VARIANT");
  command.add_option("--users", args.users, "Users file")
      ->capture_default_str()
      ->each([&args](const std::string&) { args.users_given = true; })
      ->envname("PROOFUP_USERS");
  command.add_option("--reports", args.reports, "Reports folder (a run folder per run, + latest)")
      ->capture_default_str()
      ->envname("PROOFUP_REPORTS");
  command.add_option("--report-junit", args.report_junit, "Also write JUnit XML to FILE")
      ->type_name("FILE");
  command.add_option("--report-json", args.report_json, "Also write the JSON report to FILE")
      ->type_name("FILE");
  command.add_option("--report-html", args.report_html, "Also write the HTML report into DIR")
      ->type_name("DIR");
  command.add_option("-j,--workers", args.workers, "Scenarios run in parallel")
      ->check(CLI::Range(1, 64))
      ->capture_default_str()
      ->envname("PROOFUP_WORKERS");
  command.add_option("--retries", args.retries, "Extra attempts for a failed scenario (flaky)")
      ->check(CLI::Range(0, 10))
      ->capture_default_str()
      ->envname("PROOFUP_RETRIES");
  command.add_option("--timeout", args.timeout_s, "Seconds a step may take")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str()
      ->envname("PROOFUP_TIMEOUT");
  command
      .add_option("-x,--max-failures", args.max_failures,
                  "Stop after N failed scenarios (the rest: not run)")
      ->check(CLI::Range(0, 100000))
      ->type_name("N");
  command.add_option("-g,--grep", args.grep, "Only scenarios whose name matches this regex")
      ->type_name("REGEX");
  command.add_flag("--grep-invert", args.grep_invert,
                   "Only scenarios whose name does NOT match --grep");
  Repeatable(command, "--tag", args.tags, "Only scenarios with this tag (repeatable: any of them)");
  AddVariableOptions(command, args);
  command
      .add_option("--shard", args.shard,
                  "Run only the i-th of n parts of the selected scenarios (e.g. 2/4)")
      ->type_name("I/N")
      ->envname("PROOFUP_SHARD");
  command
      .add_option("--shard-timings", args.shard_timings,
                  "Balance the parts by the durations in an earlier run's timings.json")
      ->type_name("FILE")
      ->envname("PROOFUP_SHARD_TIMINGS");
  command.add_flag("--list", args.list, "Print the scenarios that would run (file:line) and stop");
  command.add_flag("--last-failed", args.last_failed,
                   "Only the scenarios that failed in the previous run (<reports>/latest)");
  command.add_option("--ca-file", args.ca_file, "Extra CA certificate (PEM) to trust")
      ->envname("PROOFUP_CA_FILE");
  command
      .add_option("--browser", args.browser,
                  "Browser backend: http (libcurl, no JavaScript) or chromium (headless)")
      ->check(CLI::IsMember({"http", "chromium"}))
      ->envname("PROOFUP_BROWSER")
      ->capture_default_str()
      ->each([&args](const std::string&) { args.browser_given = true; });
  command
      .add_option("--webdriver", args.webdriver,
                  "With --browser chromium: drive Chromium through this W3C WebDriver server "
                  "(chromedriver or a Selenium Grid hub) instead of the DevTools pipe")
      ->type_name("URL")
      ->envname("PROOFUP_WEBDRIVER");
  command
      .add_option("--webdriver-prepare", args.webdriver_prepare,
                  "With --webdriver: make the next scenario's session while one runs. auto: only "
                  "for a server on another machine (on loopback its browser start slows the "
                  "running scenario)")
      ->check(CLI::IsMember({"auto", "on", "off"}))
      ->capture_default_str();
  command.add_flag("--insecure", args.insecure, "Do not verify TLS certificates");
  command.add_option("--max-page-size", args.max_page_size, "Largest page accepted (e.g. 20MB)")
      ->transform(CLI::AsSizeValue(false))
      ->capture_default_str();
  command
      .add_option("--max-resource-size", args.max_resource_size,
                  "Largest image or stylesheet accepted (e.g. 10MB)")
      ->transform(CLI::AsSizeValue(false))
      ->capture_default_str();
  command
      .add_option("--max-step-text", args.max_step_text,
                  "Page text kept per step in the reports (e.g. 256KB)")
      ->transform(CLI::AsSizeValue(false))
      ->capture_default_str();
  AddScenarioLoadOptions(command, args);
  command.add_flag("--show-secrets", args.show_secrets,
                   "Keep secrets and the QR image in reports (never in CI)");
  command.add_flag("--no-color", args.no_color,
                   "No colours (default: colours on a terminal unless NO_COLOR is set)");
}

}  // namespace proofup::cli
