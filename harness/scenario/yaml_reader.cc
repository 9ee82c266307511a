#include "harness/scenario/yaml_reader.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "harness/base/edit_distance.h"

namespace proofup::scenario {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The caret goes under the column-th byte; pad with one space per UTF-8
// character before it (tabs kept) so it lines up in a terminal.
std::string CaretLine(const std::string& line, int column) {
  std::string pad;
  for (size_t i = 0; i + 1 < static_cast<size_t>(column) && i < line.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
    pad += c == '\t' ? '\t' : ' ';
  }
  return pad + "^";
}

std::string LocationPrefix(const SourceLocation& w) {
  std::string s = w.file;
  if (w.line > 0) s += ":" + std::to_string(w.line);
  if (w.line > 0 && w.column > 0) s += ":" + std::to_string(w.column);
  return s;
}

}  // namespace

YamlSource::YamlSource(std::string path_in, std::string_view text,
                       std::vector<SourceLocation> included)
    : path(std::move(path_in)), included_from(std::move(included)) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
}

std::string YamlSource::Line(int line) const {
  if (line < 1 || line > static_cast<int>(lines.size())) return "";
  return lines[line - 1];
}

std::string FormatDiagnostic(const Diagnostic& d) {
  std::string out = LocationPrefix(d.where) +
                    (d.severity == Diagnostic::Severity::kError ? ": error: " : ": warning: ") +
                    d.message;
  if (d.where.line > 0 && !d.source_line.empty()) {
    out += "\n" + d.source_line;
    if (d.where.column > 0) out += "\n" + CaretLine(d.source_line, d.where.column);
  }
  for (const SourceLocation& from : d.included_from) {
    out += "\n" + LocationPrefix(from) + ": note: included from here";
  }
  return out;
}

std::string UnknownMessage(std::string_view what, std::string_view word,
                           const std::vector<std::string>& candidates, std::string_view context) {
  std::string msg = "unknown " + std::string(what) + " \"" + std::string(word) + "\"";
  if (!context.empty()) msg += " in " + std::string(context);
  if (auto near = NearestWord(word, candidates)) return msg + "; did you mean \"" + *near + "\"?";
  msg += "; expected one of: ";
  for (size_t i = 0; i < candidates.size(); ++i) msg += (i ? ", " : "") + candidates[i];
  return msg;
}

YAML::Mark Entry::value_mark() const {
  return value.IsDefined() && !value.IsNull() ? value.Mark() : key_node.Mark();
}

Entry ItemEntry(const Entry& list, const YAML::Node& item) {
  return Entry{list.key, item, item, "an item of \"" + list.key + "\""};
}

SourceLocation YamlReader::Location(const YAML::Mark& mark) const {
  if (mark.is_null()) return SourceLocation{src_.path, 0, 0};
  return SourceLocation{src_.path, mark.line + 1, mark.column + 1};
}

void YamlReader::ErrorAt(const SourceLocation& where, std::string message) {
  ++errors_;
  out_.push_back(Diagnostic{Diagnostic::Severity::kError, where, std::move(message),
                            src_.Line(where.line), src_.included_from});
}

void YamlReader::Error(const YAML::Mark& mark, std::string message) {
  ErrorAt(Location(mark), std::move(message));
}

void YamlReader::MissingKey(std::string_view key, std::string_view what) {
  ++errors_;
  out_.push_back(
      Diagnostic{Diagnostic::Severity::kError, SourceLocation{src_.path, 1, 1},
                 "missing required key \"" + std::string(key) + "\" in " + std::string(what), "",
                 src_.included_from});
}

void YamlReader::Warning(const YAML::Mark& mark, std::string message) {
  SourceLocation where = Location(mark);
  out_.push_back(Diagnostic{Diagnostic::Severity::kWarning, where, std::move(message),
                            src_.Line(where.line), src_.included_from});
}

std::string YamlReader::KindOf(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  // Short values help ("got \"yes\""); a long one may be a file that is not
  // YAML at all (an include of /etc/passwd) and is never quoted.
  const std::string& text = node.Scalar();
  if (text.size() > 60 || text.find('\n') != std::string::npos)
    return "a text of " + std::to_string(text.size()) + " characters";
  return "\"" + text + "\"";
}

