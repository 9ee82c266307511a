// The portal's screens as steps, their URLs, and the rules that decide which
// step comes next. Pure functions of their arguments: thread-safe.
#ifndef PROOFUP_MOCK_IDP_FLOW_H_
#define PROOFUP_MOCK_IDP_FLOW_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/base/status.h"

namespace proofup::mockidp {

enum class Step {
  kSignIn,
  kChallengePush,  // enrolled user: approve the sign-in on the app
  kChallengeCode,  // enrolled user: TOTP or SMS code
  kMoreInfo,
  kAppIntro,
  kAppSetup,
  kTotpSetup,  // other-app path: replaces kAppSetup
  kQr,
  kTryout,      // push with number matching
  kTotpVerify,  // other-app path: replaces kTryout
  kPhone,
  kSms,
  kSmsVerified,
  kSuccess,
  kDone,  // signed in: start page, security info
};

// Name used in catalogs, templates and variant flow lists ("more_info", ...).
const char* StepName(Step step);
std::optional<Step> StepFromName(std::string_view name);
// The browser URL path of a step ("/mfa/qr"); kDone -> "/".
const char* StepPath(Step step);

// Wizard order of the base portal (manual steps 7 to 15).
const std::vector<Step>& BaseWizardOrder();

// Parses a variant's flow list. Errors (kInvalidArgument): unknown step name,
// or a list that is not a permutation of the base order.
StatusOr<std::vector<Step>> ParseWizardOrder(const std::vector<std::string>& names);

// The wizard steps a user still has to go through, in `order`: the app steps
// (intro, setup, QR, try-out) only when `needs_app`, the phone steps (phone,
// SMS, verified) only when `needs_phone`; "more info" first and "success"
// last always.
std::vector<Step> BuildWizardPlan(const std::vector<Step>& order, bool needs_app, bool needs_phone);

// The remaining plan after the user picked "a different authenticator app":
// setup and try-out are swapped for their other-app versions.
std::vector<Step> SwitchToOtherApp(std::vector<Step> remaining);

// Deliberate faults of a broken-portal variant (the `breaks:` list of its
// catalogs/<variant>.variant.yaml), so tests can prove that a negative
// scenario notices a portal that lets wrong input through. All false: the
// portal as it should be.
struct PortalBreaks {
  bool accept_wrong_password = false;  // any password signs a known user in
  bool accept_wrong_sms_code = false;  // any code counts as the right SMS code
  bool ignore_number_match = false;    // "Ja" with any number approves the push
  bool allow_step_skipping = false;    // a later wizard step's URL is served at once
};

// Parses the names of a `breaks:` list ("accept_wrong_password", ...).
// Error (kInvalidArgument): an unknown name, listing the known ones.
StatusOr<PortalBreaks> ParseBreaks(const std::vector<std::string>& names);

}  // namespace proofup::mockidp

#endif  // PROOFUP_MOCK_IDP_FLOW_H_
