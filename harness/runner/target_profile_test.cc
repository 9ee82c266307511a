#include "harness/runner/target_profile.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace proofup::runner {
namespace {

namespace fs = std::filesystem;

class TargetProfileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("proofup_profile_" + std::to_string(getpid()));
    fs::create_directories(dir_ / "targets");
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& text) {
    std::string path = (dir_ / "targets" / "p.yaml").string();
    std::ofstream(path) << text;
    return path;
  }
  EnvLookup Env() {
    return [](std::string_view name) -> std::optional<std::string> {
      if (name == "TOKEN") return "s3cret";
      return std::nullopt;
    };
  }
  fs::path dir_;
};

TEST_F(TargetProfileTest, ReadsEverySettingWithPathsFromTheProfilesFolder) {
  auto p = LoadTargetProfile(Write(R"(name: school
url: https://portal.example/
ca file: ca.pem
users: ../users.yaml
language: en
admin token: ${env:TOKEN}
offers: {control api: no, mock phone api: yes}
sms:
  source: http_inbox
  url: https://sms.example/{digits}
  headers: {Authorization: "Bearer ${env:TOKEN}"}
  messages: data.items
  text: body
  time: at
vars: {a: "1"}
scenarios:
  enrollment-nl:
    vars: {b: "2"}
)"),
                             Env());
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->url, "https://portal.example/");
  EXPECT_EQ(p->ca_file, (dir_ / "targets" / "ca.pem").lexically_normal().string());
  EXPECT_EQ(p->users, (dir_ / "users.yaml").lexically_normal().string());
  EXPECT_EQ(p->admin_token, "s3cret");
  EXPECT_EQ(p->control_api, false);
  EXPECT_EQ(p->mock_phone_api, true);
  ASSERT_TRUE(p->sms.has_value());
  EXPECT_EQ(p->sms->kind, "http_inbox");
  ASSERT_EQ(p->sms->headers.size(), 1u);
  EXPECT_EQ(p->sms->headers[0].value, "Bearer s3cret");
  EXPECT_EQ(p->sms->messages_path, "data.items");
  EXPECT_EQ(p->vars.at("a"), "1");
  EXPECT_EQ(p->scenario_vars.at("enrollment-nl").at("b"), "2");
}

TEST_F(TargetProfileTest, BundledAndDefaults) {
  auto p = LoadTargetProfile(Write("url: bundled\n"), Env());
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->url.empty());
  EXPECT_FALSE(p->control_api.has_value());
  EXPECT_FALSE(p->sms.has_value());
}

TEST_F(TargetProfileTest, EveryProblemWithFileLineAndColumn) {
  std::string path = Write(R"(url: ftp://x
langauge: nl
sms:
  source: file
)");
  auto p = LoadTargetProfile(path, Env());
  ASSERT_EQ(p.status().kind(), Status::Kind::kParseError);
  const std::string m = p.status().message();
  EXPECT_NE(m.find(path + ":1:6: error: expected an http(s) URL"), std::string::npos) << m;
  EXPECT_NE(m.find(path + ":2:1: error: unknown key \"langauge\" in the profile; did you mean "
                          "\"language\"?"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find(path + ":3:1: error: SMS source \"file\": file is empty"), std::string::npos)
      << m;
  EXPECT_EQ(LoadTargetProfile((dir_ / "none.yaml").string()).status().kind(),
            Status::Kind::kIoError);
}

TEST_F(TargetProfileTest, ReadsRunLevelHooks) {
  auto p = LoadTargetProfile(Write(R"(url: https://portal.example/
vars: {tenant: school}
before:
  run: [./reset.sh, "${env:TOKEN}", "${tenant}"]
  sets: [run_pass]
after:
  - ./cleanup.sh ${run_pass}
)"),
                             Env());
  ASSERT_TRUE(p.ok()) << p.status().message();
  ASSERT_EQ(p->before.size(), 1u);
  // ${env:...} is substituted when the hook runs, so the token is not kept in the model.
  EXPECT_EQ(p->before[0].command,
            (std::vector<std::string>{"./reset.sh", "${env:TOKEN}", "${tenant}"}));
  EXPECT_EQ(p->before[0].where.line, 4);
  ASSERT_EQ(p->after.size(), 1u);
  EXPECT_EQ(p->after[0].command, (std::vector<std::string>{"./cleanup.sh", "${run_pass}"}));
}

TEST_F(TargetProfileTest, HookProblemsHaveFileLineAndColumn) {
  const std::string path = Write(
      "url: https://portal.example/\nbefore: ./reset.sh ${env:NOPE}\n"
      "after: {run: x, timeout: 2 weeks}\n");
  auto p = LoadTargetProfile(path, Env());
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find(path + ":3:26: error: expected a duration"),
            std::string::npos)
      << p.status().message();
  EXPECT_NE(p.status().message().find(path + ":2:9: error: environment variable NOPE is not set "
                                             "(${env:NOPE}) in \"before\""),
            std::string::npos)
      << p.status().message();
}

}  // namespace
}  // namespace proofup::runner
