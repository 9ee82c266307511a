// Internal: which screens of a run came in the manual's order.
#ifndef PROOFUP_MANUAL_SCREEN_ORDER_H_
#define PROOFUP_MANUAL_SCREEN_ORDER_H_

#include <vector>

namespace proofup::manual {

// `places[i]`: the positions in the manual (0-based, in the manual's order)
// where the i-th screen the run passed may belong; a screen several steps show
// ("Gelukt!" ends one step and opens the next) has several, and counts as in
// order at any of them. Returns, per screen, whether it is part of the
// longest run of screens whose chosen positions never decrease (ties go to
// the earliest screens); the others were shown out of the manual's order.
// A screen without places is never in order. O(n²·k²); runs are short.
std::vector<bool> LongestOrderedRun(const std::vector<std::vector<int>>& places);

}  // namespace proofup::manual

#endif  // PROOFUP_MANUAL_SCREEN_ORDER_H_
