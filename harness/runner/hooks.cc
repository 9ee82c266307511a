#include "harness/runner/hooks.h"

#include <cctype>
#include <chrono>
#include <nlohmann/json.hpp>

#include "harness/base/counted.h"
#include "harness/base/env_reference.h"
#include "harness/process/process.h"

namespace proofup::runner {
namespace {

constexpr size_t kStderrLines = 8;  // of a failed hook's stderr, in its failure message

bool IsVariableName(std::string_view name) {
  bool ok = !name.empty();
  for (char c : name)
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.');
  return ok;
}

std::string Trim(std::string_view text) {
  size_t a = text.find_first_not_of(" \t\r\n"), b = text.find_last_not_of(" \t\r\n");
  return a == std::string_view::npos ? "" : std::string(text.substr(a, b - a + 1));
}

// The last lines of `text`, each indented, for a failure message.
std::string LastLines(const std::string& text, size_t count) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (std::string line = Trim(text.substr(start, end - start)); !line.empty())
      lines.push_back(line);
    start = end + 1;
  }
  std::string out;
  for (size_t i = lines.size() > count ? lines.size() - count : 0; i < lines.size(); ++i)
    out += "\n  " + lines[i];
  return out;
}

std::string Seconds(std::chrono::milliseconds d) {
  return d.count() % 1000 == 0 ? std::to_string(d.count() / 1000) + " s"
                               : std::to_string(d.count()) + " ms";
}

std::string Location(const scenario::SourceLocation& where) {
  if (where.file.empty()) return "";
  return " (" + where.file + (where.line > 0 ? ":" + std::to_string(where.line) : "") +
         (where.column > 0 ? ":" + std::to_string(where.column) : "") + ")";
}

// ${env:NAME} first (the one spelling of every file), then the ${...} variables.
StatusOr<std::string> Expand(const std::string& text, const HookContext& context) {
  auto env = ExpandEnvReferences(text, ProcessEnvironment());
  if (!env.ok()) return env.status();
  return scenario::Interpolate(*env, context.lookup);
}

StatusOr<std::vector<std::string>> Argv(const scenario::Hook& hook, const HookContext& context) {
  std::vector<std::string> argv;
  if (hook.shell) argv = {"sh", "-c"};
  for (const std::string& word : hook.command) {
    auto expanded = Expand(word, context);
    if (!expanded.ok()) return expanded.status();
    argv.push_back(std::move(*expanded));
  }
  if (hook.shell) argv.push_back("sh");  // $0 of the script
  return argv;
}

// Why the command's run is a failure, or "" when it succeeded.
std::string RunProblem(const CommandResult& r, const scenario::Hook& hook) {
  if (r.cancelled) return "was stopped (the run was interrupted); its process group was killed";
  if (r.timed_out)
    return "did not finish within " + Seconds(hook.timeout) + "; its process group was killed";
  if (!r.exit.exited) return "was killed by signal " + std::to_string(r.exit.signal);
  if (r.exit.code != 0) return "failed with exit status " + std::to_string(r.exit.code);
  return "";
}

}  // namespace

StatusOr<HookVariables> ParseHookOutput(std::string_view output) {
  HookVariables vars;
  const std::string trimmed = Trim(output);
  if (trimmed.empty()) return vars;
  if (trimmed.front() == '{') {
    nlohmann::json doc = nlohmann::json::parse(trimmed, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object())
      return Status::ParseError("its output starts with \"{\" but is not a JSON object");
    for (const auto& [name, value] : doc.items()) {
      if (!IsVariableName(name))
        return Status::ParseError("its JSON names an invalid variable \"" + name + "\"");
      vars.emplace_back(name, value.is_string() ? value.get<std::string>()
                              : value.is_null() ? std::string()
                                                : value.dump());
    }
    return vars;
  }
  size_t start = 0;
  for (int line_no = 1; start <= output.size(); ++line_no) {
    size_t end = output.find('\n', start);
    if (end == std::string_view::npos) end = output.size();
    std::string_view line = output.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    start = end + 1;
    const std::string content = Trim(line);
    if (content.empty() || content[0] == '#') continue;
    const size_t eq = line.find('=');
    const std::string name = eq == std::string_view::npos ? "" : Trim(line.substr(0, eq));
    if (!IsVariableName(name))
      return Status::ParseError("its output is neither a JSON object nor key=value lines (line " +
                                std::to_string(line_no) + " is not name=value)");
    vars.emplace_back(name, Trim(line.substr(eq + 1)));  // "name = value" may space the '='
  }
  return vars;
}

StepResult UnrunHookStep(const scenario::Hook& hook, std::string_view when) {
  StepResult step;
  step.file = hook.where.file;
  step.line = hook.where.line;
  step.action = "hook." + std::string(when);
  step.description = scenario::DescribeHook(hook, when);
  return step;
}

StatusOr<HookVariables> RunHook(const scenario::Hook& hook, const HookContext& context,
                                SecretMask& mask, StepResult& step) {
  const auto start = std::chrono::steady_clock::now();
  const std::string what = context.when + " hook `" + scenario::DescribeHook(hook, "").substr(2) +
                           "`" + Location(hook.where);
  auto finish = [&](Status s) -> Status {
    step.duration_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    step.outcome = s.ok() ? Outcome::kPassed : Outcome::kFailed;
    if (!s.ok()) step.failure = mask.Mask(s.message());
    return s;
  };
  RunToEndOptions options;
  options.working_dir = context.working_dir;
  options.timeout = hook.timeout;
  options.cancelled = context.cancelled;
  options.extra_env = context.env;
  for (const auto& [name, value] : hook.env) {
    auto expanded = Expand(value, context);
    if (!expanded.ok())
      return finish(
          Status::InvalidArgument(what + ": env " + name + ": " + expanded.status().message()));
    options.extra_env.push_back(name + "=" + *expanded);
  }
  auto argv = Argv(hook, context);
  if (!argv.ok()) return finish(Status::InvalidArgument(what + ": " + argv.status().message()));
  auto ran = RunToEnd(*argv, options);
  if (!ran.ok())
    return finish(Status::NotFound(what + " cannot be started: " + ran.status().message()));
  if (std::string problem = RunProblem(*ran, hook); !problem.empty()) {
    std::string tail = LastLines(ran->err, kStderrLines);
    return finish(Status::FailedPrecondition(
        what + " " + problem +
        (tail.empty() ? "; its stderr was empty" : "; its stderr ends with:" + tail)));
  }
  auto vars = ParseHookOutput(ran->out);
  if (!vars.ok()) return finish(Status::ParseError(what + ": " + vars.status().message()));
  if (ran->truncated) return finish(Status::ParseError(what + " printed more than 1 MB"));
  for (const auto* declared : {&hook.sets, &hook.public_vars})
    for (const std::string& name : *declared) {
      bool printed = false;
      for (const auto& [n, v] : *vars) printed = printed || n == name;
      if (!printed)
        return finish(Status::NotFound(
            what + " did not print \"" + name + "\" (the hook declares it; it printed " +
            Counted(static_cast<long long>(vars->size()), "variable") + ")"));
    }
  std::string summary;
  for (const auto& [name, value] : *vars) {
    bool is_public = false;
    for (const std::string& p : hook.public_vars) is_public = is_public || p == name;
    if (!is_public) mask.Add(value);
    summary += (summary.empty() ? "set " : ", ") + name +
               (is_public ? " = " + value : std::string(" (secret)"));
  }
  step.observed_text = mask.Mask(summary.empty() ? "printed no variables" : summary);
  Status done = finish(Status::Ok());
  (void)done;
  return vars;
}

}  // namespace proofup::runner
