// Scenario and group files: parsing, the header, include expansion.
#include "harness/scenario/loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace proofup::scenario {
namespace fs = std::filesystem;
namespace {

const std::vector<std::string> kScenarioKeys = {"name", "description", "tags",    "manual",
                                                "user", "language",    "browser", "phone",
                                                "vars", "steps"};
const std::vector<std::string> kGroupKeys = {"group", "description", "steps"};

std::string JoinPath(const std::string& including_file, const std::string& file) {
  fs::path p(file);
  if (p.is_relative()) p = fs::path(including_file).parent_path() / p;
  return p.lexically_normal().string();
}

// A stable identity for cycle detection and the include cache.
std::string Identity(const std::string& path) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(path, ec);
  return ec ? path : canonical.string();
}

// Through a const node: a non-const operator[] would add the key.
bool HasKey(const YAML::Node& map, const char* key) { return map.IsMap() && map[key].IsDefined(); }

}  // namespace

StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IoError("cannot read " + path);
  return text.str();
}

std::optional<Loader::Parsed> Loader::Parse(std::string_view text, const std::string& path,
                                            std::vector<SourceLocation> included_from) {
  sources_.push_back(std::make_unique<YamlSource>(path, text, std::move(included_from)));
  Parsed parsed{sources_.back().get(), YAML::Node()};
  YamlReader reader(*parsed.source, out_);
  try {
    parsed.root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    std::string line = parsed.source->Line(e.mark.line + 1);
    bool tab_indent = line.substr(0, line.find_first_not_of(" \t")).find('\t') != std::string::npos;
    reader.Error(e.mark, "invalid YAML: " + e.msg +
                             (tab_indent ? " (YAML does not allow tabs for indentation)" : ""));
    return std::nullopt;
  }
  if (!parsed.root.IsMap()) {
    reader.Error(parsed.root.IsNull() ? YAML::Mark() : parsed.root.Mark(),
                 "expected a mapping with name, steps, ... (or group, steps for a group), got " +
                     YamlReader::KindOf(parsed.root));
    return std::nullopt;
  }
  return parsed;
}

bool Loader::IsGroup(const YAML::Node& root) { return HasKey(root, "group"); }

std::optional<Scenario> Loader::LoadScenario(std::string_view text, const std::string& path) {
  size_t first = out_.size();
  std::optional<Scenario> s = ReadScenario(text, path);
  SortFrom(first);
  return s;
}

std::optional<Scenario> Loader::ReadScenario(std::string_view text, const std::string& path) {
  auto parsed = Parse(text, path, {});
  if (!parsed) return std::nullopt;
  display_[Identity(path)] = path;
  YamlReader r(*parsed->source, out_);
  Scenario s;
  s.file = path;
  std::optional<Entry> steps;
  for (const Entry& e : r.MappingEntries(parsed->root, kScenarioKeys, "the scenario")) {
    if (e.key == "steps") {
      steps = e;
    } else if (e.key == "name") {
      if (auto t = r.Text(e)) s.name = *t;
    } else if (e.key == "description") {
      if (auto t = r.Text(e, true)) s.description = *t;
    } else if (e.key == "tags") {
      if (auto t = r.TextList(e)) s.tags = *t;
    } else if (e.key == "manual") {
      if (auto t = r.Text(e)) ResolveManual(r, e, *t, s);
    } else if (e.key == "user") {
      ReadUser(r, e, s.user);
    } else if (e.key == "language") {
      if (auto i = r.Choice(e, {"nl", "en"}, "language")) s.language = *i == 0 ? "nl" : "en";
    } else if (e.key == "browser") {
      if (auto i = r.Choice(e, {"http", "chromium"}, "browser"))
        s.browser = *i == 0 ? "http" : "chromium";
    } else if (e.key == "phone") {
      ReadPhone(r, e, s.phone);
    } else if (e.key == "vars") {
      ReadVars(r, e, s.vars);
    }
  }
  if (!HasKey(parsed->root, "name")) r.MissingKey("name", "the scenario");
  if (!steps) {
    r.MissingKey("steps", "the scenario");
  } else {
    std::vector<std::string> stack = {Identity(path)};
    ReadSteps(r, *steps, s.steps, stack);
  }
  // With other errors some steps are missing from the list, so only the
  // syntax of references is checked (no cascade of "unknown variable").
  if (errors() > 0) {
    CheckVariableSyntax(s.steps);
    return std::nullopt;
  }
  CheckVariables(s);
  if (errors() > 0) return std::nullopt;
  return s;
}

void Loader::CheckGroup(std::string_view text, const std::string& path) {
  size_t first = out_.size();
  ReadGroupFile(text, path);
  SortFrom(first);
}

