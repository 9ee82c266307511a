#include <gtest/gtest.h>

#include "harness/manual/manual.h"

namespace proofup::manual {
namespace {

constexpr char kManual[] = R"(# The test manual; this comment stays.
manual: Test
language: nl
steps:
  - step: 1
    actor: computer
    summary: More info.
    labels: [Meer informatie vereist, Volgende]  # the button
    screens: [Meer informatie vereist]
  # Step 2 has a quoted label.
  - step: 2
    actor: computer
    summary: The app.
    labels: ["Uw account: veilig", 'Volgende']
  - step: 3
    actor: phone
    summary: Approve.
    labels: Melding goedgekeurd
  - step: 4
    actor: computer
    summary: Phone.
    labels: [Nederland]
)";

Manual Load(const std::string& text) {
  auto m = LoadManualText(text, "m.yaml");
  EXPECT_TRUE(m.ok()) << m.status().message();
  return m.ok() ? *m : Manual{};
}

// A check of `manual` in which label `label` of the step at `index` is missing
// and the screen shows `seen` instead.
void Missing(ManualCheck& check, size_t index, size_t label, const std::string& seen) {
  LabelCheck& lc = check.steps[index].labels[label];
  lc.match = LabelMatch::kMissing;
  lc.seen = seen;
  check.findings.push_back(
      {FindingKind::kLabelMissing, check.steps[index].number, lc.label, seen, ""});
}

ManualCheck AllExact(const Manual& manual) {
  ManualCheck check;
  for (const auto& step : manual.steps) {
    StepCheck sc;
    sc.number = step.number;
    for (const auto& l : step.labels) sc.labels.push_back({l, LabelMatch::kExact, l, ""});
    check.steps.push_back(sc);
  }
  return check;
}

TEST(UpdateManualText, ReplacesRenamedLabelsInPlaceKeepingEverythingElse) {
  Manual manual = Load(kManual);
  ManualCheck check = AllExact(manual);
  Missing(check, 0, 1, "Doorgaan");
  Missing(check, 1, 0, "Uw account: nu veilig");
  Missing(check, 1, 1, "Doorgaan");
  Missing(check, 2, 0, "Aanvraag, goedgekeurd");
  ManualUpdate u = UpdateManualText(kManual, manual, check);
  std::string expected = kManual;
  for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"Volgende]  #", "Doorgaan]  #"},
           {"[\"Uw account: veilig\", 'Volgende']", "[\"Uw account: nu veilig\", Doorgaan]"},
           {"labels: Melding goedgekeurd", "labels: \"Aanvraag, goedgekeurd\""}})
    expected.replace(expected.find(from), from.size(), to);
  EXPECT_EQ(u.text, expected);
  EXPECT_EQ(u.changes.size(), 4u);
  EXPECT_EQ(u.changes[0], "step 1: \"Volgende\" -> \"Doorgaan\"");
  Manual again = Load(u.text);
  EXPECT_EQ(again.steps[2].labels, std::vector<std::string>{"Aanvraag, goedgekeurd"});
  EXPECT_EQ(again.steps[1].labels, (std::vector<std::string>{"Uw account: nu veilig", "Doorgaan"}));
}

TEST(UpdateManualText, LabelWithNothingSimilarStaysAndIsListed) {
  Manual manual = Load(kManual);
  ManualCheck check = AllExact(manual);
  Missing(check, 3, 0, "");
  ManualUpdate u = UpdateManualText(kManual, manual, check);
  EXPECT_EQ(u.text, kManual);
  EXPECT_EQ(u.changes, std::vector<std::string>{
                           "step 4: \"Nederland\" left as is (nothing similar on the screen)"});
  EXPECT_EQ(LineDiff(kManual, u.text), "");
}

TEST(UpdateManualText, ReorderedScreensMoveTheStepsWithTheirComments) {
  Manual manual = Load(kManual);
  ManualCheck check = AllExact(manual);
  check.findings.push_back({FindingKind::kReordered, 4, "Telefoon", "after step 1", ""});
  check.run_order = {1, 4, 2};  // step 3 was not performed: it stays after step 2
  Missing(check, 0, 1, "Doorgaan");
  ManualUpdate u = UpdateManualText(kManual, manual, check);
  std::string text = kManual;
  std::string step4 = text.substr(text.find("  - step: 4"));
  text.erase(text.find("  - step: 4"));
  text.insert(text.find("  # Step 2"), step4);
  text.replace(text.find("Volgende]  #"), 8, "Doorgaan");
  EXPECT_EQ(u.text, text);
  EXPECT_EQ(u.changes.back(), "steps in the order the portal shows them now: 1, 4, 2, 3");
  Manual again = Load(u.text);
  ASSERT_EQ(again.steps.size(), 4u);
  EXPECT_EQ(again.steps[1].number, 4);
  EXPECT_EQ(again.steps[3].number, 3);
}

TEST(UpdateManualText, AScreenSplitOffAStepMovesToTheScreensOfTheStepBeforeIt) {
  const std::string text = R"(manual: T
steps:
  - step: 1
    actor: computer
    summary: Phone.
    screens: [Telefoon]
  - step: 2
    actor: computer
    summary: App.
    screens: [App]
  - step: 3
    actor: computer
    summary: Done.
    screens: [Verified, Done]  # both
  - step: 4
    actor: computer
    summary: Home.
    screens: [Done, Home]
)";
  Manual manual = Load(text);
  ManualCheck check = AllExact(manual);
  check.moved_screens = {{"Verified", 3, 1}, {"Home", 4, 2}};
  ManualUpdate u = UpdateManualText(text, manual, check);
  std::string expected = text;
  expected.replace(expected.find("[Telefoon]"), 10, "[Telefoon, Verified]");
  expected.replace(expected.find("[App]"), 5, "[App, Home]");
  expected.replace(expected.find("[Verified, Done]"), 16, "[Done]");
  expected.replace(expected.find("[Done, Home]"), 12, "[Done]");
  EXPECT_EQ(u.text, expected);
  EXPECT_EQ(
      u.changes,
      (std::vector<std::string>{
          "step 3: screen \"Verified\" now comes after step 1: moved to the screens of step 1",
          "step 4: screen \"Home\" now comes after step 2: moved to the screens of step 2"}));
  // The only screen of its step stays.
  check.moved_screens = {{"Telefoon", 1, 2}};
  EXPECT_EQ(UpdateManualText(text, manual, check).text, text);
}

TEST(LineDiff, NamesTheChangedLines) {
  EXPECT_EQ(LineDiff("a\nb\nc\n", "a\nB\nc\nd\n"), "@@ line 2 @@\n-b\n+B\n@@ line 4 @@\n+d\n");
  EXPECT_EQ(LineDiff("x\n", "x\n"), "");
}

}  // namespace
}  // namespace proofup::manual
