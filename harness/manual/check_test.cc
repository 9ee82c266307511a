#include <gtest/gtest.h>

#include <set>
#include <tuple>

#include "harness/manual/manual.h"

namespace proofup::manual {
namespace {

constexpr char kManual[] = R"(manual: Test manual
language: nl
steps:
  - step: 1
    actor: computer
    summary: Sign in.
    screens: [Aanmelden]
  - step: 2
    actor: computer
    summary: More info.
    labels: [Meer informatie vereist, Volgende]
    screens: [Meer informatie vereist]
  - step: 3
    actor: computer
    summary: The app.
    labels: [Uw account veilig houden, Volgende]
    screens: [Uw account veilig houden / App]
  - step: 4
    actor: phone
    summary: Approve.
    labels: [Melding goedgekeurd, Volgende]
    phone labels: [Ja]
    screens: [Uw account veilig houden / Proberen]
  - step: 5
    actor: computer
    summary: Phone number.
    labels: [Nederland]
    screens: [Uw account veilig houden / Telefoon]
)";

Manual TestManual() {
  auto m = LoadManualText(kManual, "fixtures/manual/test.nl.yaml");
  EXPECT_TRUE(m.ok()) << m.status().message();
  return *m;
}

// Pages of the portal, as the runner records them (tenant name and language
// link on every page).
struct Screen {
  std::string heading;
  std::string body;
};
std::string Text(const Screen& s) {
  std::string text = "Voorbeeld College\n";
  size_t slash = s.heading.find(" / ");
  if (slash == std::string::npos) {
    text += s.heading + "\n";
  } else {
    text += s.heading.substr(0, slash) + "\n" + s.heading.substr(slash + 3) + "\n";
  }
  return text + s.body + "\nEnglish";
}
const Screen kSignIn{"Aanmelden", "Gebruikersnaam\nWachtwoord\nAanmelden"};
const Screen kMoreInfo{"Meer informatie vereist", "Uw organisatie wil meer weten.\nVolgende"};
const Screen kApp{"Uw account veilig houden / App",
                  "Installeer de app. Kies dan Volgende.\nVolgende"};
const Screen kAppUpdated{
    "Uw account veilig houden / App",
    "Installeer de app. Kies dan Volgende.\nDoorgaan\nMicrosoft Authenticator"};
const Screen kTryWaiting{"Uw account veilig houden / Proberen",
                         "Voer het nummer in de melding in.\n42"};
const Screen kTryApproved{"Uw account veilig houden / Proberen",
                          "Melding goedgekeurd\nVoer het nummer in de melding in.\nVolgende"};
const Screen kPhone{"Uw account veilig houden / Telefoon",
                    "Land of regio\nNederland (+31)\nBelgië (+32)\nVolgende"};

struct Step {
  std::vector<int> manual;
  std::string action;
  std::string description;
  const Screen* after;  // page after the step; nullptr = none
  Outcome outcome = Outcome::kPassed;
};

ScenarioResult Scenario(const std::string& name, const std::vector<Step>& steps,
                        const std::string& manual = "fixtures/manual/test.nl.yaml") {
  ScenarioResult s;
  s.name = name;
  s.manual = manual;
  s.outcome = Outcome::kPassed;
  for (const auto& st : steps) {
    StepResult r;
    r.index = static_cast<int>(s.steps.size() + 1);
    r.manual_steps = st.manual;
    r.action = st.action;
    r.description = st.description;
    r.outcome = st.outcome;
    if (st.outcome == Outcome::kFailed) s.outcome = Outcome::kFailed;
    if (st.after && st.outcome != Outcome::kNotRun) {
      r.observed_heading = st.after->heading;
      r.observed_text = Text(*st.after);
      r.observed_title = st.after->heading + " - Voorbeeld College";
    }
    s.steps.push_back(r);
  }
  return s;
}

// The happy path through the test manual; `app` and `approved` vary the portal.
std::vector<Step> HappyPath(const Screen& app = kApp, const Screen& approved = kTryApproved,
                            const std::string& app_button = "Volgende") {
  return {
      {{1}, "open", "go to \"/\"", &kSignIn},
      {{1}, "click", "click \"Aanmelden\"", &kMoreInfo},
      {{2}, "expect", "expect screen \"Meer informatie vereist\"", &kMoreInfo},
      {{2}, "click", "click \"Volgende\"", &app},
      {{3}, "expect", "expect screen \"App\"", &app},
      {{3}, "click", "click \"" + app_button + "\"", &kTryWaiting},
      {{4}, "phone.answer_push", "phone: approve", &kTryWaiting},
      {{4}, "wait", "wait for text \"Melding goedgekeurd\"", &approved},
      {{4}, "click", "click \"Volgende\"", &kPhone},
      {{5}, "select", "select \"Land of regio\" = \"Nederland (+31)\"", &kPhone},
  };
}

RunResult MakeRun(std::vector<ScenarioResult> scenarios) {
  RunResult run;
  run.scenarios = std::move(scenarios);
  return run;
}

using FindingKey = std::tuple<FindingKind, int, std::string, std::string>;
std::set<FindingKey> Keys(const ManualCheck& c) {
  std::set<FindingKey> keys;
  for (const auto& f : c.findings) keys.insert({f.kind, f.step, f.subject, f.now});
  return keys;
}

TEST(CheckManual, HappyPathMatches) {
  ManualCheck c = CheckManual(TestManual(), MakeRun({Scenario("nl", HappyPath())}));
  EXPECT_TRUE(c.Matches()) << FormatConsoleTable(c);
  EXPECT_TRUE(c.findings.empty());
  ASSERT_EQ(c.steps.size(), 5u);
  for (const auto& s : c.steps) EXPECT_EQ(s.status, StepStatus::kMatches) << s.number;
  ASSERT_EQ(c.steps[1].covered_by.size(), 2u);
  EXPECT_EQ(c.steps[1].covered_by[0].index, 3);
  EXPECT_EQ(c.steps[1].covered_by[1].index, 4);
  EXPECT_EQ(c.steps[3].labels[0].match, LabelMatch::kExact);
  EXPECT_EQ(c.steps[3].phone_labels, std::vector<std::string>{"Ja"});
  // "Nederland" is the option "Nederland (+31)": the dialling code aside, exact.
  EXPECT_EQ(c.steps[4].labels[0].match, LabelMatch::kExact);
  EXPECT_EQ(c.steps[4].labels[0].seen, "Nederland (+31)");
  EXPECT_EQ(c.scenarios, std::vector<std::string>{"nl"});
}

TEST(CheckManual, RenamedButtonIsNamedWithWhatTheScreenNowReads) {
  // The body still says "Kies dan Volgende." in a sentence; the button reads Doorgaan.
  ManualCheck c = CheckManual(
      TestManual(), MakeRun({Scenario("nl", HappyPath(kAppUpdated, kTryApproved, "Doorgaan"))}));
  EXPECT_FALSE(c.Matches());
  EXPECT_EQ(Keys(c),
            (std::set<FindingKey>{{FindingKind::kLabelMissing, 3, "Volgende", "Doorgaan"}}));
  EXPECT_EQ(c.findings[0].message,
            "step 3: \"Volgende\" not found; the screen now reads \"Doorgaan\"");
  EXPECT_EQ(c.steps[2].status, StepStatus::kDrift);
  EXPECT_EQ(c.steps[2].labels[0].match, LabelMatch::kExact);
  EXPECT_EQ(c.steps[2].labels[1].match, LabelMatch::kMissing);
  EXPECT_EQ(c.steps[1].status, StepStatus::kMatches);  // the click's next page is not step 2's
}

TEST(CheckManual, CaseOrSpacingIsShownButIsNoDrift) {
  Screen approved{kTryApproved.heading, "melding  Goedgekeurd\nVolgende"};
  ManualCheck c = CheckManual(TestManual(), MakeRun({Scenario("nl", HappyPath(kApp, approved))}));
  EXPECT_TRUE(c.Matches()) << FormatConsoleTable(c);
  EXPECT_EQ(c.steps[3].labels[0].match, LabelMatch::kCaseOrSpacing);
  EXPECT_EQ(c.steps[3].labels[0].seen, "melding  Goedgekeurd");
}

TEST(CheckManual, StoppedScenarioLeavesLaterStepsNotChecked) {
  auto steps = HappyPath();
  steps[6].outcome = Outcome::kFailed;  // the phone could not answer the push
  for (size_t i = 7; i < steps.size(); ++i) steps[i].outcome = Outcome::kNotRun;
  ManualCheck c = CheckManual(TestManual(), MakeRun({Scenario("nl", steps)}));
  EXPECT_TRUE(c.findings.empty()) << FormatConsoleTable(c);
  EXPECT_FALSE(c.Matches());
  EXPECT_EQ(c.steps[2].status, StepStatus::kMatches);
  EXPECT_EQ(c.steps[3].status, StepStatus::kNotChecked);
  EXPECT_EQ(c.steps[3].labels[0].match, LabelMatch::kNotChecked);
  EXPECT_EQ(c.steps[3].labels[0].reason, "scenario \"nl\" stopped at step 7 (manual 4)");
  EXPECT_EQ(c.steps[4].status, StepStatus::kNotChecked);
  EXPECT_EQ(c.steps[4].note, "not checked (scenario \"nl\" stopped at step 7 (manual 4))");
}

TEST(CheckManual, FailedWaitForTheLabelIsEvidenceOfARename) {
  Screen renamed{kTryApproved.heading,
                 "Aanvraag goedgekeurd\nVoer het nummer in de melding in.\nVolgende"};
  auto steps = HappyPath(kApp, renamed);
  steps[7].outcome = Outcome::kFailed;
  for (size_t i = 8; i < steps.size(); ++i) steps[i].outcome = Outcome::kNotRun;
  ManualCheck c = CheckManual(TestManual(), MakeRun({Scenario("nl", steps)}));
  EXPECT_EQ(Keys(c), (std::set<FindingKey>{{FindingKind::kLabelMissing, 4, "Melding goedgekeurd",
                                            "Aanvraag goedgekeurd"}}));
  EXPECT_EQ(c.steps[4].status, StepStatus::kNotChecked);
}

TEST(CheckManual, ScreenOfAnotherStepWhereTheManualHasThisOne) {
  // The portal went from "more info" straight to the phone screen; the scenario
  // stopped at its expectation for step 3.
  auto steps = HappyPath();
  steps[3].after = &kPhone;
  steps[4].after = &kPhone;
  steps[4].outcome = Outcome::kFailed;
  for (size_t i = 5; i < steps.size(); ++i) steps[i].outcome = Outcome::kNotRun;
  ManualCheck c = CheckManual(TestManual(), MakeRun({Scenario("nl", steps)}));
  EXPECT_EQ(Keys(c),
            (std::set<FindingKey>{{FindingKind::kReordered, 3, "\"Uw account veilig houden / App\"",
                                   "Uw account veilig houden / Telefoon"}}));
  EXPECT_EQ(c.steps[2].labels[1].match, LabelMatch::kNotChecked);
  EXPECT_EQ(c.steps[2].labels[1].reason, "the portal showed the screen of step 5 instead");
  EXPECT_EQ(c.steps[3].status, StepStatus::kNotChecked);
}

TEST(CheckManual, ScreensInAnotherOrderAreOneReorderedFinding) {
  // A scenario rewritten for the new portal: the phone screen comes before the app.
  std::vector<Step> steps = {
      {{1}, "open", "go to \"/\"", &kSignIn},
      {{1}, "click", "click \"Aanmelden\"", &kMoreInfo},
      {{2}, "click", "click \"Volgende\"", &kPhone},
      {{5}, "select", "select \"Land of regio\" = \"Nederland (+31)\"", &kPhone},
      {{5}, "click", "click \"Volgende\"", &kApp},
      {{3}, "click", "click \"Volgende\"", &kTryWaiting},
      {{4}, "wait", "wait for text \"Melding goedgekeurd\"", &kTryApproved},
      {{4}, "click", "click \"Volgende\"", nullptr},
  };
  ManualCheck c = CheckManual(TestManual(), MakeRun({Scenario("nl", steps)}));
  EXPECT_EQ(Keys(c), (std::set<FindingKey>{{FindingKind::kReordered, 5,
                                            "Uw account veilig houden / Telefoon",
                                            "after \"Meer informatie vereist\" (step 2), before "
                                            "\"Uw account veilig houden / App\" (step 3)"}}));
  EXPECT_EQ(c.steps[4].status, StepStatus::kDrift);
}

TEST(CheckManual, NewScreenAndUncoveredStep) {
  Screen terms{"Voorwaarden", "Ik ga akkoord\nVolgende"};
  std::vector<Step> steps = {
      {{1}, "open", "go to \"/\"", &kSignIn},
      {{1}, "click", "click \"Aanmelden\"", &terms},
      {{2}, "click", "click \"Volgende\"", &kMoreInfo},
      {{2}, "click", "click \"Volgende\"", &kApp},
      {{3}, "click", "click \"Volgende\"", &kTryWaiting},
      {{4}, "wait", "wait for text \"Melding goedgekeurd\"", &kTryApproved},
      {{4}, "click", "click \"Volgende\"", &kPhone},
  };
  ManualCheck c = CheckManual(TestManual(), MakeRun({Scenario("nl", steps)}));
  // Step 2 saw the new screen and its own; the new one is reported once.
  EXPECT_EQ(Keys(c), (std::set<FindingKey>{{FindingKind::kNewScreen, 2, "Voorwaarden", ""},
                                           {FindingKind::kNotCovered, 5, "", ""}}));
  EXPECT_EQ(c.steps[4].status, StepStatus::kNotCovered);
  EXPECT_EQ(c.steps[4].labels[0].match, LabelMatch::kNotChecked);
}

TEST(CheckManual, UsesOnlyScenariosFollowingThisManual) {
  auto english = HappyPath(kAppUpdated, kTryApproved, "Doorgaan");
  ManualCheck c = CheckManual(
      TestManual(), MakeRun({Scenario("nl", HappyPath(), "../fixtures/manual/test.nl.yaml"),
                             Scenario("en", english, "fixtures/manual/test.en.yaml")}));
  EXPECT_TRUE(c.Matches()) << FormatConsoleTable(c);
  EXPECT_EQ(c.scenarios, std::vector<std::string>{"nl"});
}

TEST(CheckManual, ErroredScenarioChecksNothing) {
  auto steps = HappyPath();
  for (auto& s : steps) s.outcome = Outcome::kNotRun;
  ScenarioResult s = Scenario("nl", steps);
  s.outcome = Outcome::kError;
  s.error = "the target could not be reached";
  ManualCheck c = CheckManual(TestManual(), MakeRun({s}));
  EXPECT_TRUE(c.findings.empty());
  for (const auto& step : c.steps) {
    EXPECT_EQ(step.status, StepStatus::kNotChecked);
    EXPECT_EQ(step.note,
              "not checked (scenario \"nl\" could not run: the target could not be reached)");
  }
}

}  // namespace
}  // namespace proofup::manual

