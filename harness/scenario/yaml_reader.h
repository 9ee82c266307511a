// Internal: reading typed values out of yaml-cpp nodes while collecting every
// problem as a Diagnostic with its location and source line.
#ifndef PROOFUP_SCENARIO_YAML_READER_H_
#define PROOFUP_SCENARIO_YAML_READER_H_

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/scenario/scenario.h"

namespace proofup::scenario {

// One YAML file's text split into lines, for caret lines.
struct YamlSource {
  std::string path;
  std::vector<std::string> lines;
  std::vector<SourceLocation> included_from;  // innermost first

  YamlSource(std::string path, std::string_view text, std::vector<SourceLocation> included_from);
  // 1-based line; empty when out of range.
  std::string Line(int line) const;
};

// `unknown <what> "word" in <context>; did you mean "x"?` (NearestWord,
// harness/base/edit_distance.h) or
// `...; expected one of: a, b, c` when nothing is close. No " in" part when context is empty.
std::string UnknownMessage(std::string_view what, std::string_view word,
                           const std::vector<std::string>& candidates,
                           std::string_view context = "");

// A key/value pair of a mapping, with the key's mark (the value of a null
// node has no useful mark of its own).
struct Entry {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
  std::string label;  // how messages name it: "\"click\"" or "an item of \"tags\""
  YAML::Mark mark() const { return key_node.Mark(); }
  // The value's mark, or the key's when the value is empty.
  YAML::Mark value_mark() const;
};

// Reads values from one file, reporting problems into `out`.
class YamlReader {
 public:
  YamlReader(const YamlSource& source, std::vector<Diagnostic>& out) : src_(source), out_(out) {}

  const YamlSource& source() const { return src_; }
  SourceLocation Location(const YAML::Mark& mark) const;
  void Error(const YAML::Mark& mark, std::string message);
  void ErrorAt(const SourceLocation& where, std::string message);
  void Warning(const YAML::Mark& mark, std::string message);
  // `missing required key "<key>" in <what>` for a top-level key, at 1:1 without a quote.
  void MissingKey(std::string_view key, std::string_view what);
  int error_count() const { return errors_; }

  // "text", "a list", "a mapping" or "nothing".
  static std::string KindOf(const YAML::Node& node);

  // The entries of a mapping whose keys are in `valid`; unknown and duplicate
  // keys are reported. `what` names the mapping in messages ("a step").
  // A non-mapping is reported as `expected <expected> for "<name>", got ...`.
  std::vector<Entry> Entries(const Entry& at, std::string_view expected,
                             const std::vector<std::string>& valid, std::string_view what);
  std::vector<Entry> MappingEntries(const YAML::Node& map, const std::vector<std::string>& valid,
                                    std::string_view what);

  // Typed values; nullopt after reporting `expected <kind> for "<key>", got <...>`.
  std::optional<std::string> Text(const Entry& e, bool allow_empty = false);
  std::optional<bool> YesNo(const Entry& e);
  std::optional<int64_t> Integer(const Entry& e);
  // "30s", "500ms", "2m", "1h", a bare number of seconds; a sign when `signed_ok`.
  std::optional<std::chrono::milliseconds> Duration(const Entry& e, bool signed_ok = false);
  // One text or a list of texts.
  std::optional<std::vector<std::string>> TextList(const Entry& e);
  // One of `choices` (suggesting the nearest); returns its index.
  std::optional<size_t> Choice(const Entry& e, const std::vector<std::string>& choices,
                               std::string_view what);
  // An ECMAScript regex; ${...} references are replaced by "x" before compiling.
  std::optional<std::string> Regex(const Entry& e);
  // A variable name for `into`: letters, digits, '_' and '-'.
  std::optional<std::string> VarName(const Entry& e);
  // A locator: text, or a mapping {css: selector}.
  std::optional<Locator> LocatorValue(const Entry& e);

 private:
  void TypeError(const Entry& e, std::string_view expected);
  const YamlSource& src_;
  std::vector<Diagnostic>& out_;
  int errors_ = 0;
};

// An Entry for an item of the list `list` (labelled `an item of "<list.key>"`).
Entry ItemEntry(const Entry& list, const YAML::Node& item);

// The regex error in plain words, or nullopt when `pattern` compiles.
std::optional<std::string> RegexProblem(const std::string& pattern);

// Step parsing (steps.cc). An include is returned unexpanded for the loader.
struct IncludeRequest {
  std::string file;  // as written
  YAML::Mark mark;
  std::vector<int> manual_steps;
  std::string note;
};
struct ParsedStep {
  std::vector<Step> steps;  // 0 (on error), 1, or 2 (expect + action)
  std::optional<IncludeRequest> include;
};
ParsedStep ParseStep(YamlReader& reader, const YAML::Node& node, const LoadOptions& options);

// Phone and control actions (phone_control.cc); nullopt after reporting.
std::optional<Action> ParsePhoneAction(YamlReader& reader, const Entry& e);
std::optional<Action> ParseControlAction(YamlReader& reader, const Entry& e);
// `request:` steps (request.cc); nullopt after reporting.
std::optional<Action> ParseRequestAction(YamlReader& reader, const Entry& e);

// `before:` / `after:` (hooks.cc): one hook (a command text, or a mapping with
// run, shell, timeout, sets, public, env) or a list of them; the hooks that
// were read without a problem.
std::vector<Hook> ReadHooks(YamlReader& reader, const Entry& e);

// Model walking (model.cc): every text of an action that is interpolated at
// run time, and the variables an action sets (none for most).
std::vector<const std::string*> InterpolatedTexts(const Action& action);
std::vector<const std::string*> VariablesSet(const Action& action);

}  // namespace proofup::scenario

#endif  // PROOFUP_SCENARIO_YAML_READER_H_
