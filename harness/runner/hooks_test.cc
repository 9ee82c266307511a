#include "harness/runner/hooks.h"

#include <gtest/gtest.h>

namespace proofup::runner {
namespace {

using Vars = HookVariables;

TEST(HookOutputTest, ReadsAJsonObject) {
  auto vars = ParseHookOutput(
      "  {\"sign_in_pass\": \"K7Q 2FX\", \"user_id\": 42, \"ok\": true, \"none\": null}\n");
  ASSERT_TRUE(vars.ok()) << vars.status().message();
  EXPECT_EQ(*vars,
            (Vars{{"none", ""}, {"ok", "true"}, {"sign_in_pass", "K7Q 2FX"}, {"user_id", "42"}}));
}

TEST(HookOutputTest, ReadsKeyValueLines) {
  auto vars = ParseHookOutput("# issued\r\ncode=C0DE=5521\r\n\n  note = two words \nempty=\n");
  ASSERT_TRUE(vars.ok()) << vars.status().message();
  EXPECT_EQ(*vars, (Vars{{"code", "C0DE=5521"}, {"note", "two words"}, {"empty", ""}}));
  EXPECT_TRUE(ParseHookOutput("")->empty());
  EXPECT_TRUE(ParseHookOutput("\n  \n")->empty());
}

TEST(HookOutputTest, ProblemsNameTheLineNeverTheValue) {
  auto bad = ParseHookOutput("code=1234\nsecret-pass-XYZ\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "its output is neither a JSON object nor key=value lines (line 2 is not name=value)");
  EXPECT_EQ(ParseHookOutput("{\"a\": 1").status().message(),
            "its output starts with \"{\" but is not a JSON object");
  EXPECT_FALSE(ParseHookOutput("{\"a b\": 1}").ok());
  EXPECT_FALSE(ParseHookOutput("a b=1").ok());
}

}  // namespace
}  // namespace proofup::runner