void YamlReader::TypeError(const Entry& e, std::string_view expected) {
  Error(e.value_mark(),
        "expected " + std::string(expected) + " for " + e.label + ", got " + KindOf(e.value));
}

std::vector<Entry> YamlReader::MappingEntries(const YAML::Node& map,
                                              const std::vector<std::string>& valid,
                                              std::string_view what) {
  std::vector<Entry> entries;
  std::map<std::string, int> first_line;
  for (auto it = map.begin(); it != map.end(); ++it) {
    YAML::Node k = it->first;  // a copy: it->first lives in a temporary proxy
    if (!k.IsScalar()) {
      Error(k.Mark(), "expected a key (text) in " + std::string(what) + ", got " + KindOf(k));
      continue;
    }
    std::string key = k.Scalar();
    if (std::find(valid.begin(), valid.end(), key) == valid.end()) {
      Error(k.Mark(), UnknownMessage("key", key, valid, what));
      continue;
    }
    if (auto [pos, inserted] = first_line.emplace(key, k.Mark().line + 1); !inserted) {
      Error(k.Mark(),
            "duplicate key \"" + key + "\" (first at line " + std::to_string(pos->second) + ")");
      continue;
    }
    entries.push_back(Entry{key, k, it->second, "\"" + key + "\""});
  }
  return entries;
}

std::vector<Entry> YamlReader::Entries(const Entry& at, std::string_view expected,
                                       const std::vector<std::string>& valid,
                                       std::string_view what) {
  if (!at.value.IsMap()) {
    TypeError(at, expected);
    return {};
  }
  return MappingEntries(at.value, valid, what);
}

std::optional<std::string> YamlReader::Text(const Entry& e, bool allow_empty) {
  if (!e.value.IsScalar() || (!allow_empty && e.value.Scalar().empty())) {
    TypeError(e, "text");
    return std::nullopt;
  }
  return e.value.Scalar();
}

std::optional<bool> YamlReader::YesNo(const Entry& e) {
  if (e.value.IsScalar()) {
    std::string v = Lower(e.value.Scalar());
    if (v == "yes" || v == "true" || v == "on") return true;
    if (v == "no" || v == "false" || v == "off") return false;
  }
  TypeError(e, "yes or no");
  return std::nullopt;
}

std::optional<int64_t> YamlReader::Integer(const Entry& e) {
  if (e.value.IsScalar()) {
    const std::string& v = e.value.Scalar();
    size_t digits = (!v.empty() && (v[0] == '-' || v[0] == '+')) ? 1 : 0;
    if (v.size() > digits && v.size() < 18 &&
        std::all_of(v.begin() + static_cast<long>(digits), v.end(),
                    [](char c) { return c >= '0' && c <= '9'; })) {
      return std::stoll(v);
    }
  }
  TypeError(e, "a whole number");
  return std::nullopt;
}

std::optional<std::chrono::milliseconds> YamlReader::Duration(const Entry& e, bool signed_ok) {
  if (e.value.IsScalar()) {
    std::string v = e.value.Scalar();
    int sign = 1;
    if (signed_ok && !v.empty() && (v[0] == '-' || v[0] == '+')) {
      sign = v[0] == '-' ? -1 : 1;
      v.erase(0, 1);
    }
    size_t n = 0;
    while (n < v.size() && n < 12 && v[n] >= '0' && v[n] <= '9') ++n;
    std::string unit = v.substr(n);
    static const std::map<std::string, int64_t> kUnits = {
        {"", 1000}, {"ms", 1}, {"s", 1000}, {"m", 60000}, {"h", 3600000}};
    if (n > 0 && n < 12 && kUnits.count(unit)) {
      return std::chrono::milliseconds(sign * std::stoll(v.substr(0, n)) * kUnits.at(unit));
    }
  }
  TypeError(
      e, signed_ok ? "a duration like 30s, -90s, 500ms or 2m" : "a duration like 30s, 500ms or 2m");
  return std::nullopt;
}

