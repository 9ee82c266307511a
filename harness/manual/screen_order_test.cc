#include "harness/manual/screen_order.h"

#include <gtest/gtest.h>

namespace proofup::manual {
namespace {

TEST(LongestOrderedRun, AMovedBlockIsOutOfOrder) {
  // Manual positions 6, 12, 14, 7, 8, 9: the block 12, 14 came too early.
  EXPECT_EQ(LongestOrderedRun({{6}, {12}, {14}, {7}, {8}, {9}}),
            (std::vector<bool>{true, false, false, true, true, true}));
}

TEST(LongestOrderedRun, AScreenOfTwoStepsIsInOrderAtEither) {
  // "Gelukt!" is shown at step positions 9 and 15; seen after position 14 it
  // belongs to 15, which only the second place allows.
  EXPECT_EQ(LongestOrderedRun({{6}, {9}, {10}, {14}, {9, 15}, {15}}),
            (std::vector<bool>{true, true, true, true, true, true}));
  EXPECT_EQ(LongestOrderedRun({{6}, {9}, {10}, {14}, {9}, {15}}),
            (std::vector<bool>{true, true, true, true, false, true}));
}

TEST(LongestOrderedRun, EmptyAndPlacelessScreens) {
  EXPECT_TRUE(LongestOrderedRun({}).empty());
  EXPECT_EQ(LongestOrderedRun({{}, {3}}), (std::vector<bool>{false, true}));
}

}  // namespace
}  // namespace proofup::manual
