#include "harness/cli/suggest.h"

#include <algorithm>

#include "harness/base/edit_distance.h"

namespace proofup::cli {
std::optional<std::string> NearestName(std::string_view word,
                                       const std::vector<std::string>& names) {
  std::optional<std::string> best;
  size_t best_distance = std::max<size_t>(1, word.size() / 3) + 1;
  for (const std::string& name : names) {
    size_t d = EditDistance(word, name);
    if (word.size() >= 2 && name.rfind(word, 0) == 0) d = std::min<size_t>(d, 1);
    if (d < best_distance) {
      best_distance = d;
      best = name;
    }
  }
  return best;
}

std::string DidYouMean(std::string_view word, const std::vector<std::string>& names) {
  auto near = NearestName(word, names);
  return near ? "; did you mean \"" + *near + "\"?" : "";
}

}  // namespace proofup::cli
