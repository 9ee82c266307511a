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

}  // namespace
}  // namespace proofup::runner
