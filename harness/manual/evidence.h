// What a run showed at each manual step, gathered from its scenario results
// before anything is compared with the manual (internal to the manual
// module; check.cc compares). Only observations: a step the run never
// reached has no pages, and says why.
#ifndef PROOFUP_MANUAL_EVIDENCE_H_
#define PROOFUP_MANUAL_EVIDENCE_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "harness/manual/manual.h"
#include "harness/manual/run_order.h"

namespace proofup::manual {

// A page a scenario step saw, attributed to the manual steps it names.
struct SeenPage {
  std::string heading;
  std::string text;
  std::string screenshot, screen_file;  // of the step that saw it, relative to the run folder
  bool before_action = false;           // the page a click/fill/select/choose acted on
};

// What the run's scenarios tell about one manual step.
struct StepEvidence {
  std::vector<SeenPage> pages;
  bool reached = false;                   // some covering step ran
  bool unfinished = false;                // some covering step did not run
  std::string stop_note;                  // why, e.g. `scenario "X" stopped at step 12 (manual 8)`
  std::vector<std::string> failed_texts;  // description and expectation of a failed covering step
};

struct Evidence {
  std::map<int, std::vector<CoveringStep>> covered_by;
  std::map<int, StepEvidence> steps;
  std::vector<std::vector<std::string>> sequences;  // per scenario: first visit of each heading
  std::vector<std::string> all_headings;            // in order of first appearance
  std::map<std::string, int> heading_first_step;    // manual step where a heading was first seen
  std::set<std::string> chrome;  // lines on every page of the run (tenant name, language link)
  std::vector<int> run_order;    // manual steps in the order the run finished them
  std::vector<StepVisit> first_visits;  // the first scenario's, for MovedScreens
};

// The scenarios of `run` that follow `manual` (their `manual:` names its
// file), in run order; pointers into `run`. Only those: a branch scenario
// (sign-in after enrollment) tags its steps with manual numbers for the
// reports, but walks another path, so comparing it would report drift that
// is none. Pure.
std::vector<const ScenarioResult*> SelectScenarios(const Manual& manual, const RunResult& run);

// The evidence of `scenarios` (SelectScenarios' answer), in their order.
// Pure.
Evidence GatherEvidence(const std::vector<const ScenarioResult*>& scenarios);

}  // namespace proofup::manual

#endif  // PROOFUP_MANUAL_EVIDENCE_H_
