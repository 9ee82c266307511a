#include "harness/manual/run_order.h"

#include <gtest/gtest.h>

namespace proofup::manual {
namespace {

Manual ThreeSteps() {
  auto m = LoadManualText(R"(manual: T
steps:
  - {step: 1, actor: computer, summary: Phone., screens: [Telefoon]}
  - {step: 2, actor: computer, summary: App., screens: [App]}
  - {step: 3, actor: computer, summary: Done., screens: [Verified, Done]}
)",
                          "m.yaml");
  EXPECT_TRUE(m.ok()) << m.status().message();
  return m.ok() ? *m : Manual{};
}

// The portal now shows step 3's first screen right after step 1, its last
// at the end: step 3 stays last (where it ends), "Verified" moves to step 1.
const std::vector<StepVisit> kSplit = {
    {{1}, {"Telefoon"}}, {{1}, {"Telefoon"}}, {{3}, {"Verified"}}, {{2}, {"App"}}, {{3}, {"Done"}}};

TEST(FinishOrder, AStepsPlaceIsItsLastVisit) {
  EXPECT_EQ(FinishOrder(kSplit), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(FinishOrder({{{2}, {}}, {{1, 3}, {}}, {{3}, {}}}), (std::vector<int>{2, 1, 3}));
  EXPECT_EQ(FinishOrder({}), std::vector<int>{});
}

TEST(MovedScreens, TheScreenSplitOffGoesToTheStepBeforeIt) {
  auto moved = MovedScreens(ThreeSteps(), kSplit);
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved[0].screen, "Verified");
  EXPECT_EQ(moved[0].from, 3);
  EXPECT_EQ(moved[0].to, 1);
}

TEST(MovedScreens, NoneWhenEveryStepIsVisitedInOneRun) {
  EXPECT_TRUE(
      MovedScreens(ThreeSteps(),
                   {{{1}, {"Telefoon"}}, {{2}, {"App"}}, {{3}, {"Verified"}}, {{3}, {"Done"}}})
          .empty());
  // Seen again in the last run, or not a screen the manual lists for the step: stays.
  EXPECT_TRUE(
      MovedScreens(ThreeSteps(), {{{3}, {"Done"}}, {{2}, {"App"}}, {{3}, {"Done"}}}).empty());
  EXPECT_TRUE(
      MovedScreens(ThreeSteps(),
                   {{{1}, {"Telefoon"}}, {{3}, {"Elsewhere"}}, {{2}, {"App"}}, {{3}, {"Done"}}})
          .empty());
}

}  // namespace
}  // namespace proofup::manual