namespace proofup::manual {
namespace {

TEST(CheckManual, ScenariosThatDoNotNameTheManualAreNotCompared) {
  // A branch scenario (sign-in after enrollment) tags steps with manual
  // numbers but walks another path: nothing is compared, nothing is drift.
  auto steps = HappyPath(kAppUpdated, kTryApproved, "Doorgaan");
  ManualCheck c = CheckManual(TestManual(), MakeRun({Scenario("sign-in", steps, "")}));
  EXPECT_FALSE(c.Compared());
  EXPECT_FALSE(c.Matches());
  EXPECT_TRUE(c.findings.empty()) << FormatConsoleTable(c);
  ASSERT_EQ(c.steps.size(), 5u);
  EXPECT_EQ(c.steps[2].status, StepStatus::kNotCovered);
  EXPECT_EQ(c.steps[2].note, "not compared (no scenario of the run names the manual)");
}

TEST(CheckManual, StepsWithoutManualNumbersAreNotCompared) {
  Screen terms{"Voorwaarden", "Ik ga akkoord\nVolgende"};
  auto steps = HappyPath();
  steps.insert(steps.begin() + 2, Step{{}, "click", "click \"Akkoord\"", &terms});
  steps.insert(steps.begin() + 3, Step{{}, "click", "click \"Volgende\"", &kMoreInfo});
  ManualCheck c = CheckManual(TestManual(), MakeRun({Scenario("nl", steps)}));
  EXPECT_TRUE(c.Matches()) << FormatConsoleTable(c);
}

TEST(CheckManual, ASurveyThatWalkedPastDriftNamesWhereItStopped) {
  // The survey went on after the renamed button (step 6 failed but acted on
  // "Doorgaan"), then stopped at step 8: the note names step 8.
  auto steps = HappyPath(kAppUpdated, kTryApproved, "Volgende");
  steps[5].outcome = Outcome::kFailed;
  steps[7].outcome = Outcome::kFailed;
  steps[7].after = &kTryWaiting;
  for (size_t i = 8; i < steps.size(); ++i) steps[i].outcome = Outcome::kNotRun;
  ManualCheck c = CheckManual(TestManual(), MakeRun({Scenario("nl", steps)}));
  EXPECT_EQ(c.steps[4].note, "not checked (scenario \"nl\" stopped at step 8 (manual 4))");
  EXPECT_TRUE(Keys(c).count({FindingKind::kLabelMissing, 3, "Volgende", "Doorgaan"}))
      << FormatConsoleTable(c);
}

TEST(CheckManual, TheFileOrderIsTheManualsOrder) {
  // The manual as --update leaves it after the portal moved the phone screen
  // before the app: step 5 now comes after step 2, numbers kept.
  std::string text = kManual;
  size_t five = text.find("  - step: 5");
  std::string step5 = text.substr(five);
  text.erase(five);
  text.insert(text.find("  - step: 3"), step5);
  auto manual = LoadManualText(text, "fixtures/manual/test.nl.yaml");
  ASSERT_TRUE(manual.ok()) << manual.status().message();
  std::vector<Step> steps = {
      {{1}, "open", "go to \"/\"", &kSignIn},
      {{1}, "click", "click \"Aanmelden\"", &kMoreInfo},
      {{2}, "click", "click \"Volgende\"", &kPhone},
      {{5}, "select", "select \"Land of regio\" = \"Nederland (+31)\"", &kPhone},
      {{5}, "click", "click \"Volgende\"", &kApp},
      {{3}, "click", "click \"Volgende\"", &kTryWaiting},
      {{4}, "wait", "wait for text \"Melding goedgekeurd\"", &kTryApproved},
      {{4}, "click", "click \"Volgende\"", nullptr},
  };
  ManualCheck c = CheckManual(*manual, MakeRun({Scenario("nl", steps)}));
  EXPECT_TRUE(c.Matches()) << FormatConsoleTable(c);
  EXPECT_EQ(c.run_order, (std::vector<int>{1, 2, 5, 3, 4}));
  // The old order against the same run: the phone screen moved.
  ManualCheck old = CheckManual(TestManual(), MakeRun({Scenario("nl", steps)}));
  EXPECT_EQ(old.findings.size(), 1u);
}

}  // namespace
}  // namespace proofup::manual
