#include "harness/base/edit_distance.h"

#include <gtest/gtest.h>

namespace proofup {
namespace {

TEST(EditDistance, CountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  EXPECT_EQ(EditDistance("same", "same"), 0u);
}

TEST(NearestWord, ATypoFindsTheKeyAndNothingCloseFindsNone) {
  EXPECT_EQ(NearestWord("lables", {"labels", "screens"}), "labels");
  EXPECT_EQ(NearestWord("xyz", {"labels", "screens"}), std::nullopt);
  EXPECT_EQ(NearestWord("clik", {"click", "fill", "clear"}), "click");
}

TEST(NearestWord, ComparedFoldedAndByPrefixOrFirstWordOfAPhrase) {
  EXPECT_EQ(NearestWord("EXPECT  Screen", {"expect screen", "expect text"}), "expect screen");
  EXPECT_EQ(NearestWord("scan code", {"read sms", "scan qr"}), "scan qr");
  EXPECT_EQ(NearestWord("manual", {"manual_steps", "name"}), "manual_steps");
  // The nearest wins; on a tie the earlier candidate.
  EXPECT_EQ(NearestWord("tag", {"tags", "tab"}), "tags");
}

}  // namespace
}  // namespace proofup
