// "Did you mean": the known name nearest to a mistyped one (commands, options,
// mock-idp variants). Internal to the cli module.
#ifndef PROOFUP_CLI_SUGGEST_H_
#define PROOFUP_CLI_SUGGEST_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace proofup::cli {

// The name in `names` with the smallest edit distance to `word`, when that
// distance is small enough to be a typo (at most a third of the word's length,
// at least 1) or `word` is a prefix of it; nullopt otherwise.
std::optional<std::string> NearestName(std::string_view word,
                                       const std::vector<std::string>& names);

// `; did you mean "x"?` for NearestName, or "" when nothing is near.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& names);

}  // namespace proofup::cli

#endif  // PROOFUP_CLI_SUGGEST_H_
