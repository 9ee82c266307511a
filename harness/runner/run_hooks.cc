// Where hooks run: around a scenario (ScenarioRun) and around the whole run.
#include <filesystem>

#include "harness/base/env_reference.h"
#include "harness/runner/hooks.h"
#include "harness/runner/scenario_run.h"

namespace proofup::runner {
namespace {

std::string FolderOf(const std::string& file) {
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(file, ec);
  return ec ? "" : abs.parent_path().string();
}

}  // namespace

Status ScenarioRun::RunHooks(const std::vector<scenario::Hook>& hooks, const char* when,
                             ScenarioResult& result, size_t first, const std::string& outcome) {
  HookContext context;
  context.when = when;
  context.working_dir = FolderOf(scenario_.file);
  // What a reset script usually needs; secrets (the password) only when the
  // scenario hands them over explicitly, with the hook's `env:`.
  context.env = {
      "PROOFUP_HOOK=" + context.when,
      "PROOFUP_TARGET=" + options_.target,
      "PROOFUP_SCENARIO=" + scenario_.name,
      "PROOFUP_SCENARIO_FILE=" + scenario_.file,
      "PROOFUP_USER=" + (user_ ? user_->username : scenario_.user.username),
      "PROOFUP_PHONE_NUMBER=" + (phone_ ? phone_->sim().number() : scenario_.phone.number)};
  if (context.when == "after") context.env.push_back("PROOFUP_OUTCOME=" + outcome);
  context.lookup = [this](std::string_view n) { return Lookup(n); };
  // Ctrl-C stops a before hook; an after hook is the clean-up and runs on.
  if (context.when == "before") context.cancelled = options_.cancelled;
  Status first_failure;
  for (size_t k = 0; k < hooks.size(); ++k) {
    if (context.when == "before" && options_.cancelled && options_.cancelled->load()) break;
    StepResult& step = result.steps[first + k];
    auto vars = RunHook(hooks[k], context, mask_, step);
    listener_.OnStepDone(scenario_, step, result.steps.size());
    if (!vars.ok()) {
      if (first_failure.ok()) first_failure = vars.status();
      if (context.when == "before") break;
      continue;
    }
    for (const auto& [name, value] : *vars) vars_[name] = value;  // masked by RunHook
  }
  return first_failure;
}

Status RunRunHooks(const std::vector<scenario::Hook>& hooks, const char* when,
                   const RunOptions& options, const std::string& outcome, SecretMask& mask,
                   std::vector<StepResult>& steps, HookVariables& vars) {
  HookContext context;
  context.when = when;
  context.env = {"PROOFUP_HOOK=" + context.when, "PROOFUP_TARGET=" + options.target};
  if (context.when == "after") context.env.push_back("PROOFUP_OUTCOME=" + outcome);
  context.lookup = [&options, &vars](std::string_view name) -> std::optional<std::string> {
    for (const auto& [n, v] : vars)
      if (n == name) return v;
    if (auto it = options.vars.find(std::string(name)); it != options.vars.end()) return it->second;
    if (name == "target") return options.target;
    if (name.rfind("env.", 0) == 0) return ProcessEnvironment()(name.substr(4));
    return std::nullopt;
  };
  if (context.when == "before") context.cancelled = options.cancelled;
  Status first_failure;
  for (const scenario::Hook& hook : hooks) {
    if (context.when == "before" && options.cancelled && options.cancelled->load()) break;
    context.working_dir = hook.where.file.empty() ? "" : FolderOf(hook.where.file);
    steps.push_back(UnrunHookStep(hook, when));
    steps.back().index = static_cast<int>(steps.size());
    auto printed = RunHook(hook, context, mask, steps.back());
    if (!printed.ok()) {
      if (first_failure.ok()) first_failure = printed.status();
      if (context.when == "before") break;
      continue;
    }
    vars.insert(vars.end(), printed->begin(), printed->end());
  }
  return first_failure;
}

}  // namespace proofup::runner
