#include "harness/base/env_reference.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <map>

namespace proofup {
namespace {

EnvLookup Fake(std::map<std::string, std::string> vars) {
  return [vars](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

TEST(EnvReferenceTest, ReplacesBothSpellingsAndKeepsOtherText) {
  auto env = Fake({{"PW", "s3cret"}, {"ID", "${env:PW}"}});
  EXPECT_EQ(*ExpandEnvReferences("a-${env:PW}-${env.PW}-${user}-$x", env),
            "a-s3cret-s3cret-${user}-$x");
  // Values are not expanded again.
  EXPECT_EQ(*ExpandEnvReferences("${env:ID}", env), "${env:PW}");
  EXPECT_EQ(*ExpandEnvReferences("${envoy} $${env:PW}", env), "${envoy} $${env:PW}");
  EXPECT_EQ(*ExpandEnvReferences("", env), "");
}

TEST(EnvReferenceTest, ErrorsNameTheVariableNeverAValue) {
  auto env = Fake({{"PW", "s3cret"}});
  auto unset = ExpandEnvReferences("${env:PW} ${env:MISSING}", env);
  ASSERT_FALSE(unset.ok());
  EXPECT_EQ(unset.status().kind(), Status::Kind::kNotFound);
  EXPECT_EQ(unset.status().message(), "environment variable MISSING is not set (${env:MISSING})");
  EXPECT_EQ(ExpandEnvReferences("x ${env:PW", env).status().message(), "unterminated \"${env:\"");
  EXPECT_EQ(ExpandEnvReferences("${env.}", env).status().kind(), Status::Kind::kInvalidArgument);
}

TEST(EnvReferenceTest, ProcessEnvironmentReadsGetenv) {
  setenv("PROOFUP_ENV_REFERENCE_TEST", "from-the-process", 1);
  EXPECT_EQ(*ExpandEnvReferences("${env:PROOFUP_ENV_REFERENCE_TEST}", ProcessEnvironment()),
            "from-the-process");
  unsetenv("PROOFUP_ENV_REFERENCE_TEST");
  EXPECT_FALSE(ExpandEnvReferences("${env:PROOFUP_ENV_REFERENCE_TEST}", ProcessEnvironment()).ok());
}

}  // namespace
}  // namespace proofup