std::optional<std::vector<std::string>> YamlReader::TextList(const Entry& e) {
  if (e.value.IsScalar()) {
    if (auto t = Text(e)) return std::vector<std::string>{*t};
    return std::nullopt;
  }
  if (!e.value.IsSequence()) {
    TypeError(e, "text or a list of texts");
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (const YAML::Node& item : e.value) {
    auto t = Text(ItemEntry(e, item));
    if (t) out.push_back(*t);
    ok = ok && t.has_value();
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<size_t> YamlReader::Choice(const Entry& e, const std::vector<std::string>& choices,
                                         std::string_view what) {
  auto t = Text(e);
  if (!t) return std::nullopt;
  for (size_t i = 0; i < choices.size(); ++i) {
    if (Lower(*t) == Lower(choices[i])) return i;
  }
  Error(e.value_mark(), UnknownMessage(what, *t, choices));
  return std::nullopt;
}

// libstdc++ reports a leading "*" as error_paren; tell the two apart.
bool ParensBalanced(const std::string& pattern) {
  int depth = 0;
  bool in_class = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\') {
      ++i;
    } else if (in_class) {
      in_class = c != ']';
    } else if (c == '[') {
      in_class = true;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth < 0) {
      return false;
    }
  }
  return depth == 0;
}

// Patterns run on RE2 (linear time on page-sized text), so they are checked
// with RE2's syntax: ECMAScript-like, without back references or look-around.
std::optional<std::string> RegexProblem(const std::string& pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re(pattern, options);
  if (re.ok()) return std::nullopt;
  if (re.error_code() == RE2::ErrorMissingParen && ParensBalanced(pattern))
    return "*, +, ? or { } with nothing to repeat";
  switch (re.error_code()) {
    case RE2::ErrorMissingParen:
    case RE2::ErrorUnexpectedParen:
      return "unmatched ( or )";
    case RE2::ErrorMissingBracket:
      return "unmatched [ or ]";
    case RE2::ErrorRepeatSize:
      return "invalid count in { }";
    case RE2::ErrorBadCharRange:
      return "invalid character range";
    case RE2::ErrorBadEscape:
    case RE2::ErrorTrailingBackslash:
      return "invalid escape or trailing backslash";
    case RE2::ErrorRepeatArgument:
    case RE2::ErrorRepeatOp:
      return "*, +, ? or { } with nothing to repeat";
    case RE2::ErrorBadCharClass:
      return "invalid character class";
    case RE2::ErrorBadPerlOp:
      return "look-ahead, look-behind and back references are not supported (RE2 syntax)";
    default:
      return "invalid pattern (" + re.error() + ")";
  }
}

std::optional<std::string> YamlReader::Regex(const Entry& e) {
  auto t = Text(e);
  if (!t) return std::nullopt;
  std::string probe = *t;
  if (auto refs = FindVariables(*t); refs.ok()) {
    for (auto it = refs->rbegin(); it != refs->rend(); ++it)
      probe.replace(it->offset, it->length, "x");
  }
  if (auto problem = RegexProblem(probe)) {
    Error(e.value_mark(), "invalid regular expression \"" + *t + "\": " + *problem);
    return std::nullopt;
  }
  return t;
}

std::optional<std::string> YamlReader::VarName(const Entry& e) {
  auto t = Text(e);
  if (!t) return std::nullopt;
  bool ok = !t->empty() && !std::isdigit(static_cast<unsigned char>((*t)[0]));
  for (char c : *t)
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-');
  if (!ok) {
    Error(e.value_mark(), "invalid variable name \"" + *t +
                              "\": use letters, digits, '_' and '-', not starting with a digit");
    return std::nullopt;
  }
  return t;
}

std::optional<Locator> YamlReader::LocatorValue(const Entry& e) {
  if (e.value.IsMap()) {
    std::vector<Entry> entries = MappingEntries(e.value, {"css"}, "a locator");
    if (entries.empty()) {
      if (e.value.size() == 0) TypeError(e, "text or {css: selector}");
      return std::nullopt;
    }
    auto css = Text(entries[0]);
    if (!css) return std::nullopt;
    return Locator{"", *css};
  }
  if (!e.value.IsScalar() || e.value.Scalar().empty()) {
    TypeError(e, "text or {css: selector}");
    return std::nullopt;
  }
  return Locator{e.value.Scalar(), ""};
}

}  // namespace proofup::scenario
