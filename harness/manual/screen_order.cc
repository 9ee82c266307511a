#include "harness/manual/screen_order.h"

#include <cstddef>

namespace proofup::manual {

std::vector<bool> LongestOrderedRun(const std::vector<std::vector<int>>& places) {
  // States (screen i, its k-th place): the longest run ending there, and the
  // state before it in that run.
  struct State {
    size_t length = 0;
    size_t prev_screen = 0, prev_place = 0;
    bool has_prev = false;
  };
  std::vector<std::vector<State>> best(places.size());
  size_t end_screen = 0, end_place = 0, end_length = 0;
  for (size_t i = 0; i < places.size(); ++i) {
    best[i].resize(places[i].size());
    for (size_t k = 0; k < places[i].size(); ++k) {
      State& s = best[i][k];
      s.length = 1;
      for (size_t j = 0; j < i; ++j)
        for (size_t m = 0; m < places[j].size(); ++m)
          if (places[j][m] <= places[i][k] && best[j][m].length + 1 > s.length)
            s = {best[j][m].length + 1, j, m, true};
      if (s.length > end_length) {
        end_length = s.length;
        end_screen = i;
        end_place = k;
      }
    }
  }
  std::vector<bool> in_order(places.size(), false);
  if (end_length == 0) return in_order;
  for (size_t i = end_screen, k = end_place;;) {
    in_order[i] = true;
    const State& s = best[i][k];
    if (!s.has_prev) break;
    i = s.prev_screen;
    k = s.prev_place;
  }
  return in_order;
}

}  // namespace proofup::manual
