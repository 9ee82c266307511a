// Regular expressions over page text, in linear time (RE2): a hostile page
// cannot make a search recurse or backtrack (libstdc++'s std::regex recursed
// once per character and crashed on 100,000 digits). Internal to the runner.
// Syntax is RE2's: ECMAScript without back references and look-around.
#ifndef PROOFUP_RUNNER_TEXT_SEARCH_H_
#define PROOFUP_RUNNER_TEXT_SEARCH_H_

#include <optional>
#include <string>
#include <string_view>

#include "harness/base/status.h"

namespace proofup::runner {

// The first match of `pattern` in `text`: its first group when the pattern
// has one and it took part in the match, else the whole match; nullopt when
// nothing matches. Error: kInvalidArgument naming the pattern and RE2's reason.
// Thread-safe (no shared state).
StatusOr<std::optional<std::string>> FindFirst(std::string_view pattern, std::string_view text);

}  // namespace proofup::runner

#endif  // PROOFUP_RUNNER_TEXT_SEARCH_H_
