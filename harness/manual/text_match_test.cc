#include "harness/manual/text_match.h"

#include <gtest/gtest.h>

namespace proofup::manual {
namespace {

TEST(TextMatch, NormalizeAndEditDistance) {
  EXPECT_EQ(Normalize("  Meer   Informatie\tvereist "), "meer informatie vereist");
  // Unicode case and normalisation: the manual's "Verifiëren" against an
  // upper-case or NFD button text.
  EXPECT_EQ(Normalize("VERIFI\xC3\x8BREN"), Normalize("Verifie\xCC\x88ren"));
  EXPECT_EQ(EditDistance("volgende", "volgende"), 0u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
}

TEST(TextMatch, SplitLinesTrimsAndDropsEmptyLines) {
  EXPECT_EQ(SplitLines(" a \n\n b\n"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(SplitLines("").empty());
}

TEST(TextMatch, MatchLineWholeLinesOnly) {
  EXPECT_EQ(MatchLine("Volgende", "Volgende"), LineMatch::kExact);
  EXPECT_EQ(MatchLine("Nederland", "Nederland (+31)"), LineMatch::kExact);
  EXPECT_EQ(MatchLine("Meer informatie vereist", "Meer Informatie  vereist"),
            LineMatch::kCaseOrSpacing);
  EXPECT_EQ(MatchLine("Volgende", "Kies dan Volgende."), LineMatch::kNone);
  EXPECT_EQ(MatchLine("Nederland", "Nederlands"), LineMatch::kNone);
}

TEST(TextMatch, ClosestLinePrefersALabelShapedLineOverASentenceMentioningIt) {
  std::vector<std::string> lines = {
      "Microsoft Authenticator",
      "Installeer de app op uw telefoon. Staat de app er al op? Kies dan Volgende.", "Doorgaan",
      "Ik wil een andere verificatie-app gebruiken"};
  EXPECT_EQ(ClosestLine("Volgende", lines), "Doorgaan");
  EXPECT_EQ(ClosestLine("Melding goedgekeurd",
                        {"We sturen een melding naar uw app.", "Aanvraag goedgekeurd", "42"}),
            "Aanvraag goedgekeurd");
  EXPECT_EQ(ClosestLine("Volgende", {"42", "17"}), std::nullopt);
}

}  // namespace
}  // namespace proofup::manual
