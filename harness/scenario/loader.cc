// Scenario and group files: parsing, the header, include expansion.
#include "harness/scenario/loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/scenario/yaml_documents.h"
#include "harness/scenario/variables.h"
#include "harness/scenario/yaml_prescan.h"

namespace proofup::scenario {
namespace fs = std::filesystem;
namespace {

const std::vector<std::string> kScenarioKeys = {
    "name",  "description", "tags", "manual", "user",  "language", "browser",
    "phone", "needs",       "vars", "before", "after", "steps"};
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

// Whether `path` (already canonical) lies in the folder `dir` (canonical).
bool IsInside(const fs::path& path, const fs::path& dir) {
  auto [d, p] = std::mismatch(dir.begin(), dir.end(), path.begin(), path.end());
  return d == dir.end() || (std::next(d) == dir.end() && d->empty());
}

fs::path CanonicalFolderOf(const std::string& file) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(file, ec).parent_path(), ec);
  return ec ? fs::path(file).parent_path() : p;
}

std::string TooLarge(const std::string& path, uintmax_t size, size_t limit) {
  return path + " is " + std::to_string(size) + " bytes, more than the limit of " +
         std::to_string(limit) + " bytes for a scenario file (raise it with --max-scenario-bytes)";
}

// Through a const node: a non-const operator[] would add the key.
bool HasKey(const YAML::Node& map, const char* key) { return map.IsMap() && map[key].IsDefined(); }

}  // namespace

StatusOr<std::string> ReadWholeFile(const std::string& path, size_t max_bytes) {
  // Checked before reading: a 50 MB file must not be parsed at all.
  std::error_code ec;
  uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > max_bytes) return Status::InvalidArgument(TooLarge(path, size, max_bytes));
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
  if (text.size() > options_.max_file_bytes) {
    reader.ErrorAt(SourceLocation{path, 0, 0},
                   TooLarge(path, text.size(), options_.max_file_bytes));
    return std::nullopt;
  }
  if (auto problem = PrescanYaml(text, options_.max_yaml_depth)) {
    YAML::Mark mark;
    mark.line = problem->line;
    mark.column = problem->column;
    reader.Error(mark, problem->message);
    return std::nullopt;
  }
  try {
    // Not YAML::Load alone: it silently drops every document after the first.
    FirstDocument document = LoadFirstDocument(std::string(text));
    if (document.second_starts) {
      const YAML::Mark& at = *document.second_starts;
      const std::string line = parsed.source->Line(at.line + 1);
      const bool comma = at.column >= 0 && static_cast<size_t>(at.column) < line.size() &&
                         line[static_cast<size_t>(at.column)] == ',';
      reader.Error(at, comma ? "',' outside [ ] or { } (quote a value that starts with ',')"
                             : "a second YAML document starts here; a scenario file holds "
                               "exactly one (remove the \"---\" line or split the file)");
      return std::nullopt;
    }
    parsed.root = document.root;
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
  include_root_ = CanonicalFolderOf(path);
  YamlReader r(*parsed->source, out_);
  // A users file or a target profile among the scenarios (`proofup run .`):
  // one error saying what the file is, not a list of unknown keys.
  if (!HasKey(parsed->root, "steps") && !HasKey(parsed->root, "name")) {
    if (HasKey(parsed->root, "users")) {
      r.Error(parsed->root.Mark(),
              "this is a users file (top-level \"users:\"), not a scenario: give it with "
              "--users, and the scenarios' folder (e.g. scenarios/) as the files to check");
      return std::nullopt;
    }
    if (HasKey(parsed->root, "url") || HasKey(parsed->root, "sms")) {
      r.Error(parsed->root.Mark(),
              "this is a target profile (top-level \"url:\"), not a scenario: give it with "
              "--target-file, and the scenarios' folder (e.g. scenarios/) as the files to check");
      return std::nullopt;
    }
  }
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
    } else if (e.key == "needs") {
      ReadNeeds(r, e, s.needs);
    } else if (e.key == "before") {
      s.before = ReadHooks(r, e);
    } else if (e.key == "after") {
      s.after = ReadHooks(r, e);
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
  CheckScenarioHooks(r, s, options_.extra_vars);
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
  include_root_ = CanonicalFolderOf(path);
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
  int item = 0;
  for (const YAML::Node& node : list.value) {
    if (step_limit_hit_) return;
    ParsedStep parsed = ParseStep(r, node, options_);
    if (out.size() + parsed.steps.size() > options_.max_steps) {
      StepLimitError(r, r.Location(node.Mark()));
      return;
    }
    ++item;
    for (Step& step : parsed.steps) {
      step.item = item;
      out.push_back(std::move(step));
    }
    if (parsed.include) ExpandInclude(r, *parsed.include, out, stack);
  }
}

void Loader::ExpandInclude(YamlReader& r, const IncludeRequest& inc, std::vector<Step>& out,
                           std::vector<std::string>& stack) {
  std::string path = JoinPath(r.source().path, inc.file);
  SourceLocation here = r.Location(inc.mark);
  std::string id = Identity(path);
  if (!IncludeAllowed(r, inc, id, here)) return;
  if (stack.size() > static_cast<size_t>(options_.max_include_depth)) {
    r.ErrorAt(here, "includes nested deeper than " + std::to_string(options_.max_include_depth) +
                        " levels");
    return;
  }
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
  // Counted before copying: 7 files each including the next 10 times would
  // otherwise build 10^6 steps before anything looks at the total.
  if (out.size() + cached->second->size() > options_.max_steps) {
    StepLimitError(r, here);
    return;
  }
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
  auto text = ReadWholeFile(path, options_.max_file_bytes);
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

void Loader::StepLimitError(YamlReader& r, const SourceLocation& where) {
  step_limit_hit_ = true;
  r.ErrorAt(where, "more than " + std::to_string(options_.max_steps) +
                       " steps after expanding includes (raise the limit with --max-steps)");
}

bool Loader::IncludeAllowed(YamlReader& r, const IncludeRequest& inc, const std::string& id,
                            const SourceLocation& here) {
  // Symlinks and ".." are resolved before the check.
  std::error_code ec;
  fs::path target = fs::weakly_canonical(fs::absolute(id, ec), ec);
  if (ec) target = fs::absolute(id).lexically_normal();
  if (IsInside(target, include_root_)) return true;
  for (const std::string& dir : options_.allowed_include_dirs) {
    if (IsInside(target, CanonicalFolderOf((fs::path(dir) / "x").string()))) return true;
  }
  // Only names: the file is never read, so nothing of it can be quoted.
  r.ErrorAt(here, "include file \"" + inc.file + "\" resolves to " + target.string() +
                      ", outside the scenario folder " + include_root_.string() +
                      " (allow its folder with --allow-include-dir)");
  return false;
}

}  // namespace proofup::scenario
