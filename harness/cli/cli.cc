#include "harness/cli/cli.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <ostream>

#include "harness/cli/init_command.h"
#include "harness/cli/man_page.h"
#include "harness/cli/manual_build_command.h"
#include "harness/cli/manual_command.h"
#include "harness/cli/run_command.h"
#include "harness/cli/shard_selection.h"
#include "harness/cli/sms_gateway_command.h"
#include "harness/cli/suggest.h"
#include "harness/cli/validate_command.h"

namespace proofup::cli {
namespace {

// `proofup run`: the run's exit code; the manual check only adds reports and a line.
int RunCommand(const RunArgs& args, std::ostream& out, std::ostream& err) {
  RunOutcome outcome = RunScenarios(args, out, err);
  CheckManualsAfterRun(outcome, out, err);
  return outcome.exit_code;
}

constexpr const char* kExitCodes =
    "Exit codes:\n"
    "  0  every scenario passed (flaky counts as passed)\n"
    "  1  a scenario failed, errored or did not run (e.g. interrupted), or a run-level\n"
    "     before/after hook failed\n"
    "  2  usage error or a bad scenario / users / manual file\n"
    "  3  the target could not be reached or started\n";

std::string RunFooter() {
  std::string variants;
  for (const auto& v : MockVariants()) variants += "  " + v + "\n";
  return std::string("Mock-idp variants (--mock-variant):\n") + variants + "\n" + kExitCodes;
}

std::vector<std::string> CommandNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    names.push_back(sub->get_name());
  return names;
}

std::vector<std::string> OptionNames(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* o : command.get_options()) {
    for (const auto& n : o->get_lnames()) names.push_back("--" + n);
    for (const auto& n : o->get_snames()) names.push_back("-" + n);
  }
  return names;
}

// An unknown option left over by CLI11 (extras are allowed so we can name it).
int UnknownOption(const CLI::App& command, const std::string& arg, std::ostream& err) {
  std::string name = arg.substr(0, arg.find('='));
  err << "proofup " << command.get_name() << ": unknown option \"" << name << "\""
      << DidYouMean(name, OptionNames(command)) << "\n"
      << "see: proofup help " << command.get_name() << "\n";
  return kExitUsage;
}

// CLI11 names the option also when its value came from its PROOFUP_*
// environment variable; then say which variable (never its value: a token).
std::string FromEnvironment(const CLI::App& command, const std::string& message, int argc,
                            char** argv) {
  for (const CLI::Option* o : command.get_options()) {
    const std::string& env = o->get_envname();
    if (env.empty() || std::getenv(env.c_str()) == nullptr) continue;
    std::vector<std::string> names;
    for (const auto& n : o->get_lnames()) names.push_back("--" + n);
    for (const auto& n : o->get_snames()) names.push_back("-" + n);
    if (names.empty() || message.rfind(names.front() + ":", 0) != 0) continue;
    bool given = false;
    for (int i = 1; i < argc; ++i)
      for (const std::string& n : names) given = given || std::string(argv[i]).rfind(n, 0) == 0;
    if (!given) return " (from the environment variable " + env + ")";
  }
  return "";
}

int UnknownCommand(const CLI::App& app, const std::string& word, std::ostream& err) {
  err << "proofup: unknown command \"" << word << "\"" << DidYouMean(word, CommandNames(app))
      << "\n\n"
      << app.help();
  return kExitUsage;
}

// `proofup help [command]`.
int HelpCommand(CLI::App& app, const std::string& topic, std::ostream& out, std::ostream& err) {
  if (topic.empty()) {
    out << app.help();
    return kExitPassed;
  }
  for (CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_name() == topic) {
      out << sub->help();
      return kExitPassed;
    }
  }
  return UnknownCommand(app, topic, err);
}

}  // namespace

