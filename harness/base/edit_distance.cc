#include "harness/base/edit_distance.h"

#include <algorithm>
#include <vector>

#include "harness/base/text_fold.h"

namespace proofup {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> NearestWord(std::string_view word,
                                       const std::vector<std::string>& candidates) {
  const std::string w = FoldForMatch(word);
  const size_t space = w.find(' ');
  std::optional<std::string> best;
  size_t best_distance = 0;
  for (const std::string& c : candidates) {
    const std::string folded = FoldForMatch(c);
    const size_t d = EditDistance(w, folded);
    const bool prefix =
        (!w.empty() && (folded.rfind(w, 0) == 0 || w.rfind(folded, 0) == 0)) ||
        (space != std::string::npos && folded.rfind(w.substr(0, space + 1), 0) == 0);
    if (d > std::max<size_t>(2, std::min(w.size(), folded.size()) / 3) && !prefix) continue;
    if (!best || d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

}  // namespace proofup
