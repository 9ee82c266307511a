#include "harness/runner/user_directory.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "tests/support/files.h"

namespace proofup::runner {
namespace {

// A users file with `text` in a temporary folder, removed with it.
struct UsersFile {
  explicit UsersFile(const std::string& text) { std::ofstream(path) << text; }
  e2e::TempDir dir;
  const std::string path = (dir.path / "users.yaml").string();
};

TEST(UserDirectoryTest, ReadsTheProjectFixture) {
  auto users = UserDirectory::Load(PROOFUP_SOURCE_DIR "/fixtures/users.yaml");
  ASSERT_TRUE(users.ok()) << users.status().ToString();
  const TestUser* u = users->Find("user01@voorbeeld.nl");
  ASSERT_NE(u, nullptr);
  EXPECT_FALSE(u->password.empty());
  EXPECT_EQ(users->Find("nobody@voorbeeld.nl"), nullptr);
}

TEST(UserDirectoryTest, ErrorsCarryTheLocation) {
  auto missing = UserDirectory::Load("/nonexistent/users.yaml");
  EXPECT_EQ(missing.status().kind(), Status::Kind::kIoError);
  UsersFile file("users:\n  - username: a@b\n    display_name: A\n");
  auto bad = UserDirectory::Load(file.path);
  EXPECT_EQ(bad.status().kind(), Status::Kind::kParseError);
  EXPECT_EQ(bad.status().message(), file.path + ":2:5: a user needs username and password");
}

// Read with libyaml (harness/base/yaml_tree.h): a syntax error still says file:line:column.
TEST(UserDirectoryTest, InvalidYamlSaysWhere) {
  UsersFile file("users:\n  - username: a@b\n    password: [x\n");
  auto bad = UserDirectory::Load(file.path);
  EXPECT_EQ(bad.status().kind(), Status::Kind::kParseError);
  EXPECT_EQ(bad.status().message().rfind(file.path + ":4:1: ", 0), 0u) << bad.status().message();
}

TEST(UserDirectoryTest, SecretsFromTheEnvironment) {
  UsersFile file(
      "users:\n  - username: admin\n    password: ${env:PROOFUP_TEST_PW}\n"
      "    totp_secret: ${env:PROOFUP_TEST_TOTP}\n"
      "  - username: b\n    password: x-${env.PROOFUP_TEST_PW}-${other}\n");
  const std::string& path = file.path;
  unsetenv("PROOFUP_TEST_TOTP");
  setenv("PROOFUP_TEST_PW", "s3cret", 1);
  auto unset = UserDirectory::Load(path);
  ASSERT_FALSE(unset.ok());
  EXPECT_EQ(
      unset.status().message(),
      path + ":2:5: environment variable PROOFUP_TEST_TOTP is not set (${env:PROOFUP_TEST_TOTP})");
  setenv("PROOFUP_TEST_TOTP", "JBSWY3DPEHPK3PXP", 1);
  auto users = UserDirectory::Load(path);
  ASSERT_TRUE(users.ok()) << users.status().ToString();
  EXPECT_EQ(users->Find("admin")->password, "s3cret");
  EXPECT_EQ(users->Find("admin")->device_totp_secret, "JBSWY3DPEHPK3PXP");
  EXPECT_EQ(users->Find("admin")->device_method, "totp");
  EXPECT_EQ(users->Find("b")->password, "x-s3cret-${other}");
  unsetenv("PROOFUP_TEST_PW");
  unsetenv("PROOFUP_TEST_TOTP");
}

}  // namespace
}  // namespace proofup::runner