void Loader::ReadGroupFile(std::string_view text, const std::string& path) {
  auto parsed = Parse(text, path, {});
  if (!parsed) return;
  display_[Identity(path)] = path;
  std::vector<std::string> stack = {Identity(path)};
  std::vector<Step> steps;
  ReadGroup(*parsed, steps, stack);
  CheckVariableSyntax(steps);
}

void Loader::SortFrom(size_t first) {
  // Problems found in later passes (variables) or inside includes go where
  // they belong in the top-level file: by the line of the outermost location.
  auto key = [](const Diagnostic& d) {
    const SourceLocation& w = d.included_from.empty() ? d.where : d.included_from.back();
    return std::pair(w.line, w.column);
  };
  std::stable_sort(out_.begin() + static_cast<long>(first), out_.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
}

int Loader::errors() const {
  int n = 0;
  for (const Diagnostic& d : out_) n += d.severity == Diagnostic::Severity::kError;
  return n;
}

std::string Loader::ReadGroup(const Parsed& parsed, std::vector<Step>& steps,
                              std::vector<std::string>& stack) {
  YamlReader r(*parsed.source, out_);
  std::string title;
  std::optional<Entry> list;
  for (const Entry& e : r.MappingEntries(parsed.root, kGroupKeys, "a group")) {
    if (e.key == "group") {
      if (auto t = r.Text(e)) title = *t;
    } else if (e.key == "description") {
      r.Text(e, true);
    } else {
      list = e;
    }
  }
  if (!HasKey(parsed.root, "group")) r.MissingKey("group", "a group");
  if (!list) {
    r.MissingKey("steps", "a group");
  } else {
    ReadSteps(r, *list, steps, stack);
  }
  for (Step& step : steps) {
    if (step.group.empty()) step.group = title;
  }
  return title;
}

void Loader::ReadSteps(YamlReader& r, const Entry& list, std::vector<Step>& out,
                       std::vector<std::string>& stack) {
  if (!list.value.IsSequence()) {
    r.Error(list.value_mark(),
            "expected a list of steps for \"steps\", got " + YamlReader::KindOf(list.value));
    return;
  }
  if (list.value.size() == 0) {
    r.Error(list.mark(), "\"steps\" is empty: add at least one step");
    return;
  }
  for (const YAML::Node& node : list.value) {
    ParsedStep parsed = ParseStep(r, node, options_);
    for (Step& step : parsed.steps) out.push_back(std::move(step));
    if (parsed.include) ExpandInclude(r, *parsed.include, out, stack);
  }
}

void Loader::ExpandInclude(YamlReader& r, const IncludeRequest& inc, std::vector<Step>& out,
                           std::vector<std::string>& stack) {
  std::string path = JoinPath(r.source().path, inc.file);
  SourceLocation here = r.Location(inc.mark);
  std::string id = Identity(path);
  for (size_t i = 0; i < stack.size(); ++i) {
    if (stack[i] != id) continue;
    std::string chain;
    for (size_t j = i; j < stack.size(); ++j) chain += display_[stack[j]] + " -> ";
    r.ErrorAt(here, "include cycle: " + chain + path);
    return;
  }
  auto cached = groups_.find(id);
  if (cached == groups_.end()) {
    std::vector<Step> steps;
    bool ok = LoadGroupFile(r, inc, path, here, steps, stack);
    cached = groups_.emplace(id, ok ? std::optional(std::move(steps)) : std::nullopt).first;
  }
  if (!cached->second) return;
  for (Step step : *cached->second) {
    step.included_from.push_back(here);
    if (step.manual_steps.empty()) step.manual_steps = inc.manual_steps;
    out.push_back(std::move(step));
  }
}

bool Loader::LoadGroupFile(YamlReader& r, const IncludeRequest& inc, const std::string& path,
                           const SourceLocation& here, std::vector<Step>& steps,
                           std::vector<std::string>& stack) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    r.ErrorAt(here, "include file \"" + inc.file + "\" not found (looked for " + path + ")");
    return false;
  }
  auto text = ReadWholeFile(path);
  if (!text.ok()) {
    r.ErrorAt(here, "include file \"" + inc.file + "\": " + text.status().message());
    return false;
  }
  std::vector<SourceLocation> chain = r.source().included_from;
  chain.insert(chain.begin(), here);
  int before = errors();
  auto parsed = Parse(*text, path, chain);
  if (!parsed) return false;
  if (!IsGroup(parsed->root) && HasKey(parsed->root, "name")) {
    r.ErrorAt(here, "\"" + inc.file +
                        "\" is a scenario, not a group of steps (a group starts with \"group:\")");
    return false;
  }
  std::string id = Identity(path);
  display_[id] = path;
  stack.push_back(id);
  ReadGroup(*parsed, steps, stack);
  stack.pop_back();
  return errors() == before;
}

}  // namespace proofup::scenario
