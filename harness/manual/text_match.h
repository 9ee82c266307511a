// Internal: comparing labels with the lines of a page, and picking the
// nearest of several words (for "did you mean" and "the screen now reads").
#ifndef PROOFUP_MANUAL_TEXT_MATCH_H_
#define PROOFUP_MANUAL_TEXT_MATCH_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/base/edit_distance.h"

namespace proofup::manual {

// FoldForMatch (harness/base/text_fold.h): NFC, Unicode case folding, runs of
// white space one space, trimmed — the browser's loose matching, so the
// manual check and a scenario step agree on what "the same label" is.
std::string Normalize(std::string_view text);

using proofup::EditDistance;  // harness/base/edit_distance.h

// The page's visible text split into trimmed, non-empty lines.
std::vector<std::string> SplitLines(std::string_view text);

// How `label` shows on one line: exact when the line is the label, also when
// the line adds only a parenthesised suffix ("Nederland (+31)" for
// "Nederland"); case-or-spacing when equal after Normalize (same suffix rule).
enum class LineMatch { kNone, kExact, kCaseOrSpacing };
LineMatch MatchLine(std::string_view label, std::string_view line);

// The candidate that most likely replaced `label` (FindClosestText of
// harness/base/closest_text.h, the runner's survey uses the same); nullopt
// when no candidate is left.
std::optional<std::string> ClosestLine(std::string_view label,
                                       const std::vector<std::string>& candidates);

}  // namespace proofup::manual

#endif  // PROOFUP_MANUAL_TEXT_MATCH_H_
