// Which of several texts most likely replaced a label that is gone: the one
// scoring of "the screen now reads ..." (the manual check) and of the survey
// walk's nearest button (the runner), so both name the same replacement.
#ifndef PROOFUP_BASE_CLOSEST_TEXT_H_
#define PROOFUP_BASE_CLOSEST_TEXT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace proofup {

struct ClosestText {
  std::string text;          // the candidate as given
  bool shares_word = false;  // it has a word of the label (compared folded)
};

// The candidate that most likely replaced `label`: scored by shared words
// (weighted double), similar length and character similarity, so that a short
// button text beats a sentence that merely mentions the label. Candidates
// without letters are skipped; ties go to the earlier one. nullopt when no
// candidate is left. Pure and thread-safe.
std::optional<ClosestText> FindClosestText(std::string_view label,
                                           const std::vector<std::string>& candidates);

}  // namespace proofup

#endif  // PROOFUP_BASE_CLOSEST_TEXT_H_
