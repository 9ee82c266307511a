// What a scenario needs from the target: declared, or implied by its steps.
#include <algorithm>

#include "harness/scenario/scenario.h"

namespace proofup::scenario {
namespace {

// The need a step's action implies, or nullptr.
const char* NeedOf(const Action& action) {
  if (std::holds_alternative<SetPortalClock>(action) ||
      std::holds_alternative<InjectFault>(action) || std::holds_alternative<ClearFaults>(action) ||
      std::holds_alternative<ResetUser>(action))
    return "control-api";
  // Push notifications reach the phone only through mock-idp's phone API.
  if (std::holds_alternative<AnswerPush>(action)) return "mock-phone-api";
  if (std::holds_alternative<ReadSms>(action)) return "sms";
  return nullptr;
}

}  // namespace

std::vector<Need> ScenarioNeeds(const Scenario& scenario) {
  std::vector<Need> needs;
  auto has = [&](const std::string& name) {
    return std::any_of(needs.begin(), needs.end(), [&](const Need& n) { return n.name == name; });
  };
  for (const std::string& name : scenario.needs)
    if (!has(name)) needs.push_back({name, "declared with needs:"});
  for (const Step& step : scenario.steps) {
    const char* name = NeedOf(step.action);
    if (!name || has(name)) continue;
    needs.push_back({name, std::string(ActionKind(step.action)) + " at " + step.where.file + ":" +
                               std::to_string(step.where.line)});
  }
  return needs;
}

}  // namespace proofup::scenario
