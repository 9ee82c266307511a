// The one comparison of text "as a person reads it", shared by every module
// that matches what a scenario names against what a page shows (the browser's
// labels and buttons, the manual check, error texts). Pure and thread-safe.
#ifndef PROOFUP_BASE_TEXT_FOLD_H_
#define PROOFUP_BASE_TEXT_FOLD_H_

#include <string>
#include <string_view>

namespace proofup {

// `text` folded for comparison: Unicode NFC, full case folding (so
// "VERIFIËREN", an NFD "Verifiëren" and "verifiëren" fold alike; "ß" folds to
// "ss"), default-ignorable characters removed (soft hyphen, zero-width
// space), every run of white space (ASCII, no-break and other Unicode
// spaces) one ASCII space, trimmed. Invalid UTF-8 falls back to ASCII
// lower-casing of the bytes as they are, so any input folds.
std::string FoldForMatch(std::string_view text);

// FoldForMatch(a) == FoldForMatch(b).
bool SameFolded(std::string_view a, std::string_view b);

// `label` without the punctuation forms add after a name: a trailing colon
// (":" or fullwidth "："), with white space around it trimmed
// ("Username:" and "Username :" -> "Username"). Other text unchanged.
std::string_view WithoutTrailingColon(std::string_view label);

}  // namespace proofup

#endif  // PROOFUP_BASE_TEXT_FOLD_H_
