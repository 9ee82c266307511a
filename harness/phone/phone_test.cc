#include "harness/phone/phone.h"

#include <gtest/gtest.h>

#include "harness/phone/fake_portal.h"

namespace proofup::phone {
namespace {

Status Check(void (*change)(PhoneOptions&)) {
  PhoneOptions options;
  change(options);
  return ValidatePhoneOptions(options);
}

TEST(PhoneOptionsTest, DefaultsAreAFreshValidPhone) {
  PhoneOptions options;
  EXPECT_TRUE(ValidatePhoneOptions(options).ok());
  EXPECT_FALSE(options.app_installed);
  EXPECT_FALSE(options.pin_required);
}

TEST(PhoneOptionsTest, EachBadSettingIsNamed) {
  struct Case {
    void (*change)(PhoneOptions&);
    std::string expected;
  } cases[] = {
      {[](PhoneOptions& o) { o.terms_accepted = true; }, "terms_accepted needs app_installed"},
      {[](PhoneOptions& o) {
         o.accounts.push_back({"a", "", "JBSWY3DP", ""});
       },
       "accounts need app_installed"},
      {[](PhoneOptions& o) { o.device_name = ""; }, "device_name is empty"},
      {[](PhoneOptions& o) { o.pin_required = true, o.pin = ""; }, "pin_required needs a pin"},
      {[](PhoneOptions& o) { o.sim_number = "0612345678"; }, "not in E.164 form"},
      {[](PhoneOptions& o) { o.sms_code_pattern = "(\\d"; }, "not a valid regex"},
      {[](PhoneOptions& o) {
         o.app_installed = true;
         o.accounts.push_back({"anna", "", "NOT1BASE32", ""});
       },
       "accounts[0] (anna): totp_secret is not Base32"},
      {[](PhoneOptions& o) {
         o.app_installed = true;
         o.accounts.push_back({"anna", "", "JBSWY3DP", "mailto:x"});
       },
       "service_url is not an http(s) URL"},
  };
  for (const Case& c : cases) {
    Status s = Check(c.change);
    EXPECT_EQ(s.kind(), Status::Kind::kInvalidArgument) << c.expected;
    EXPECT_NE(s.message().find(c.expected), std::string::npos) << s.message();
  }
  EXPECT_EQ(Check([](PhoneOptions& o) {
              o.app_installed = true;
              o.accounts.push_back({"anna", "", "NOT1BASE32", ""});
            })
                .message()
                .find("NOT1"),
            std::string::npos)
      << "the secret is not quoted";
}

TEST(VirtualPhoneTest, CreateGivesAppAndSimTheirOwnTransportsAndOneRegistry) {
  testing::FakePortal portal;
  int made = 0;
  ManualClock clock;
  PhoneOptions options;
  options.app_installed = options.terms_accepted = true;
  auto phone = VirtualPhone::Create(
      options, "http://127.0.0.1:9/some/page",
      [&] {
        ++made;
        return portal.NewTransport();
      },
      clock);
  ASSERT_TRUE(phone.ok()) << phone.status().ToString();
  EXPECT_EQ(made, 2);
  ASSERT_TRUE((*phone)->app().AddTotpAccountManually("JBSWY3DPEHPK3PXP", "anna").ok());
  EXPECT_TRUE((*phone)->secrets().Contains("JBSWY3DPEHPK3PXP"));
  portal.Reply("GET", "http://127.0.0.1:9/sms/outbox?number=%2B31612345678", 200,
               {{"messages", {{{"to", "+31612345678"}, {"text", "code 987654"}}}}});
  EXPECT_EQ((*phone)->sim().LatestCode().value(), "987654");
  EXPECT_TRUE((*phone)->secrets().Contains("987654"));
  EXPECT_EQ((*phone)->sim().number(), "+31612345678");
}

TEST(VirtualPhoneTest, CreateRefusesBadInput) {
  ManualClock clock;
  testing::FakePortal portal;
  auto factory = [&] { return portal.NewTransport(); };
  EXPECT_FALSE(VirtualPhone::Create(PhoneOptions{}, "not a url", factory, clock).ok());
  EXPECT_FALSE(VirtualPhone::Create(PhoneOptions{}, "http://x", nullptr, clock).ok());
  EXPECT_FALSE(
      VirtualPhone::Create(
          PhoneOptions{}, "http://x", [] { return std::unique_ptr<http::Transport>(); }, clock)
          .ok());
  PhoneOptions bad;
  bad.sim_number = "06";
  EXPECT_EQ(VirtualPhone::Create(bad, "http://x", factory, clock).status().kind(),
            Status::Kind::kInvalidArgument);
}

TEST(SecretRegistryTest, KeepsFirstSeenOrderWithoutDuplicatesOrEmpties) {
  SecretRegistry registry;
  registry.Add("b");
  registry.Add("");
  registry.Add("a");
  registry.Add("b");
  EXPECT_EQ(registry.secrets(), (std::vector<std::string>{"b", "a"}));
}

TEST(ManualClockTest, PauseMovesBothClocksWithoutSleeping) {
  ManualClock clock(100);
  clock.Pause(std::chrono::milliseconds(2500));
  EXPECT_EQ(clock.NowUnixSeconds(), 102);
  EXPECT_EQ(clock.MonotonicMillis(), 2500);
}

TEST(SystemClockTest, IsNearTheRealTime) {
  SystemClock clock;
  EXPECT_GT(clock.NowUnixSeconds(), 1'700'000'000);
  int64_t before = clock.MonotonicMillis();
  clock.Pause(std::chrono::milliseconds(5));
  EXPECT_GE(clock.MonotonicMillis() - before, 5);
}

}  // namespace
}  // namespace proofup::phone
