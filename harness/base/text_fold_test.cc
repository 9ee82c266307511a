#include "harness/base/text_fold.h"

#include <gtest/gtest.h>

namespace proofup {
namespace {

TEST(FoldForMatch, CaseAndNormalisationAsAPersonReads) {
  const std::string nfc = "Verifi\xC3\xABren";   // ë as one code point
  const std::string nfd = "Verifie\xCC\x88ren";  // e + combining diaeresis
  const std::string upper = "VERIFI\xC3\x8BREN";
  EXPECT_NE(nfc, nfd);
  EXPECT_EQ(FoldForMatch(nfc), "verifi\xC3\xABren");
  EXPECT_EQ(FoldForMatch(nfd), FoldForMatch(nfc));
  EXPECT_EQ(FoldForMatch(upper), FoldForMatch(nfc));
  EXPECT_TRUE(SameFolded("ge\xC3\xAFnstalleerd", "GE\xC3\x8FNSTALLEERD"));   // ï / Ï
  EXPECT_TRUE(SameFolded("ge\xC3\xAFnstalleerd", "gei\xCC\x88nstalleerd"));  // NFD ï
  EXPECT_FALSE(SameFolded("geinstalleerd", "ge\xC3\xAFnstalleerd"));         // accents still count
  EXPECT_TRUE(
      SameFolded("Stra\xC3\x9F"
                 "e",
                 "STRASSE"));  // full case folding
}

TEST(FoldForMatch, WhiteSpaceAndIgnorables) {
  EXPECT_EQ(FoldForMatch("  Code \t\n invoeren "), "code invoeren");
  EXPECT_EQ(FoldForMatch("Code\xC2\xA0invoeren"), "code invoeren");           // no-break space
  EXPECT_EQ(FoldForMatch("Code\xE2\x80\x83invoeren"), "code invoeren");       // em space
  EXPECT_EQ(FoldForMatch("Verifi\xC2\xAD\xC3\xABren"), "verifi\xC3\xABren");  // soft hyphen
  EXPECT_EQ(FoldForMatch(""), "");
}

TEST(FoldForMatch, InvalidUtf8StillFolds) { EXPECT_EQ(FoldForMatch("ABC \xFF  D"), "abc \xFF d"); }

TEST(WithoutTrailingColon, DjangoLabels) {
  EXPECT_EQ(WithoutTrailingColon("Username:"), "Username");
  EXPECT_EQ(WithoutTrailingColon("Username :  "), "Username");
  EXPECT_EQ(WithoutTrailingColon("Naam\xC2\xA0:"), "Naam");
  EXPECT_EQ(WithoutTrailingColon("\xE5\x90\x8D\xE5\x89\x8D\xEF\xBC\x9A"),
            "\xE5\x90\x8D\xE5\x89\x8D");
  EXPECT_EQ(WithoutTrailingColon("Tijd: 10:30"), "Tijd: 10:30");
  EXPECT_EQ(WithoutTrailingColon("Username"), "Username");
}

}  // namespace
}  // namespace proofup
