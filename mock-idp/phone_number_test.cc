#include "mock-idp/phone_number.h"

#include <gtest/gtest.h>

namespace proofup::mockidp {
namespace {

TEST(NormalizeMobileNumber, DutchFormsAreTheSameNumber) {
  for (const char* input : {"0612345678", "06-12345678", "612345678", "+31612345678",
                            "+31 (0)6 1234 5678", "0031612345678", "06 12 34 56 78"}) {
    auto n = NormalizeMobileNumber("NL", input);
    ASSERT_TRUE(n.ok()) << input << ": " << n.status().ToString();
    EXPECT_EQ(*n, "+31612345678") << input;
  }
}

TEST(NormalizeMobileNumber, OtherCountries) {
  EXPECT_EQ(*NormalizeMobileNumber("BE", "0471 23 45 67"), "+32471234567");
  EXPECT_EQ(*NormalizeMobileNumber("DE", "0151 12345678"), "+4915112345678");
  EXPECT_EQ(*NormalizeMobileNumber("GB", "07700 900123"), "+447700900123");
  EXPECT_EQ(*NormalizeMobileNumber("US", "(202) 555-0147"), "+12025550147");
  EXPECT_EQ(*NormalizeMobileNumber("US", "1 202 555 0147"), "+12025550147");
  // An international number overrides the dropdown.
  EXPECT_EQ(*NormalizeMobileNumber("NL", "+32 471 23 45 67"), "+32471234567");
}

TEST(NormalizeMobileNumber, RejectsNonMobileAndGarbage) {
  for (const char* input : {"", "0201234567", "061234567", "06123456789", "06-1234abcd",
                            "+99612345678", "12345", "+31"}) {
    EXPECT_FALSE(NormalizeMobileNumber("NL", input).ok()) << input;
  }
  EXPECT_FALSE(NormalizeMobileNumber("FR", "0612345678").ok());
  EXPECT_FALSE(NormalizeMobileNumber("US", "0125550147").ok());
}

TEST(FormatE164ForDisplay, SplitsCallingCode) {
  EXPECT_EQ(FormatE164ForDisplay("+31612345678"), "+31 612345678");
  EXPECT_EQ(FormatE164ForDisplay("+12025550147"), "+1 2025550147");
  EXPECT_EQ(FormatE164ForDisplay("garbage"), "garbage");
}

TEST(SupportedCountries, DropdownStartsWithNederland) {
  ASSERT_GE(SupportedCountries().size(), 5u);
  EXPECT_EQ(SupportedCountries()[0].name, "Nederland");
}

}  // namespace
}  // namespace proofup::mockidp
