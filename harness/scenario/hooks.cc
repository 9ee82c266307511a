// `before:` / `after:` hooks: commands run around a scenario or a run.
#include <algorithm>
#include <cctype>

#include "harness/base/command_words.h"
#include "harness/base/env_reference.h"
#include "harness/scenario/loader.h"
#include "harness/scenario/variables.h"
#include "harness/scenario/yaml_documents.h"

namespace proofup::scenario {
namespace {

const std::vector<std::string> kHookKeys = {"run", "shell", "timeout", "sets", "public", "env"};
constexpr auto kMaxHookTimeout = std::chrono::hours(1);

bool IsEnvName(const std::string& name) {
  bool ok = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0]));
  for (char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  return ok;
}

// `run:` (or the short form): a text split into words, or a list of words.
void ReadCommand(YamlReader& r, const Entry& e, Hook& hook) {
  if (e.value.IsSequence()) {
    for (const YAML::Node& item : e.value)
      if (auto t = r.Text(ItemEntry(e, item), /*allow_empty=*/true)) hook.command.push_back(*t);
    if (e.value.size() == 0) r.Error(e.value_mark(), "expected a command for " + e.label);
    return;
  }
  auto t = r.Text(e);
  if (!t) return;
  if (hook.shell) {
    hook.command = {*t};
    return;
  }
  auto words = SplitCommandWords(*t);
  if (!words.ok()) {
    r.Error(e.value_mark(), "in " + e.label + ": " + words.status().message() +
                                (words.status().message().find("needs a shell") == std::string::npos
                                     ? ""
                                     : "; add \"shell: yes\" to run it with sh -c"));
  } else if (words->empty()) {
    r.Error(e.value_mark(), "expected a command for " + e.label);
  } else {
    hook.command = std::move(*words);
  }
}

void ReadNames(YamlReader& r, const Entry& e, std::vector<std::string>& into) {
  std::vector<Entry> items;
  if (e.value.IsSequence()) {
    for (const YAML::Node& item : e.value) items.push_back(ItemEntry(e, item));
  } else {
    items.push_back(e);
  }
  for (const Entry& item : items)
    if (auto name = r.VarName(item)) into.push_back(*name);
}

std::optional<Hook> ReadHook(YamlReader& r, const Entry& e) {
  Hook hook;
  hook.where = r.Location(e.value_mark());
  const int before = r.error_count();
  if (!e.value.IsMap()) {
    ReadCommand(r, e, hook);
    return r.error_count() == before ? std::optional<Hook>(hook) : std::nullopt;
  }
  std::vector<Entry> entries =
      r.Entries(e, "a command, or a mapping with run, shell, timeout, sets, public, env", kHookKeys,
                "a hook");
  std::optional<Entry> run;
  for (const Entry& k : entries) {
    if (k.key == "run") {
      run = k;
    } else if (k.key == "shell") {
      if (auto b = r.YesNo(k)) hook.shell = *b;
    } else if (k.key == "timeout") {
      auto d = r.Duration(k);
      if (d && (d->count() <= 0 || *d > kMaxHookTimeout))
        r.Error(k.value_mark(), "a hook's timeout must lie between 1 ms and 1 h");
      else if (d)
        hook.timeout = *d;
    } else if (k.key == "sets") {
      ReadNames(r, k, hook.sets);
    } else if (k.key == "public") {
      ReadNames(r, k, hook.public_vars);
    } else if (k.key == "env") {
      if (!k.value.IsMap()) {
        r.Error(k.value_mark(), "expected a mapping of NAME: value for \"env\", got " +
                                    YamlReader::KindOf(k.value));
        continue;
      }
      for (auto it = k.value.begin(); it != k.value.end(); ++it) {
        const Entry v{it->first.Scalar(), it->first, it->second, "\"" + it->first.Scalar() + "\""};
        if (!IsEnvName(v.key))
          r.Error(v.mark(), "invalid environment variable name \"" + v.key +
                                "\": use letters, digits and '_', not starting with a digit");
        else if (auto t = r.Text(v, /*allow_empty=*/true))
          hook.env.emplace_back(v.key, *t);
      }
    }
  }
  if (!run) {
    if (r.error_count() == before)
      r.Error(e.value_mark(), "missing required key \"run\" in a hook");
  } else if (hook.shell && run->value.IsSequence()) {
    r.Error(run->value_mark(), "\"shell: yes\" runs one text with sh -c; write \"run\" as a text");
  } else {
    ReadCommand(r, *run, hook);
  }
  return r.error_count() == before ? std::optional<Hook>(hook) : std::nullopt;
}

