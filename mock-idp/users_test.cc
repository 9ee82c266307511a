#include "mock-idp/users.h"

#include <gtest/gtest.h>

namespace proofup::mockidp {
namespace {

TEST(UsersFixture, RepositoryFixtureLoads) {
  auto f = LoadUsersFixture(std::string(PROOFUP_SOURCE_DIR) + "/fixtures/users.yaml");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->tenant, "Voorbeeld College");
  EXPECT_GE(f->users.size(), 30u);
  int not_enrolled = 0, app_only = 0, enrolled = 0, en = 0;
  for (const auto& u : f->users) {
    not_enrolled += u.state == "not_enrolled";
    app_only += u.state == "app_only";
    enrolled += u.state == "enrolled";
    en += u.language == "en";
  }
  EXPECT_GE(not_enrolled, 30);
  EXPECT_GE(app_only, 2);
  EXPECT_GE(enrolled, 3);
  EXPECT_GE(en, 3);
}

TEST(UsersFixture, ErrorsNameUserAndField) {
  struct Case {
    const char* yaml;
    const char* expect;
  } cases[] = {
      {"users: [{password: x}]", "users[0]: missing username"},
      {"users: [{username: a, password: x, language: fr}]", "language"},
      {"users: [{username: a, password: x, state: enrolled}]", "needs a device"},
      {"users: [{username: a, password: x, state: app_only, device: {push_token: t, totp_secret: "
       "'1!'}}]",
       "Base32"},
      {"users: [{username: a, password: x, state: enrolled, device: {push_token: t, totp_secret: "
       "JBSWY3DPEHPK3PXP}, phone: '0612'}]",
       "E.164"},
      {"users: [{username: A, password: x}, {username: a, password: y}]", "duplicate"},
      {"users: [unclosed", "users fixture"},
  };
  for (const auto& c : cases) {
    auto f = ParseUsersFixture(c.yaml);
    ASSERT_FALSE(f.ok()) << c.yaml;
    EXPECT_EQ(f.status().kind(), Status::Kind::kParseError);
    EXPECT_NE(f.status().message().find(c.expect), std::string::npos) << f.status().message();
  }
  EXPECT_EQ(LoadUsersFixture("/nonexistent.yaml").status().kind(), Status::Kind::kIoError);
}

}  // namespace
}  // namespace proofup::mockidp
