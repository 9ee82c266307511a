// Word-level diff of an expected and an observed text, for showing a failed
// step's two texts side by side with the differences highlighted.
#ifndef PROOFUP_REPORT_WORD_DIFF_H_
#define PROOFUP_REPORT_WORD_DIFF_H_

#include <string>
#include <string_view>
#include <vector>

namespace proofup::report_internal {

struct DiffSegment {
  enum class Kind { kSame, kRemoved, kAdded };
  Kind kind = Kind::kSame;
  std::string text;  // one or more words joined by single spaces
};

// Splits both texts on whitespace and aligns the words by their longest common
// subsequence (exact, case-sensitive comparison). Returns segments in reading
// order: kSame words are in both, kRemoved only in `expected`, kAdded only in
// `observed`; runs of one kind are merged, and at each difference the removed
// words come before the added ones. When the texts are too long for the
// quadratic table (more than kMaxDiffCells word pairs) the result is one
// kRemoved and one kAdded segment after the common prefix and suffix.
inline constexpr size_t kMaxDiffCells = 4'000'000;
std::vector<DiffSegment> DiffWords(std::string_view expected, std::string_view observed);

}  // namespace proofup::report_internal

#endif  // PROOFUP_REPORT_WORD_DIFF_H_
