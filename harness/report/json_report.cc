// report.json: the whole RunResult, for tools and for `proofup manual-check`.
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "harness/report/atomic_file.h"
#include "harness/report/report.h"
#include "harness/report/report_text.h"

namespace proofup {
namespace {

using nlohmann::json;

constexpr int kFormatVersion = 1;

json ToJson(const StepResult& step) {
  json requests = json::array();
  for (const RequestTiming& r : step.requests) {
    requests.push_back(
        {{"method", r.method}, {"url", r.url}, {"status", r.status}, {"elapsed_ms", r.elapsed_ms}});
  }
  return {{"index", step.index},
          {"manual_steps", step.manual_steps},
          {"file", step.file},
          {"line", step.line},
          {"item", step.item},
          {"included_from", step.included_from},
          {"action", step.action},
          {"description", step.description},
          {"outcome", OutcomeName(step.outcome)},
          {"duration_ms", step.duration_ms},
          {"expected", step.expected},
          {"observed_title", step.observed_title},
          {"observed_heading", step.observed_heading},
          {"observed_text", step.observed_text},
          {"failure", step.failure},
          {"screen_file", step.screen_file},
          {"screenshot_file", step.screenshot_file},
          {"console", step.console},
          {"requests", std::move(requests)}};
}

json ToJson(const ScenarioResult& s) {
  json steps = json::array();
  for (const StepResult& step : s.steps) steps.push_back(ToJson(step));
  json out = {{"name", s.name},
              {"file", s.file},
              {"tags", s.tags},
              {"manual", s.manual},
              {"outcome", OutcomeName(s.outcome)},
              {"attempts", s.attempts},
              {"duration_ms", s.duration_ms},
              {"error", s.error},
              {"steps", std::move(steps)}};
  if (s.outcome == Outcome::kSkipped) out["skip_reason"] = s.skip_reason;
  // Derived, for readers that want the one-line reason without walking steps.
  if (s.outcome == Outcome::kFailed || s.outcome == Outcome::kError) {
    out["failure_message"] = report_internal::ScenarioFailureMessage(s);
  }
  return out;
}

json ToJson(const RunResult& run) {
  auto counts = CountOutcomes(run.scenarios);
  json scenarios = json::array();
  for (const ScenarioResult& s : run.scenarios) scenarios.push_back(ToJson(s));
  json out = {{"format", "proofup-report"},
              {"format_version", kFormatVersion},
              {"run_id", run.run_id},
              {"started_at", run.started_at},
              {"duration_ms", run.duration_ms},
              {"target", run.target},
              {"browser", run.browser},
              {"interrupted", run.interrupted},
              {"secrets_shown", run.secrets_shown},
              {"summary",
               {{"passed", counts.passed},
                {"failed", counts.failed},
                {"flaky", counts.flaky},
                {"not_run", counts.not_run},
                {"errors", counts.errors},
                {"skipped", counts.skipped},
                {"total", counts.total}}},
              {"scenarios", std::move(scenarios)}};
  // Run-level hooks, as steps with their times; absent when there are none.
  for (const auto& [key, phase] :
       {std::pair{"setup", &run.setup}, std::pair{"teardown", &run.teardown}}) {
    if (phase->empty()) continue;
    out[key] = json::array();
    for (const StepResult& hook : *phase) out[key].push_back(ToJson(hook));
  }
  return out;
}

// Reads fields with type checks, remembering the first problem and where it was
// ("report.scenarios[1].steps[3].duration_ms"), so a damaged file is easy to locate.
// Absent or null keys leave the model's default in place.
class FieldReader {
 public:
  const std::string& error() const { return error_; }

  template <typename T>
  void Read(const json& obj, const char* key, const std::string& where, T& out) {
    if (!error_.empty()) return;
    auto it = obj.find(key);
    if (it != obj.end() && !it->is_null()) ReadValue(*it, where + "." + key, out);
  }

  // Calls fill(element, where) for each object in obj[key].
  template <typename Fill>
  void ForEachObject(const json& obj, const char* key, const std::string& where, Fill fill) {
    auto it = obj.find(key);
    if (!error_.empty() || it == obj.end() || it->is_null()) return;
    const std::string at = where + "." + key;
    if (!it->is_array()) return Fail(at + " should be an array");
    for (size_t i = 0; i < it->size() && error_.empty(); ++i) {
      const std::string element_at = at + "[" + std::to_string(i) + "]";
      if (!(*it)[i].is_object()) return Fail(element_at + " should be an object");
      fill((*it)[i], element_at);
    }
  }

  void Fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
  }

