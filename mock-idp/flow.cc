#include "mock-idp/flow.h"

#include <algorithm>

namespace proofup::mockidp {
namespace {

struct StepInfo {
  Step step;
  const char* name;
  const char* path;
};

constexpr StepInfo kSteps[] = {
    {Step::kSignIn, "signin", "/login"},
    {Step::kChallengePush, "challenge_push", "/challenge/push"},
    {Step::kChallengeCode, "challenge_code", "/challenge/code"},
    {Step::kMoreInfo, "more_info", "/mfa/more-info"},
    {Step::kAppIntro, "app_intro", "/mfa/app"},
    {Step::kAppSetup, "app_setup", "/mfa/app-setup"},
    {Step::kTotpSetup, "totp_setup", "/mfa/other-app-setup"},
    {Step::kQr, "qr", "/mfa/qr"},
    {Step::kTryout, "tryout", "/mfa/try"},
    {Step::kTotpVerify, "totp_verify", "/mfa/verify-code"},
    {Step::kPhone, "phone", "/mfa/phone"},
    {Step::kSms, "sms", "/mfa/sms"},
    {Step::kSmsVerified, "sms_verified", "/mfa/sms-verified"},
    {Step::kSuccess, "success", "/mfa/success"},
    {Step::kDone, "start", "/"},
};

const StepInfo& Info(Step step) {
  for (const StepInfo& info : kSteps) {
    if (info.step == step) return info;
  }
  return kSteps[0];
}

bool IsAppStep(Step s) {
  return s == Step::kAppIntro || s == Step::kAppSetup || s == Step::kTotpSetup || s == Step::kQr ||
         s == Step::kTryout || s == Step::kTotpVerify;
}

bool IsPhoneStep(Step s) { return s == Step::kPhone || s == Step::kSms || s == Step::kSmsVerified; }

}  // namespace

const char* StepName(Step step) { return Info(step).name; }
const char* StepPath(Step step) { return Info(step).path; }

std::optional<Step> StepFromName(std::string_view name) {
  for (const StepInfo& info : kSteps) {
    if (name == info.name) return info.step;
  }
  return std::nullopt;
}

const std::vector<Step>& BaseWizardOrder() {
  static const std::vector<Step> kOrder = {
      Step::kMoreInfo, Step::kAppIntro, Step::kAppSetup,    Step::kQr,      Step::kTryout,
      Step::kPhone,    Step::kSms,      Step::kSmsVerified, Step::kSuccess,
  };
  return kOrder;
}

StatusOr<std::vector<Step>> ParseWizardOrder(const std::vector<std::string>& names) {
  std::vector<Step> order;
  for (const std::string& name : names) {
    auto step = StepFromName(name);
    if (!step) return Status::InvalidArgument("unknown wizard step '" + name + "'");
    order.push_back(*step);
  }
  std::vector<Step> a = order, b = BaseWizardOrder();
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  if (a != b) return Status::InvalidArgument("a wizard order must list each base step once");
  return order;
}

std::vector<Step> BuildWizardPlan(const std::vector<Step>& order, bool needs_app,
                                  bool needs_phone) {
  std::vector<Step> plan;
  for (Step s : order) {
    if (IsAppStep(s) && !needs_app) continue;
    if (IsPhoneStep(s) && !needs_phone) continue;
    plan.push_back(s);
  }
  return plan;
}

std::vector<Step> SwitchToOtherApp(std::vector<Step> remaining) {
  bool has_setup = false;
  for (Step& s : remaining) {
    if (s == Step::kAppSetup) s = Step::kTotpSetup;
    if (s == Step::kTryout) s = Step::kTotpVerify;
    has_setup = has_setup || s == Step::kTotpSetup;
  }
  if (!has_setup) {
    auto qr = std::find(remaining.begin(), remaining.end(), Step::kQr);
    remaining.insert(qr, Step::kTotpSetup);
  }
  return remaining;
}

StatusOr<PortalBreaks> ParseBreaks(const std::vector<std::string>& names) {
  PortalBreaks b;
  for (const std::string& name : names) {
    if (name == "accept_wrong_password") {
      b.accept_wrong_password = true;
    } else if (name == "accept_wrong_sms_code") {
      b.accept_wrong_sms_code = true;
    } else if (name == "ignore_number_match") {
      b.ignore_number_match = true;
    } else if (name == "allow_step_skipping") {
      b.allow_step_skipping = true;
    } else {
      return Status::InvalidArgument("unknown break '" + name +
                                     "' (known: accept_wrong_password, accept_wrong_sms_code, "
                                     "ignore_number_match, allow_step_skipping)");
    }
  }
  return b;
}

}  // namespace proofup::mockidp
