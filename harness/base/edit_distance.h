// Levenshtein distance, for the "did you mean" suggestions of the CLI, the
// scenario loader and the manual check (one implementation for all three).
#ifndef PROOFUP_BASE_EDIT_DISTANCE_H_
#define PROOFUP_BASE_EDIT_DISTANCE_H_

#include <cstddef>
#include <string_view>

namespace proofup {

// Insertions, deletions and substitutions turning `a` into `b`, counted in
// bytes. O(|a|·|b|) time, O(|b|) memory; callers pass short names and labels.
// Thread-safe (pure function).
size_t EditDistance(std::string_view a, std::string_view b);

}  // namespace proofup

#endif  // PROOFUP_BASE_EDIT_DISTANCE_H_