// "${env:NAME}" is the caller's (target profiles expand it when they are read).
std::string WithoutEnvReferences(const std::string& text) {
  auto stripped = ExpandEnvReferences(text, [](std::string_view) { return std::string("x"); });
  return stripped.ok() ? *stripped : text;
}

std::string Quoted(const std::string& word) {
  if (!word.empty() && word.find_first_of(" \t'\"\\") == std::string::npos) return word;
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::vector<Hook> ReadHooks(YamlReader& r, const Entry& e) {
  std::vector<Hook> hooks;
  if (!e.value.IsSequence()) {
    if (auto h = ReadHook(r, e)) hooks.push_back(std::move(*h));
    return hooks;
  }
  if (e.value.size() == 0)
    r.Error(e.value_mark(), "expected a hook or a list of hooks for " + e.label);
  for (const YAML::Node& item : e.value)
    if (auto h = ReadHook(r, ItemEntry(e, item))) hooks.push_back(std::move(*h));
  return hooks;
}

void CheckHookVariables(YamlReader& r, const std::vector<Hook>& hooks, VariableScope& scope) {
  for (const Hook& hook : hooks) {
    std::vector<const std::string*> texts;
    for (const std::string& word : hook.command) texts.push_back(&word);
    for (const auto& [name, value] : hook.env) texts.push_back(&value);
    for (const std::string* text : texts) {
      if (auto p = FindVariableProblem(WithoutEnvReferences(*text), &scope)) {
        r.ErrorAt(hook.where, p->message);
        break;
      }
    }
    for (const auto* names : {&hook.sets, &hook.public_vars})
      scope.defined.insert(scope.defined.end(), names->begin(), names->end());
  }
}

void CheckScenarioHooks(YamlReader& r, const Scenario& s,
                        const std::vector<std::string>& extra_vars) {
  VariableScope scope;
  scope.defined = BuiltinVariables();
  scope.defined.insert(scope.defined.end(), extra_vars.begin(), extra_vars.end());
  for (const auto& [name, value] : s.vars) scope.defined.push_back(name);
  scope.has_user = !s.user.username.empty();
  CheckHookVariables(r, s.before, scope);
  for (const Step& step : s.steps)
    for (const std::string* var : VariablesSet(step.action)) scope.defined.push_back(*var);
  CheckHookVariables(r, s.after, scope);
}

StatusOr<std::vector<Hook>> LoadHooks(std::string_view text, const std::string& path,
                                      std::string_view key,
                                      const std::vector<std::string>& defined) {
  std::vector<Diagnostic> diagnostics;
  YamlSource source(path, text, {});
  YamlReader r(source, diagnostics);
  std::vector<Hook> hooks;
  try {
    YAML::Node root = LoadFirstDocument(std::string(text)).root;
    if (!root.IsMap() || !root[std::string(key)].IsDefined()) return hooks;
    for (auto it = root.begin(); it != root.end(); ++it) {
      if (it->first.Scalar() != key) continue;
      hooks = ReadHooks(
          r, Entry{std::string(key), it->first, it->second, "\"" + std::string(key) + "\""});
    }
  } catch (const YAML::Exception& e) {
    r.Error(e.mark, "invalid YAML: " + e.msg);
  }
  VariableScope scope{defined, {}, /*has_user=*/false};
  scope.defined.push_back("target");
  CheckHookVariables(r, hooks, scope);
  if (diagnostics.empty()) return hooks;
  std::string message;
  for (const Diagnostic& d : diagnostics)
    message += (message.empty() ? "" : "\n") + FormatDiagnostic(d);
  return Status::ParseError(message);
}

std::string DescribeHook(const Hook& hook, std::string_view when) {
  std::string text = std::string(when) + ": ";
  if (hook.shell) return text + (hook.command.empty() ? "" : hook.command.front());
  for (size_t i = 0; i < hook.command.size(); ++i) text += (i ? " " : "") + Quoted(hook.command[i]);
  return text;
}

}  // namespace proofup::scenario