int RunCli(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"proofup: proves an MFA enrollment portal still works the way its manual says",
               "proofup"};
  app.set_version_flag("--version", std::string("proofup ") + PROOFUP_VERSION);
  app.footer(kExitCodes);
  app.allow_extras();
  app.require_subcommand(0, 1);
  RunArgs run;
  CLI::App* run_cmd = app.add_subcommand("run", "Run scenarios against a portal");
  run_cmd->add_option("paths", run.paths, "Scenario files or folders (default: scenarios/)");
  AddRunOptions(*run_cmd, run);
  run_cmd->footer(RunFooter());

  RunArgs validate;
  CLI::App* validate_cmd = app.add_subcommand("validate", "Check scenario files without running");
  AddValidateOptions(*validate_cmd, validate);

  ManualCheckArgs check;
  CLI::App* check_cmd = app.add_subcommand(
      "manual-check", "Check that the portal still matches the manual (exit 1 on drift)");
  check_cmd->add_option("--manual", check.manual, "The manual as data (fixtures/manual/*.yaml)")
      ->required();
  check_cmd->add_option("paths", check.run.paths,
                        "Scenario files or folders to run first (default: scenarios/), "
                        "or a finished run's report.json or run folder");
  check_cmd->add_flag("--update", check.update,
                      "Write the labels and order the portal shows now into the manual file "
                      "(comments kept) and print the diff");
  AddRunOptions(*check_cmd, check.run);
  check_cmd->footer(RunFooter());

  ManualBuildArgs build;
  CLI::App* manual_cmd = app.add_subcommand("manual", "Documentation: rebuild the manual");
  manual_cmd->require_subcommand(1);
  CLI::App* build_cmd = manual_cmd->add_subcommand(
      "build", "Rebuild the manual (HTML and PDF) with fresh Chromium screenshots of every step");
  build_cmd->add_option("--manual", build.manual, "The manual as data (fixtures/manual/*.yaml)")
      ->required();
  build_cmd->add_option("--out", build.out, "Folder for manual.html, manual.pdf and step-NN.png")
      ->capture_default_str();
  build_cmd
      ->add_option("--pixel-threshold", build.pixel_threshold,
                   "Share of pixels that may differ before a screenshot is rewritten")
      ->capture_default_str();
  build_cmd->add_option("--window", build.window, "Window size of the screenshots in CSS pixels")
      ->type_name("WIDTHxHEIGHT");
  build_cmd->add_option("--scale", build.scale, "Device scale factor (2: sharp for print)")
      ->capture_default_str();
  build_cmd
      ->add_option("--crop", build.crop,
                   "window: the whole window; dialog: the card around the element to act on")
      ->capture_default_str();
  build_cmd->add_option("paths", build.run.paths,
                        "Scenario files or folders that walk the manual (default: scenarios/)");
  AddRunOptions(*build_cmd, build.run);

  InitArgs init;
  CLI::App* init_cmd =
      app.add_subcommand("init", "Write a starter scenario and users file for a new portal");
  init_cmd->add_option("dir", init.dir, "Folder to write into")->capture_default_str();
  init_cmd->add_option("--target", init.target, "The portal's URL (for the hints)");

  SmsGatewayArgs gateway;
  CLI::App* gateway_cmd = app.add_subcommand(
      "sms-gateway", "Receive SMS as a Twilio-compatible API and deliver them to proofup's inbox");
  gateway_cmd->add_option("--listen", gateway.listen, "HOST:PORT to listen on (port 0: a free one)")
      ->capture_default_str();
  gateway_cmd
      ->add_option("--inbox", gateway.inbox,
                   "Append every message to FILE (the \"file\" SMS source reads it)")
      ->type_name("FILE");

  MergeArgs merge;
  CLI::App* merge_cmd = app.add_subcommand(
      "merge-reports", "Merge the run folders of shards (and their retries) into one run");
  merge_cmd
      ->add_option("dirs", merge.dirs,
                   "Run folders, or reports folders holding them (their `latest` is skipped)")
      ->type_name("RUN_DIR")
      ->required();
  merge_cmd->add_option("--out", merge.out, "Folder for the merged run")
      ->type_name("DIR")
      ->required();
  merge_cmd->footer(
      "Exit codes: 0 every merged scenario passed, 1 one failed or did not run, 2 the folders\n"
      "cannot be merged (different proofup versions or scenario sets, overlapping or missing\n"
      "shards).\n");

  std::string help_topic;
  bool man_page = false;
  CLI::App* help_cmd = app.add_subcommand("help", "Show the commands, or one command's options");
  help_cmd->add_option("command", help_topic, "The command to explain");
  help_cmd->add_flag("--man", man_page,
                     "Print proofup(1), every command's options, as a troff man page");

  for (CLI::App* sub : {run_cmd, validate_cmd, check_cmd, manual_cmd, build_cmd, init_cmd,
                        gateway_cmd, merge_cmd, help_cmd})
    sub->allow_extras();

  if (argc < 2) {
    err << app.help();
    return kExitUsage;
  }
  if (argv[1][0] != '-') {
    auto names = CommandNames(app);
    if (std::find(names.begin(), names.end(), argv[1]) == names.end())
      return UnknownCommand(app, argv[1], err);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    auto parsed = app.get_subcommands();
    out << (parsed.empty() ? app.help() : parsed.front()->help());
    return kExitPassed;
  } catch (const CLI::CallForVersion&) {
    out << "proofup " << PROOFUP_VERSION << "\n";
    return kExitPassed;
  } catch (const CLI::ParseError& e) {
    auto parsed = app.get_subcommands();
    err << "proofup: " << e.what()
        << (parsed.empty() ? "" : FromEnvironment(*parsed.front(), e.what(), argc, argv)) << "\n";
    if (!parsed.empty()) err << "see: proofup help " << parsed.front()->get_name() << "\n";
    return kExitUsage;
  }
  for (CLI::App* command : {&app, run_cmd, validate_cmd, check_cmd, manual_cmd, build_cmd, init_cmd,
                            gateway_cmd, merge_cmd, help_cmd})
    for (const std::string& extra : command->remaining())
      if (!extra.empty() && extra[0] == '-') return UnknownOption(*command, extra, err);
  if (help_cmd->parsed() && man_page) {
    out << ManPage(app, PROOFUP_VERSION);
    return kExitPassed;
  }
  if (help_cmd->parsed()) return HelpCommand(app, help_topic, out, err);
  if (run_cmd->parsed()) {
    if (run.paths.empty()) run.paths = {"scenarios"};
    ApplyInstalledDefaults(run);
    return RunCommand(run, out, err);
  }
  if (check_cmd->parsed()) {
    if (check.run.paths.empty()) check.run.paths = {"scenarios"};
    ApplyInstalledDefaults(check.run);
    return ManualCheckCommand(check, out, err);
  }
  if (build_cmd->parsed()) {
    if (build.run.paths.empty()) build.run.paths = {"scenarios"};
    ApplyInstalledDefaults(build.run);
    return ManualBuildCommand(build, out, err);
  }
  if (init_cmd->parsed()) return InitCommand(init, out, err);
  if (gateway_cmd->parsed()) return SmsGatewayCommand(gateway, SmsGatewayExecutable(), out, err);
  if (merge_cmd->parsed()) return MergeReportsCommand(merge, out, err);
  if (validate_cmd->parsed()) return ValidateCommand(validate, out, err);
  err << app.help();
  return kExitUsage;
}

}  // namespace proofup::cli
