#include "harness/result/result.h"

namespace proofup {

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPassed:
      return "passed";
    case Outcome::kFailed:
      return "failed";
    case Outcome::kNotRun:
      return "not run";
    case Outcome::kFlaky:
      return "flaky";
    case Outcome::kError:
      return "error";
  }
  return "unknown";
}

}  // namespace proofup
