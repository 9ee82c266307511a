// The names of the manual check's enums, as the reports and manual.json write them.
#include "harness/manual/manual.h"

namespace proofup::manual {

const char* ActorName(Actor actor) { return actor == Actor::kPhone ? "phone" : "computer"; }

const char* LabelMatchName(LabelMatch match) {
  switch (match) {
    case LabelMatch::kExact:
      return "exact";
    case LabelMatch::kCaseOrSpacing:
      return "case or spacing";
    case LabelMatch::kMissing:
      return "missing";
    case LabelMatch::kNotChecked:
      return "not checked";
  }
  return "?";
}

const char* StepStatusName(StepStatus status) {
  switch (status) {
    case StepStatus::kMatches:
      return "matches";
    case StepStatus::kDrift:
      return "drift";
    case StepStatus::kNotChecked:
      return "not checked";
    case StepStatus::kNotCovered:
      return "not covered";
  }
  return "?";
}

const char* FindingKindName(FindingKind kind) {
  switch (kind) {
    case FindingKind::kLabelMissing:
      return "label missing";
    case FindingKind::kReordered:
      return "reordered";
    case FindingKind::kNewScreen:
      return "new screen";
    case FindingKind::kNotCovered:
      return "not covered";
  }
  return "?";
}

}  // namespace proofup::manual
