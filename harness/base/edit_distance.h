// Levenshtein distance, for the "did you mean" suggestions of the CLI, the
// scenario loader and the manual check (one implementation for all three),
// and the nearest-word rule the two loaders share.
#ifndef PROOFUP_BASE_EDIT_DISTANCE_H_
#define PROOFUP_BASE_EDIT_DISTANCE_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace proofup {

// Insertions, deletions and substitutions turning `a` into `b`, counted in
// bytes. O(|a|·|b|) time, O(|b|) memory; callers pass short names and labels.
// Thread-safe (pure function).
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate nearest to `word`, for the scenario loader's and the manual
// loader's "did you mean": compared folded (FoldForMatch: case, spacing,
// Unicode forms), close when within an edit distance of max(2, a third of the
// shorter one), when one is a prefix of the other, or when the candidate starts
// with the first word of a phrase ("scan code" -> "scan qr"). The nearest wins,
// the earlier one on a tie; nullopt when none is close. Thread-safe.
std::optional<std::string> NearestWord(std::string_view word,
                                       const std::vector<std::string>& candidates);

}  // namespace proofup

#endif  // PROOFUP_BASE_EDIT_DISTANCE_H_
