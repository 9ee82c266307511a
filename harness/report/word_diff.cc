#include "harness/report/word_diff.h"

#include <algorithm>
#include <cstdint>

namespace proofup::report_internal {
namespace {

using Words = std::vector<std::string_view>;

Words SplitWords(std::string_view text) {
  Words words;
  const auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && is_space(text[pos])) ++pos;
    size_t start = pos;
    while (pos < text.size() && !is_space(text[pos])) ++pos;
    if (pos > start) words.push_back(text.substr(start, pos - start));
  }
  return words;
}

void Append(std::vector<DiffSegment>& out, DiffSegment::Kind kind, std::string_view word) {
  if (!out.empty() && out.back().kind == kind) {
    out.back().text += ' ';
    out.back().text.append(word);
  } else {
    out.push_back({kind, std::string(word)});
  }
}

// Emits a[ai..ae) as removed and b[bi..be) as added.
void AppendChange(std::vector<DiffSegment>& out, const Words& a, size_t ai, size_t ae,
                  const Words& b, size_t bi, size_t be) {
  for (size_t i = ai; i < ae; ++i) Append(out, DiffSegment::Kind::kRemoved, a[i]);
  for (size_t j = bi; j < be; ++j) Append(out, DiffSegment::Kind::kAdded, b[j]);
}

}  // namespace

std::vector<DiffSegment> DiffWords(std::string_view expected, std::string_view observed) {
  const Words a = SplitWords(expected);
  const Words b = SplitWords(observed);
  std::vector<DiffSegment> out;

  // The common prefix and suffix need no table; this keeps the usual case (one
  // renamed word in a title) cheap and lets long texts with a small change fit.
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  for (size_t i = 0; i < prefix; ++i) Append(out, DiffSegment::Kind::kSame, a[i]);

  const size_t n = a.size() - prefix - suffix;
  const size_t m = b.size() - prefix - suffix;
  if (n != 0 && m != 0 && (n + 1) * (m + 1) <= kMaxDiffCells) {
    // lcs[i][j] = length of the LCS of a[prefix+i..] and b[prefix+j..].
    std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
    const auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
    for (size_t i = n; i-- > 0;) {
      for (size_t j = m; j-- > 0;) {
        at(i, j) = a[prefix + i] == b[prefix + j] ? at(i + 1, j + 1) + 1
                                                  : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    size_t i = 0, j = 0, changed_i = 0, changed_j = 0;
    while (i < n && j < m) {
      if (a[prefix + i] == b[prefix + j]) {
        AppendChange(out, a, prefix + changed_i, prefix + i, b, prefix + changed_j, prefix + j);
        Append(out, DiffSegment::Kind::kSame, a[prefix + i]);
        changed_i = ++i;
        changed_j = ++j;
      } else if (at(i + 1, j) >= at(i, j + 1)) {
        ++i;
      } else {
        ++j;
      }
    }
    AppendChange(out, a, prefix + changed_i, prefix + n, b, prefix + changed_j, prefix + m);
  } else {
    AppendChange(out, a, prefix, prefix + n, b, prefix, prefix + m);
  }

  for (size_t i = a.size() - suffix; i < a.size(); ++i) {
    Append(out, DiffSegment::Kind::kSame, a[i]);
  }
  return out;
}

}  // namespace proofup::report_internal
