#include "harness/base/closest_text.h"

#include <gtest/gtest.h>

namespace proofup {
namespace {

TEST(FindClosestText, AShortButtonBeatsASentenceMentioningTheLabel) {
  auto c = FindClosestText(
      "Volgende", {"Klik op Volgende om verder te gaan met de app", "Doorgaan", "English"});
  ASSERT_TRUE(c.has_value());
  // The sentence shares the word, but the renamed button has the label's length and shape.
  EXPECT_EQ(c->text, "Doorgaan");
  EXPECT_FALSE(c->shares_word);
  auto renamed = FindClosestText("Volgende", {"Doorgaan", "Ik wil een andere app gebruiken"});
  ASSERT_TRUE(renamed.has_value());
  EXPECT_EQ(renamed->text, "Doorgaan");
  EXPECT_FALSE(renamed->shares_word);
}

TEST(FindClosestText, SharedWordsWinAndTextsWithoutLettersAreSkipped) {
  auto c = FindClosestText("Melding goedgekeurd", {"Aanvraag goedgekeurd", "Volgende", "123 456"});
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->text, "Aanvraag goedgekeurd");
  EXPECT_TRUE(c->shares_word);
  EXPECT_FALSE(FindClosestText("Volgende", {"123", "-- !"}).has_value());
  EXPECT_FALSE(FindClosestText("Volgende", {}).has_value());
}

}  // namespace
}  // namespace proofup
