#include "harness/runner/secret_mask.h"

#include <gtest/gtest.h>

namespace proofup::runner {
namespace {

TEST(SecretMaskTest, MasksEveryOccurrenceLongestFirst) {
  SecretMask m;
  m.Add("123456");
  m.Add("123456789");
  EXPECT_EQ(m.Mask("code 123456789 and 123456."),
            std::string("code ") + std::string(kMasked) + " and " + std::string(kMasked) + ".");
}

TEST(SecretMaskTest, IgnoresShortStrings) {
  SecretMask m;
  m.Add("42");
  m.Add("");
  EXPECT_TRUE(m.empty());
  EXPECT_EQ(m.Mask("number 42"), "number 42");
}

}  // namespace
}  // namespace proofup::runner