 private:
  void ReadValue(const json& v, const std::string& at, std::string& out) {
    v.is_string() ? void(out = v.get<std::string>()) : Fail(at + " should be a string");
  }
  void ReadValue(const json& v, const std::string& at, double& out) {
    v.is_number() ? void(out = v.get<double>()) : Fail(at + " should be a number");
  }
  void ReadValue(const json& v, const std::string& at, int& out) {
    v.is_number_integer() ? void(out = v.get<int>()) : Fail(at + " should be an integer");
  }
  void ReadValue(const json& v, const std::string& at, bool& out) {
    v.is_boolean() ? void(out = v.get<bool>()) : Fail(at + " should be true or false");
  }
  void ReadValue(const json& v, const std::string& at, Outcome& out) {
    std::string name;
    ReadValue(v, at, name);
    if (!error_.empty()) return;
    for (Outcome o : {Outcome::kPassed, Outcome::kFailed, Outcome::kNotRun, Outcome::kFlaky,
                      Outcome::kError, Outcome::kSkipped}) {
      if (name == OutcomeName(o)) {
        out = o;
        return;
      }
    }
    Fail(at + ": unknown outcome \"" + name + "\"");
  }
  template <typename T>
  void ReadValue(const json& v, const std::string& at, std::vector<T>& out) {
    if (!v.is_array()) return Fail(at + " should be an array");
    out.clear();
    for (size_t i = 0; i < v.size() && error_.empty(); ++i) {
      ReadValue(v[i], at + "[" + std::to_string(i) + "]", out.emplace_back());
    }
  }

  std::string error_;
};

void ReadStep(FieldReader& r, const json& j, const std::string& at, StepResult& step) {
  r.Read(j, "index", at, step.index);
  r.Read(j, "manual_steps", at, step.manual_steps);
  r.Read(j, "file", at, step.file);
  r.Read(j, "line", at, step.line);
  r.Read(j, "item", at, step.item);
  r.Read(j, "included_from", at, step.included_from);
  r.Read(j, "action", at, step.action);
  r.Read(j, "description", at, step.description);
  r.Read(j, "outcome", at, step.outcome);
  r.Read(j, "duration_ms", at, step.duration_ms);
  r.Read(j, "expected", at, step.expected);
  r.Read(j, "observed_title", at, step.observed_title);
  r.Read(j, "observed_heading", at, step.observed_heading);
  r.Read(j, "observed_text", at, step.observed_text);
  r.Read(j, "failure", at, step.failure);
  r.Read(j, "screen_file", at, step.screen_file);
  r.Read(j, "screenshot_file", at, step.screenshot_file);
  r.Read(j, "console", at, step.console);
  r.ForEachObject(j, "requests", at, [&](const json& rj, const std::string& rat) {
    RequestTiming& t = step.requests.emplace_back();
    r.Read(rj, "method", rat, t.method);
    r.Read(rj, "url", rat, t.url);
    r.Read(rj, "status", rat, t.status);
    r.Read(rj, "elapsed_ms", rat, t.elapsed_ms);
  });
}

void ReadScenario(FieldReader& r, const json& j, const std::string& at, ScenarioResult& s) {
  r.Read(j, "name", at, s.name);
  r.Read(j, "file", at, s.file);
  r.Read(j, "tags", at, s.tags);
  r.Read(j, "manual", at, s.manual);
  r.Read(j, "outcome", at, s.outcome);
  r.Read(j, "attempts", at, s.attempts);
  r.Read(j, "duration_ms", at, s.duration_ms);
  r.Read(j, "error", at, s.error);
  r.Read(j, "skip_reason", at, s.skip_reason);
  r.ForEachObject(j, "steps", at, [&](const json& sj, const std::string& sat) {
    ReadStep(r, sj, sat, s.steps.emplace_back());
  });
}

StatusOr<RunResult> FromJson(const json& j, const std::string& path) {
  if (!j.is_object()) return Status::ParseError(path + ": not a proofup report (not an object)");
  FieldReader r;
  RunResult run;
  int version = kFormatVersion;
  r.Read(j, "format_version", "report", version);
  if (version > kFormatVersion) {
    r.Fail("report.format_version " + std::to_string(version) + " is newer than this proofup");
  }
  r.Read(j, "run_id", "report", run.run_id);
  r.Read(j, "started_at", "report", run.started_at);
  r.Read(j, "duration_ms", "report", run.duration_ms);
  r.Read(j, "target", "report", run.target);
  r.Read(j, "browser", "report", run.browser);
  r.Read(j, "interrupted", "report", run.interrupted);
  r.Read(j, "secrets_shown", "report", run.secrets_shown);
  r.ForEachObject(j, "scenarios", "report", [&](const json& sj, const std::string& at) {
    ReadScenario(r, sj, at, run.scenarios.emplace_back());
  });
  if (!r.error().empty()) return Status::ParseError(path + ": " + r.error());
  return run;
}

}  // namespace

Status WriteJsonReport(const RunResult& run, const std::string& path) {
  // replace: page text is not guaranteed UTF-8, and a report must still be written.
  std::string text = ToJson(run).dump(2, ' ', false, json::error_handler_t::replace);
  text += '\n';
  return report_internal::WriteFileAtomically(path, text);
}

StatusOr<RunResult> ReadJsonReport(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Status::IoError("cannot read " + path);
  json j;
  try {
    j = json::parse(buffer.str());
  } catch (const json::parse_error& e) {
    return Status::ParseError(path + ": not valid JSON (at byte " + std::to_string(e.byte) + ")");
  }
  return FromJson(j, path);
}

}  // namespace proofup
