#include <gtest/gtest.h>

#include "harness/manual/manual.h"

namespace proofup::manual {
namespace {

std::string Errors(std::string_view text) {
  auto m = LoadManualText(text, "m.yaml");
  EXPECT_FALSE(m.ok());
  return m.ok() ? "" : m.status().message();
}

TEST(LoadManual, ReadsStepsWithLabelsPhoneLabelsAndScreens) {
  auto m = LoadManualText(R"(manual: Handleiding
language: nl
steps:
  - step: 4
    actor: phone
    summary: App installeren.
    phone labels: [Ik ga akkoord, Overslaan]
  - step: 7
    actor: computer
    summary: Extra gegevens.
    labels: [Meer informatie vereist, Volgende]
    screens: Meer informatie vereist
)",
                          "m.yaml");
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->title, "Handleiding");
  EXPECT_EQ(m->language, "nl");
  ASSERT_EQ(m->steps.size(), 2u);
  EXPECT_EQ(m->steps[0].number, 4);
  EXPECT_EQ(m->steps[0].actor, Actor::kPhone);
  EXPECT_EQ(m->steps[0].phone_labels, (std::vector<std::string>{"Ik ga akkoord", "Overslaan"}));
  EXPECT_TRUE(m->steps[0].labels.empty());
  EXPECT_EQ(m->steps[1].labels, (std::vector<std::string>{"Meer informatie vereist", "Volgende"}));
  EXPECT_EQ(m->steps[1].screens, std::vector<std::string>{"Meer informatie vereist"});
  EXPECT_EQ(m->steps[1].line, 8);
}

TEST(LoadManual, UnknownKeyNamesTheNearestWithLocationAndCaret) {
  EXPECT_EQ(Errors("steps:\n  - step: 1\n    actor: computer\n    summary: x\n    lables: [A]\n"),
            "m.yaml:5:5: error: unknown key \"lables\" in a step; did you mean \"labels\"?\n"
            "    lables: [A]\n"
            "    ^");
  EXPECT_EQ(Errors("manaul: x\nsteps:\n  - {step: 1, actor: phone, summary: x}\n"),
            "m.yaml:1:1: error: unknown key \"manaul\" in the manual; did you mean \"manual\"?\n"
            "manaul: x\n"
            "^");
}

TEST(LoadManual, UnknownActorAndBadNumbersAndMissingKeys) {
  std::string e = Errors(R"(steps:
  - step: 1
    actor: phon
    summary: a
  - step: 3
    actor: computer
    summary: b
  - step: 3
    actor: computer
    summary: c
  - step: zes
    summary: d
)");
  EXPECT_NE(e.find("m.yaml:3:12: error: unknown actor \"phon\"; did you mean \"phone\"?"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("m.yaml:8:11: error: step 3 is numbered twice (first on line 5)"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("m.yaml:11:11: error: expected a step number"), std::string::npos) << e;
  EXPECT_NE(e.find("m.yaml:11:5: error: missing required key \"actor\" in a step"),
            std::string::npos)
      << e;
}

TEST(LoadManual, SyntaxErrorsTypesAndEmptyFiles) {
  EXPECT_EQ(Errors("steps:\n  - step: 1\n\t actor: phone\n").substr(0, 14), "m.yaml:3:1: er");
  EXPECT_NE(Errors("steps:\n  - step: 1\n\t actor: phone\n").find("tabs"), std::string::npos);
  EXPECT_NE(Errors("steps:\n  - step: 1\n    actor: phone\n    summary: [a, b]\n")
                .find("m.yaml:4:14: error: expected text for \"summary\", got a list"),
            std::string::npos);
  EXPECT_EQ(Errors("manual: x\n"),
            "m.yaml:1:1: error: missing required key \"steps\" in the manual");
  EXPECT_NE(Errors("").find("the file is empty"), std::string::npos);
  EXPECT_NE(Errors("steps:\n  - step: 1\n    actor: phone\n    summary: a\n    step: 2\n")
                .find("m.yaml:5:5: error: duplicate key \"step\" (first on line 2)"),
            std::string::npos);
}

TEST(LoadManual, DiagnosticsAreReturnedToo) {
  std::vector<scenario::Diagnostic> diagnostics;
  auto m = LoadManualText("steps: 3\n", "m.yaml", &diagnostics);
  ASSERT_FALSE(m.ok());
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].where.line, 1);
  EXPECT_EQ(diagnostics[0].where.column, 8);
}

TEST(LoadManual, MissingFileIsAnIoError) {
  auto m = LoadManualFile("/nonexistent/manual.yaml");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().kind(), Status::Kind::kIoError);
}

// The shipped manuals load and describe the 16 steps of the manual.
TEST(LoadManual, ShippedManualsHaveSixteenSteps) {
  for (const char* name : {"ms-authenticator.nl.yaml", "ms-authenticator.en.yaml"}) {
    auto m = LoadManualFile(std::string(PROOFUP_SOURCE_DIR) + "/fixtures/manual/" + name);
    ASSERT_TRUE(m.ok()) << m.status().message();
    ASSERT_EQ(m->steps.size(), 16u) << name;
    for (int i = 0; i < 16; ++i) EXPECT_EQ(m->steps[i].number, i + 1) << name;
    EXPECT_EQ(m->steps[11].phone_labels.size(), 1u) << name;
  }
  auto nl =
      LoadManualFile(std::string(PROOFUP_SOURCE_DIR) + "/fixtures/manual/ms-authenticator.nl.yaml");
  ASSERT_TRUE(nl.ok());
  EXPECT_EQ(nl->steps[6].labels, (std::vector<std::string>{"Meer informatie vereist", "Volgende"}));
  EXPECT_EQ(nl->steps[11].labels, (std::vector<std::string>{"Melding goedgekeurd", "Volgende"}));
  EXPECT_EQ(nl->steps[12].labels, std::vector<std::string>{"Nederland"});
  EXPECT_EQ(nl->steps[15].labels, std::vector<std::string>{"Gereed"});
}

}  // namespace
}  // namespace proofup::manual
