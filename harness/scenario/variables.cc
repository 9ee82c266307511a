#include "harness/scenario/variables.h"

#include <algorithm>

#include "harness/base/edit_distance.h"
#include "harness/scenario/loader.h"

namespace proofup::scenario {

std::vector<std::string> BuiltinVariables() {
  return {"target",       "user.username", "user.password", "user.display_name",
          "phone.number", "phone.pin"};
}

std::optional<VariableProblemAt> FindVariableProblem(const std::string& text,
                                                     const VariableScope* scope) {
  auto refs = FindVariables(text);
  if (!refs.ok()) {
    // The caret shows where; drop the offset from the message.
    std::string message = refs.status().message();
    size_t at = message.rfind(" at offset ");
    size_t offset = std::stoul(message.substr(at + 11));
    message.erase(at);
    if (message.rfind("unterminated", 0) == 0) message += " (write \"$${\" for a literal \"${\")";
    return VariableProblemAt{message, text.substr(offset, text.find('\n', offset) - offset)};
  }
  if (!scope) return std::nullopt;
  for (const VariableRef& ref : *refs) {
    std::string shown = "\"${" + ref.name + "}\"";
    std::string needle = "${" + ref.name + "}";
    if (ref.name.rfind("env.", 0) == 0 && ref.name.size() > 4) continue;
    if (ref.name.rfind("user.", 0) == 0 && !scope->has_user) {
      return VariableProblemAt{shown + " needs a user: add \"user:\" to the scenario", needle};
    }
    const auto& d = scope->defined;
    if (std::find(d.begin(), d.end(), ref.name) != d.end()) continue;
    if (auto later = scope->set_later.find(ref.name); later != scope->set_later.end()) {
      return VariableProblemAt{
          "variable " + shown + " is used before it is set (at " + later->second + ")", needle};
    }
    std::string message = "unknown variable " + shown;
    if (auto near = NearestWord(ref.name, d)) {
      message += "; did you mean \"${" + *near + "}\"?";
    } else {
      message += " (set it in \"vars\", with capture/read, with --var " + ref.name +
                 "=..., or use ${env.NAME})";
    }
    return VariableProblemAt{message, needle};
  }
  return std::nullopt;
}

std::optional<std::string> VariableProblem(const std::string& text,
                                           const std::vector<std::string>& defined) {
  VariableScope scope{defined, {}, true};
  if (auto p = FindVariableProblem(text, &scope)) return p->message;
  return std::nullopt;
}

const YamlSource* Loader::SourceOf(const std::string& path) const {
  for (const auto& s : sources_) {
    if (s->path == path) return s.get();
  }
  return nullptr;
}

void Loader::ReportVariable(const Step& step, const std::string& needle,
                            const std::string& message) {
  const YamlSource* src = SourceOf(step.where.file);
  SourceLocation where = step.where;
  // The text sits on the action's line or a few lines below it.
  for (int line = step.where.line; src && !needle.empty() && line < step.where.line + 40; ++line) {
    size_t col = src->Line(line).find(needle);
    if (col != std::string::npos) {
      where.line = line;
      where.column = static_cast<int>(col) + 1;
      break;
    }
  }
  out_.push_back(Diagnostic{Diagnostic::Severity::kError, where, message,
                            src ? src->Line(where.line) : "",
                            src ? src->included_from : step.included_from});
}

void Loader::CheckVariableSyntax(const std::vector<Step>& steps) {
  for (const Step& step : steps) {
    for (const std::string* text : InterpolatedTexts(step.action)) {
      if (auto p = FindVariableProblem(*text, nullptr)) {
        ReportVariable(step, p->needle, p->message);
        break;
      }
    }
  }
}

void Loader::CheckVariables(const Scenario& s) {
  VariableScope scope;
  scope.defined = BuiltinVariables();
  scope.defined.insert(scope.defined.end(), options_.extra_vars.begin(), options_.extra_vars.end());
  for (const auto& [name, value] : s.vars) scope.defined.push_back(name);
  for (const Hook& hook : s.before)
    for (const auto* names : {&hook.sets, &hook.public_vars})
      scope.defined.insert(scope.defined.end(), names->begin(), names->end());
  scope.has_user = !s.user.username.empty();
  for (const Step& step : s.steps) {
    for (const std::string* var : VariablesSet(step.action)) {
      scope.set_later.emplace(*var, step.where.file + ":" + std::to_string(step.where.line));
    }
  }
  for (const Step& step : s.steps) {
    for (const std::string* text : InterpolatedTexts(step.action)) {
      if (auto p = FindVariableProblem(*text, &scope)) {
        ReportVariable(step, p->needle, p->message);
        break;
      }
    }
    for (const std::string* var : VariablesSet(step.action)) {
      scope.defined.push_back(*var);
      scope.set_later.erase(*var);
    }
  }
}

}  // namespace proofup::scenario
