// Internal to the runner: running `before:` / `after:` hooks (scenario and
// run level) and turning what they print into variables. A hook's result is
// a StepResult (action "hook.before" / "hook.after"), so every report shows
// it with its time like a step.
#ifndef PROOFUP_RUNNER_HOOKS_H_
#define PROOFUP_RUNNER_HOOKS_H_

#include <atomic>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/base/status.h"
#include "harness/result/result.h"
#include "harness/runner/runner.h"
#include "harness/runner/secret_mask.h"
#include "harness/scenario/scenario.h"

namespace proofup::runner {

using HookVariables = std::vector<std::pair<std::string, std::string>>;

// What a hook printed on stdout: a JSON object (strings as they are, numbers
// and booleans as JSON writes them, null as "") or key=value lines (blank
// lines and # comments skipped; names of letters, digits, '_', '-', '.';
// blanks around name and value dropped).
// Nothing printed: no variables. Failure (kParseError) says which line or
// what JSON problem, never a value (it may be a secret).
StatusOr<HookVariables> ParseHookOutput(std::string_view output);

struct HookContext {
  std::string when;                              // "before" or "after"
  std::string working_dir;                       // the scenario's or profile's folder; "" = current
  std::vector<std::string> env;                  // "PROOFUP_...=value" entries for the hook
  scenario::VariableLookup lookup;               // for the ${...} in its command and env
  const std::atomic<bool>* cancelled = nullptr;  // stops it early (before hooks only)
};

// Runs `hook` and fills `step` (description, duration, outcome, failure,
// observed_text naming the variables it set, masked with `mask` plus the new
// secrets). Success: the variables it printed; the values not declared
// `public` are added to `mask`. Failure (a non-zero exit, a signal, the
// timeout, a cancel, output that is not JSON or key=value, a declared
// variable missing, a ${...} that cannot be substituted): the message names
// the command, its location, the exit status and the last lines of its
// stderr, masked. Thread-safe for distinct arguments.
StatusOr<HookVariables> RunHook(const scenario::Hook& hook, const HookContext& context,
                                SecretMask& mask, StepResult& step);

// The StepResult of a hook that has not run (yet): its location and description.
StepResult UnrunHookStep(const scenario::Hook& hook, std::string_view when);

// Runs run-level `hooks` (RunOptions::before/after) into `steps` (one each,
// appended), with PROOFUP_HOOK, PROOFUP_TARGET and, for after hooks,
// PROOFUP_OUTCOME (`outcome`) in their environment. Before hooks stop at the
// first failure; after hooks all run. Their variables are appended to `vars`.
// Returns the first failure.
Status RunRunHooks(const std::vector<scenario::Hook>& hooks, const char* when,
                   const RunOptions& options, const std::string& outcome, SecretMask& mask,
                   std::vector<StepResult>& steps, HookVariables& vars);

}  // namespace proofup::runner

#endif  // PROOFUP_RUNNER_HOOKS_H_
