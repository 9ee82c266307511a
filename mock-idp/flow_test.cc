#include "mock-idp/flow.h"

#include <gtest/gtest.h>

namespace proofup::mockidp {
namespace {

TEST(Flow, StepNamesAndPathsRoundTrip) {
  for (Step s : BaseWizardOrder()) {
    EXPECT_EQ(StepFromName(StepName(s)), s);
    EXPECT_EQ(std::string(StepPath(s)).rfind("/mfa/", 0), 0u) << StepName(s);
  }
  EXPECT_FALSE(StepFromName("bogus").has_value());
  EXPECT_STREQ(StepPath(Step::kDone), "/");
}

TEST(Flow, PlanSkipsWhatTheUserHas) {
  const auto& order = BaseWizardOrder();
  EXPECT_EQ(BuildWizardPlan(order, true, true), order);
  auto phone_only = BuildWizardPlan(order, false, true);
  EXPECT_EQ(phone_only, (std::vector<Step>{Step::kMoreInfo, Step::kPhone, Step::kSms,
                                           Step::kSmsVerified, Step::kSuccess}));
  auto app_only = BuildWizardPlan(order, true, false);
  EXPECT_EQ(app_only.size(), 6u);
  EXPECT_EQ(app_only.back(), Step::kSuccess);
}

TEST(Flow, OtherAppSwapsSetupAndTryout) {
  std::vector<Step> rest = {Step::kAppSetup, Step::kQr, Step::kTryout, Step::kPhone};
  EXPECT_EQ(SwitchToOtherApp(rest),
            (std::vector<Step>{Step::kTotpSetup, Step::kQr, Step::kTotpVerify, Step::kPhone}));
  // Setup already behind us (a reordered portal): the other-app setup is inserted.
  EXPECT_EQ(SwitchToOtherApp({Step::kQr, Step::kTryout}),
            (std::vector<Step>{Step::kTotpSetup, Step::kQr, Step::kTotpVerify}));
}

TEST(Flow, WizardOrderMustBeAPermutation) {
  EXPECT_TRUE(ParseWizardOrder({"more_info", "phone", "sms", "sms_verified", "app_intro",
                                "app_setup", "qr", "tryout", "success"})
                  .ok());
  EXPECT_FALSE(ParseWizardOrder({"more_info", "phone"}).ok());
  EXPECT_FALSE(ParseWizardOrder({"more_info", "nonsense", "sms", "sms_verified", "app_intro",
                                 "app_setup", "qr", "tryout", "success"})
                   .ok());
}

}  // namespace
}  // namespace proofup::mockidp
