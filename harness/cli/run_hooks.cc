#include "harness/cli/run_hooks.h"

#include "harness/base/command_words.h"

namespace proofup::cli {

std::string CollectRunHooks(const RunArgs& args,
                            const std::optional<runner::TargetProfile>& profile,
                            runner::RunOptions& options) {
  if (profile) {
    options.before = profile->before;
    options.after = profile->after;
  }
  for (const auto& [flag, texts, into] : {std::tuple{"--before", &args.before, &options.before},
                                          std::tuple{"--after", &args.after, &options.after}}) {
    for (const std::string& text : *texts) {
      auto words = SplitCommandWords(text);
      if (!words.ok()) return std::string(flag) + " \"" + text + "\": " + words.status().message();
      if (words->empty()) return std::string(flag) + " needs a command";
      scenario::Hook hook;
      hook.command = std::move(*words);
      if (std::string(flag) == "--before") hook.sets = args.hook_vars;
      into->push_back(std::move(hook));
    }
  }
  if (!args.hook_vars.empty() && args.before.empty())
    return "--hook-var names what a --before hook prints; give --before too";
  return "";
}

std::vector<std::string> RunHookVariables(const RunArgs& args,
                                          const std::optional<runner::TargetProfile>& profile) {
  std::vector<std::string> names = args.hook_vars;
  if (profile)
    for (const scenario::Hook& hook : profile->before)
      for (const auto* declared : {&hook.sets, &hook.public_vars})
        names.insert(names.end(), declared->begin(), declared->end());
  return names;
}

bool ReportRunHooks(const RunResult& run, std::ostream& out) {
  bool failed = false;
  for (const auto* phase : {&run.setup, &run.teardown})
    for (const StepResult& hook : *phase)
      if (hook.outcome == Outcome::kFailed) {
        failed = true;
        out << "proofup: the run's " << hook.failure
            << (phase == &run.setup ? " (no scenario ran)" : "") << "\n";
      }
  return failed;
}

}  // namespace proofup::cli
