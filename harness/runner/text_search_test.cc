#include "harness/runner/text_search.h"

#include <gtest/gtest.h>

#include <chrono>

namespace proofup::runner {
namespace {

TEST(FindFirstTest, FirstGroupElseWholeMatch) {
  EXPECT_EQ(FindFirst(R"(Code: (\d+))", "x Code: 276954043 y")->value(), "276954043");
  EXPECT_EQ(FindFirst(R"(\d+)", "abc 42 def")->value(), "42");
  EXPECT_EQ(FindFirst(R"(a(x)?b)", "ab")->value(), "ab");  // group did not take part
  EXPECT_FALSE(FindFirst(R"(\d+)", "geen cijfers")->has_value());
}

TEST(FindFirstTest, BadPatternIsInvalidArgument) {
  auto r = FindFirst("(unclosed", "x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), Status::Kind::kInvalidArgument);
  EXPECT_NE(r.status().message().find("(unclosed"), std::string::npos);
  EXPECT_FALSE(FindFirst(R"((a)\1)", "aa").ok());  // back references are not RE2
}

// Issue 11 row 2: std::regex recursed once per character and crashed on these.
TEST(FindFirstTest, PageSizedInputsFromTheIssueDoNotCrash) {
  auto start = std::chrono::steady_clock::now();
  std::string digits(100'000, '7');
  EXPECT_EQ(FindFirst(R"((\d+))", digits)->value(), digits);
  std::string key_text = "Secret key: ";
  for (int i = 0; i < 20'000; ++i) key_text += "ABCD ";
  // The manual-code key pattern of "enter code manually".
  auto key = FindFirst(R"(\b([A-Z2-7]{4}(?:[ ]?[A-Z2-7]{4}){3,}=*)\b)", key_text);
  ASSERT_TRUE(key.ok());
  ASSERT_TRUE(key->has_value());
  EXPECT_EQ((*key)->size(), 20'000u * 5 - 1);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace proofup::runner
