#include <gtest/gtest.h>

#include <map>

#include "harness/scenario/scenario.h"

namespace proofup::scenario {
namespace {

VariableLookup From(std::map<std::string, std::string> values) {
  return [values](std::string_view name) -> std::optional<std::string> {
    auto it = values.find(std::string(name));
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

TEST(InterpolateTest, ReplacesEveryReference) {
  auto out = Interpolate("${a}-${user.username}/${env.HOME}",
                         From({{"a", "1"}, {"user.username", "u@x"}, {"env.HOME", "/root"}}));
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(*out, "1-u@x//root");
}

TEST(InterpolateTest, EscapedAndLoneDollarsStayLiteral) {
  auto out = Interpolate("$${a} costs $5, $ {a} and ${a}$", From({{"a", "x"}}));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, "${a} costs $5, $ {a} and x$");
}

TEST(InterpolateTest, ValuesAreNotInterpolatedAgain) {
  auto out = Interpolate("${a}", From({{"a", "${b}"}, {"b", "no"}}));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, "${b}");
}

TEST(InterpolateTest, UnknownVariableIsNamed) {
  auto out = Interpolate("nummer ${nmber}", From({{"number", "42"}}));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().kind(), Status::Kind::kNotFound);
  EXPECT_EQ(out.status().message(), "unknown variable \"${nmber}\"");
}

TEST(InterpolateTest, SyntaxErrorsNameTheOffset) {
  struct Case {
    const char* text;
    const char* message;
  } cases[] = {
      {"abc ${x", "unterminated \"${\" at offset 4"},
      {"${}", "empty variable name \"${}\" at offset 0"},
      {"x ${a b}", "invalid variable name \"${a b}\" at offset 2"},
  };
  for (const Case& c : cases) {
    auto out = Interpolate(c.text, From({}));
    ASSERT_FALSE(out.ok()) << c.text;
    EXPECT_EQ(out.status().kind(), Status::Kind::kInvalidArgument);
    EXPECT_EQ(out.status().message(), c.message);
  }
}

TEST(InterpolateTest, FindVariablesReportsPositions) {
  auto refs = FindVariables("$${skip} ${a} and ${b.c}");
  ASSERT_TRUE(refs.ok());
  ASSERT_EQ(refs->size(), 2u);
  EXPECT_EQ((*refs)[0].name, "a");
  EXPECT_EQ((*refs)[0].offset, 9u);
  EXPECT_EQ((*refs)[0].length, 4u);
  EXPECT_EQ((*refs)[1].name, "b.c");
  EXPECT_EQ((*refs)[1].offset, 18u);
}

}  // namespace
}  // namespace proofup::scenario
