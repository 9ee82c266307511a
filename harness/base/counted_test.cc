#include "harness/base/counted.h"

#include <gtest/gtest.h>

namespace proofup {
namespace {

TEST(Counted, OneIsSingularEveryOtherCountPlural) {
  EXPECT_EQ(Counted(1, "scenario"), "1 scenario");
  EXPECT_EQ(Counted(0, "scenario"), "0 scenarios");
  EXPECT_EQ(Counted(2, "scenario"), "2 scenarios");
  EXPECT_EQ(Counted(-1, "step"), "-1 steps");
}

TEST(Counted, AnIrregularPluralIsTakenAsGiven) {
  EXPECT_EQ(Counted(1, "stap", "stappen"), "1 stap");
  EXPECT_EQ(Counted(16, "stap", "stappen"), "16 stappen");
  EXPECT_EQ(NounFor(1, "step"), "step");
  EXPECT_EQ(NounFor(3, "run folder"), "run folders");
}

}  // namespace
}  // namespace proofup
