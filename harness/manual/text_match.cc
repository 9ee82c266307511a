#include "harness/manual/text_match.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "harness/base/closest_text.h"
#include "harness/base/text_fold.h"

namespace proofup::manual {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

// "Nederland (+31)" -> "Nederland"; other lines unchanged.
std::string WithoutParenthesisedSuffix(std::string_view line) {
  std::string t = Trim(line);
  if (t.empty() || t.back() != ')') return t;
  size_t open = t.rfind(" (");
  return open == std::string::npos || open == 0 ? t : Trim(t.substr(0, open));
}

}  // namespace

std::string Normalize(std::string_view text) { return FoldForMatch(text); }

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line = Trim(text.substr(start, end - start));
    if (!line.empty()) lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

LineMatch MatchLine(std::string_view label, std::string_view line) {
  std::string l = Trim(label);
  for (const std::string& candidate : {Trim(line), WithoutParenthesisedSuffix(line)}) {
    if (candidate == l) return LineMatch::kExact;
  }
  for (const std::string& candidate : {Trim(line), WithoutParenthesisedSuffix(line)}) {
    if (Normalize(candidate) == Normalize(l)) return LineMatch::kCaseOrSpacing;
  }
  return LineMatch::kNone;
}

std::optional<std::string> ClosestLine(std::string_view label,
                                       const std::vector<std::string>& candidates) {
  auto closest = FindClosestText(label, candidates);
  if (!closest) return std::nullopt;
  return closest->text;
}

}  // namespace proofup::manual
