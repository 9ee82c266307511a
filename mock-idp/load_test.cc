// 200 different users enrol at the same time: every SMS and push reaches only
// its own user.
#include <gtest/gtest.h>

#include <thread>

#include "mock-idp/testing/flow_driver.h"

namespace proofup::mockidp::testing {
namespace {

constexpr int kUsers = 200;

std::string ManyUsersYaml() {
  std::string yaml = "tenant: Voorbeeld College\nusers:\n";
  for (int i = 0; i < kUsers; ++i) {
    yaml += "  - {username: load" + std::to_string(i) + "@voorbeeld.nl, password: pw" +
            std::to_string(i) + ", language: " + (i % 2 ? "en" : "nl") + "}\n";
  }
  return yaml;
}

TEST(Load, TwoHundredEnrollmentsAtOnceWithoutCrossTalk) {
  MockIdpOptions o = TestOptions();
  o.users_yaml = ManyUsersYaml();
  o.threads = 2 * kUsers + 16;  // every browser and phone keeps its connection open
  auto idp = StartServer(o);
  ASSERT_TRUE(idp);
  std::vector<std::string> errors(kUsers);
  std::vector<std::thread> threads;
  for (int i = 0; i < kUsers; ++i) {
    threads.emplace_back([&, i] {
      HttpClient browser(idp->url());
      VirtualPhone phone(idp->url(), "load-push-" + std::to_string(i));
      char mobile[16], e164[16];
      std::snprintf(mobile, sizeof mobile, "06%08d", 10000000 + i);
      std::snprintf(e164, sizeof e164, "+316%08d", 10000000 + i);
      EnrollOptions e{"load" + std::to_string(i) + "@voorbeeld.nl", "pw" + std::to_string(i),
                      mobile, e164};
      errors[i] = EnrollWithAuthenticator(browser, phone, e);
      if (errors[i].empty() && phone.Sms(e164).size() != 1) errors[i] = "SMS count != 1";
      if (errors[i].empty() && !phone.Pushes().empty()) errors[i] = "stray push";
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < kUsers; ++i) EXPECT_EQ(errors[i], "") << "user " << i;
  HttpClient admin(idp->url());
  int enrolled = 0;
  for (int i = 0; i < kUsers; ++i) {
    auto u =
        Control(admin, "GET", "/__control/user?name=load" + std::to_string(i) + "@voorbeeld.nl")
            .Json();
    enrolled += u["state"] == "enrolled" && u["devices"].size() == 1;
  }
  EXPECT_EQ(enrolled, kUsers);
  EXPECT_EQ(Control(admin, "GET", "/__control/events?kind=push_answered").Json()["events"].size(),
            static_cast<size_t>(kUsers));
}

}  // namespace
}  // namespace proofup::mockidp::testing
