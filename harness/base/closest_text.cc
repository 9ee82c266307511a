#include "harness/base/closest_text.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "harness/base/edit_distance.h"
#include "harness/base/text_fold.h"

namespace proofup {
namespace {

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  for (char c : FoldForMatch(text)) {
    if (std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80) || c == '-') {
      current += c;
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

bool HasLetter(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || (c & 0x80);
  });
}

}  // namespace

std::optional<ClosestText> FindClosestText(std::string_view label,
                                           const std::vector<std::string>& candidates) {
  std::vector<std::string> label_words = Words(label);
  std::set<std::string> label_set(label_words.begin(), label_words.end());
  std::string folded = FoldForMatch(label);
  std::optional<ClosestText> best;
  double best_score = -1;
  for (const std::string& candidate : candidates) {
    if (!HasLetter(candidate)) continue;
    std::vector<std::string> words = Words(candidate);
    double shared = static_cast<double>(std::count_if(
        words.begin(), words.end(), [&](const std::string& w) { return label_set.count(w) > 0; }));
    // Shared words weigh most; a replacement label also tends to have the
    // label's length and shape, while a sentence merely mentioning it does not.
    double dice =
        2 * shared / static_cast<double>(std::max<size_t>(1, words.size() + label_words.size()));
    std::string n = FoldForMatch(candidate);
    double longer = static_cast<double>(std::max<size_t>(1, std::max(folded.size(), n.size())));
    double length = static_cast<double>(std::min(folded.size(), n.size())) / longer;
    double characters = 1.0 - static_cast<double>(EditDistance(folded, n)) / longer;
    double score = 2 * dice + length + characters;
    if (score > best_score) {
      best = ClosestText{candidate, shared > 0};
      best_score = score;
    }
  }
  return best;
}

}  // namespace proofup
