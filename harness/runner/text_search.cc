#include "harness/runner/text_search.h"

#include <re2/re2.h>

#include <vector>

namespace proofup::runner {

StatusOr<std::optional<std::string>> FindFirst(std::string_view pattern, std::string_view text) {
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!re.ok()) {
    return Status::InvalidArgument("invalid regular expression \"" + std::string(pattern) +
                                   "\": " + re.error());
  }
  int groups = re.NumberOfCapturingGroups() > 0 ? 2 : 1;
  std::vector<re2::StringPiece> match(groups);
  if (!re.Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), RE2::UNANCHORED,
                match.data(), groups))
    return std::optional<std::string>();
  const re2::StringPiece& chosen = groups == 2 && match[1].data() != nullptr ? match[1] : match[0];
  return std::optional<std::string>(std::string(chosen.data(), chosen.size()));
}

}  // namespace proofup::runner
