#include "harness/scenario/yaml_prescan.h"

#include <algorithm>
#include <vector>

namespace proofup::scenario {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// A line whose value is a block scalar header ("|", ">-", "|2 # x"):
// the more-indented lines after it are text, not structure.
bool EndsWithBlockScalarHeader(std::string_view line) {
  size_t hash = line.find(" #");
  if (hash != std::string_view::npos) line = line.substr(0, hash);
  while (!line.empty() && IsBlank(line.back())) line.remove_suffix(1);
  size_t i = line.size();
  while (i > 0 &&
         (line[i - 1] == '-' || line[i - 1] == '+' || (line[i - 1] >= '0' && line[i - 1] <= '9')))
    --i;
  if (i == 0 || (line[i - 1] != '|' && line[i - 1] != '>')) return false;
  return i == 1 || IsBlank(line[i - 2]);
}

class Scanner {
 public:
  Scanner(std::string_view text, int max_depth) : text_(text), max_depth_(max_depth) {}

  std::optional<PrescanProblem> Run() {
    // yaml-cpp 0.7 loops forever on some inputs with a NUL byte (found by
    // fuzz_scenario: "\0\0\0,\0\0\0\0l"); a scenario is text, so refuse them.
    if (size_t nul = text_.find('\0'); nul != std::string_view::npos) {
      std::string_view before = text_.substr(0, nul);
      size_t line_start = before.rfind('\n');
      int line = static_cast<int>(std::count(before.begin(), before.end(), '\n'));
      int column =
          static_cast<int>(line_start == std::string_view::npos ? nul : nul - line_start - 1);
      return PrescanProblem{line, column, "a NUL byte: a scenario file must be text"};
    }
    while (pos_ < text_.size() && !problem_) ScanLine();
    if (!problem_ && quote_) {
      problem_ = PrescanProblem{quote_line_, quote_column_,
                                std::string("unclosed ") + (quote_ == '"' ? "double" : "single") +
                                    " quote: the string opened here never ends"};
    }
    return problem_;
  }

 private:
  void ScanLine() {
    size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    std::string_view line = text_.substr(pos_, end - pos_);
    size_t indent = 0;
    while (indent < line.size() && line[indent] == ' ') ++indent;
    bool empty = indent == line.size() || line[indent] == '#' || line[indent] == '\r';
    if (block_scalar_indent_ >= 0 && (empty || static_cast<int>(indent) > block_scalar_indent_)) {
      Next(end);
      return;
    }
    block_scalar_indent_ = -1;
    size_t i = 0;
    if (!quote_ && flow_ == 0 && !empty) {
      while (!indents_.empty() && indents_.back() >= static_cast<int>(indent)) indents_.pop_back();
      indents_.push_back(static_cast<int>(indent));
      i = indent;
      int dashes = 0;
      while (i + 1 < line.size() && line[i] == '-' && IsBlank(line[i + 1])) {
        ++dashes;
        i += 2;
        while (i < line.size() && IsBlank(line[i])) ++i;
      }
      if (!CheckDepth(static_cast<int>(i), static_cast<int>(indents_.size()) + dashes)) return;
    }
    ScanChars(line, i);
    if (!problem_ && !quote_ && flow_ == 0 && EndsWithBlockScalarHeader(line))
      block_scalar_indent_ = static_cast<int>(indent);
    Next(end);
  }

  void ScanChars(std::string_view line, size_t i) {
    bool scalar_start = true;  // a quote or bracket here opens a string or flow
    for (; i < line.size() && !problem_; ++i) {
      char c = line[i];
      if (quote_) {
        if (quote_ == '"' && c == '\\') {
          ++i;
        } else if (c == quote_) {
          if (quote_ == '\'' && i + 1 < line.size() && line[i + 1] == '\'') {
            ++i;
          } else {
            quote_ = 0;
          }
        }
        scalar_start = false;
        continue;
      }
      if (c == '#' && (i == 0 || IsBlank(line[i - 1]))) return;
      if (IsBlank(c)) continue;
      if (scalar_start && (c == '"' || c == '\'')) {
        quote_ = c;
        quote_line_ = line_;
        quote_column_ = static_cast<int>(i);
      } else if ((scalar_start || flow_ > 0) && (c == '[' || c == '{')) {
        ++flow_;
        if (!CheckDepth(static_cast<int>(i), static_cast<int>(indents_.size()) + flow_)) return;
        scalar_start = true;
        continue;
      } else if (flow_ > 0 && (c == ']' || c == '}')) {
        --flow_;
      } else if (flow_ > 0 && c == ',') {
        scalar_start = true;
        continue;
      } else if ((c == ':' || c == '-' || c == '?') &&
                 (i + 1 == line.size() || IsBlank(line[i + 1]) || flow_ > 0)) {
        scalar_start = true;
        continue;
      }
      scalar_start = false;
    }
  }

  bool CheckDepth(int column, int depth) {
    if (depth <= max_depth_) return true;
    problem_ = PrescanProblem{line_, column,
                              "nested deeper than " + std::to_string(max_depth_) + " levels"};
    return false;
  }

  void Next(size_t end) {
    pos_ = end + 1;
    ++line_;
  }

  std::string_view text_;
  int max_depth_;
  size_t pos_ = 0;
  int line_ = 0;
  std::vector<int> indents_;  // never longer than max_depth_ + 1
  int flow_ = 0;
  char quote_ = 0;
  int quote_line_ = 0, quote_column_ = 0;
  int block_scalar_indent_ = -1;
  std::optional<PrescanProblem> problem_;
};

}  // namespace

std::optional<PrescanProblem> PrescanYaml(std::string_view text, int max_depth) {
  return Scanner(text, max_depth).Run();
}

}  // namespace proofup::scenario
