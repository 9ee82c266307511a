// Where a run put each manual step: the order for --update, and the screens
// a reordered portal split off a step (internal to the manual module).
#ifndef PROOFUP_MANUAL_RUN_ORDER_H_
#define PROOFUP_MANUAL_RUN_ORDER_H_

#include <string>
#include <vector>

#include "harness/manual/manual.h"

namespace proofup::manual {

// One performed scenario step that names manual steps, in the order performed.
struct StepVisit {
  std::vector<int> steps;             // StepResult::manual_steps
  std::vector<std::string> headings;  // of the pages attributed to it
};

// Manual step numbers in the order `visits` finished them: a step's place is
// its last visit, so a step whose screens a portal split (one early, one at
// the end) stays where it ends. Each number once. Pure.
std::vector<int> FinishOrder(const std::vector<StepVisit>& visits);

// Screens of a manual step seen in an earlier run of its visits, apart from
// its last run (other steps in between) and not seen there: each moves to the
// step performed right before that earlier run. Only screens the manual lists
// for the step, and only to a step of the manual. Pure.
std::vector<ManualCheck::MovedScreen> MovedScreens(const Manual& manual,
                                                   const std::vector<StepVisit>& visits);

}  // namespace proofup::manual

#endif  // PROOFUP_MANUAL_RUN_ORDER_H_
