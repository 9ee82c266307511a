#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "harness/manual/html_words.h"
#include "harness/manual/language_scan_test_util.h"
#include "harness/manual/manual.h"

namespace proofup::manual {
namespace {

ManualCheck SampleCheck() {
  ManualCheck c;
  c.manual_file = "fixtures/manual/ms-authenticator.nl.yaml";
  c.manual_title = "Handleiding <MS> & co";
  c.scenarios = {"Inschrijving"};
  StepCheck s7;
  s7.number = 7;
  s7.summary = "Extra gegevens";
  s7.covered_by = {{"Inschrijving", 10, "click \"Volgende\"", Outcome::kPassed}};
  s7.labels = {{"Meer informatie vereist", LabelMatch::kExact, "Meer informatie vereist", ""},
               {"Volgende", LabelMatch::kMissing, "Doorgaan", ""}};
  s7.status = StepStatus::kDrift;
  StepCheck s12;
  s12.number = 12;
  s12.actor = Actor::kPhone;
  s12.labels = {{"Melding goedgekeurd", LabelMatch::kNotChecked, "", "scenario stopped"}};
  s12.phone_labels = {"Ja"};
  s12.status = StepStatus::kNotChecked;
  s12.note = "not checked (scenario stopped)";
  c.steps = {s7, s12};
  c.findings = {{FindingKind::kLabelMissing, 7, "Volgende", "Doorgaan",
                 "step 7: \"Volgende\" not found; the screen now reads \"Doorgaan\""}};
  return c;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class WritersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("manual_writers_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(WritersTest, JsonHoldsEveryCheckStepAndFinding) {
  std::string path = (dir_ / "manual.json").string();
  ASSERT_TRUE(WriteManualJson({SampleCheck()}, path).ok());
  auto doc = nlohmann::json::parse(ReadFile(path));
  ASSERT_EQ(doc["checks"].size(), 1u);
  const auto& c = doc["checks"][0];
  EXPECT_EQ(c["manual"], "fixtures/manual/ms-authenticator.nl.yaml");
  EXPECT_EQ(c["matches"], false);
  EXPECT_EQ(c["steps"][0]["labels"][1]["match"], "missing");
  EXPECT_EQ(c["steps"][0]["labels"][1]["seen"], "Doorgaan");
  EXPECT_EQ(c["steps"][0]["covered_by"][0]["index"], 10);
  EXPECT_EQ(c["steps"][1]["phone_labels"][0], "Ja");
  EXPECT_EQ(c["steps"][1]["status"], "not checked");
  EXPECT_EQ(c["findings"][0]["kind"], "label missing");
  EXPECT_EQ(c["findings"][0]["step"], 7);
}

TEST_F(WritersTest, HtmlIsSelfContainedAndEscaped) {
  std::string path = (dir_ / "manual.html").string();
  ASSERT_TRUE(WriteManualHtml({SampleCheck()}, path).ok());
  std::string html = ReadFile(path);
  EXPECT_NE(html.find("<style>"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_NE(html.find("Handleiding &lt;MS&gt; &amp; co"), std::string::npos);
  EXPECT_EQ(html.find("<MS>"), std::string::npos);
  EXPECT_NE(html.find("step 7: &quot;Volgende&quot; not found"), std::string::npos);
  EXPECT_NE(html.find("&ldquo;Ja&rdquo; (phone)"), std::string::npos);
}

// For a Dutch manual: Dutch page, thumbnails linking into the run folder,
// each covering scenario named once per step, variables as placeholders, the
// drift with the manual's text beside the portal's, no absolute path.
TEST_F(WritersTest, HtmlIsInTheManualsLanguageWithThumbnailsAndRelativePaths) {
  ManualCheck c = SampleCheck();
  c.language = "nl";
  c.manual_file = (dir_ / "fixtures" / "m.nl.yaml").string();
  c.steps[0].screenshot = "screens/inschrijving/step-10.png";
  c.steps[1].screen_file = "screens/inschrijving/step-14.html";
  c.steps[0].covered_by = {
      {"Inschrijving", 9, "fill \"Gebruikersnaam\" = \"${user.username}\"", Outcome::kPassed},
      {"Inschrijving", 10, "click \"Volgende\"", Outcome::kPassed}};
  std::string path = (dir_ / "manual.html").string();
  ASSERT_TRUE(WriteManualHtml({c}, path).ok());
  std::string html = ReadFile(path);
  EXPECT_NE(html.find("<html lang=\"nl\">"), std::string::npos);
  EXPECT_NE(html.find("<th>Stap</th>"), std::string::npos) << html;
  EXPECT_NE(html.find("wijkt af"), std::string::npos);
  EXPECT_EQ(html.find("<th>Step</th>"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"screens/inschrijving/step-10.png\"><img class=\"thumb\" "
                      "src=\"screens/inschrijving/step-10.png\""),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<a href=\"screens/inschrijving/step-14.html\">opgeslagen scherm</a>"),
            std::string::npos);
  EXPECT_EQ(html.find("${"), std::string::npos);
  EXPECT_NE(html.find("<var>user.username</var>"), std::string::npos);
  size_t first = html.find("<b>Inschrijving</b>");
  EXPECT_NE(first, std::string::npos);
  EXPECT_EQ(html.find("<b>Inschrijving</b>", first + 1), std::string::npos);  // once per step
  EXPECT_NE(html.find("<td class=\"old\">Volgende</td><td class=\"new\">Doorgaan</td>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("handleiding: m.nl.yaml"), std::string::npos) << html;
  EXPECT_EQ(html.find(dir_.string()), std::string::npos);
}

// Every fixed word, outcome, match kind and note through the nl/en catalog;
// the scenario's step text is code (the scenario language), not page words.
TEST_F(WritersTest, HtmlHoldsNoWordOfTheOtherLanguage) {
  ManualCheck nl = SampleCheck();
  nl.language = "nl";
  nl.steps[1].note = "not checked (scenario \"Inschrijving\" stopped at step 12 (manual 12))";
  std::string path = (dir_ / "nl.html").string();
  ASSERT_TRUE(WriteManualHtml({nl}, path).ok());
  std::string html = ReadFile(path);
  EXPECT_EQ(testing::WordsOfOtherLanguage(html, "nl"), std::vector<std::string>{}) << html;
  EXPECT_NE(html.find("niet gecontroleerd (scenario &quot;Inschrijving&quot; stopte bij stap 12 "
                      "(handleiding 12))"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<code>click &quot;Volgende&quot;</code> <small>(geslaagd)</small>"),
            std::string::npos)
      << html;

  ManualCheck en = SampleCheck();
  en.language = "en";
  en.manual_title = "Manual";
  en.steps[0].summary = "More information";
  en.steps[0].labels = {{"More information required", LabelMatch::kExact, "", ""},
                        {"Next", LabelMatch::kMissing, "Continue", ""}};
  en.steps[1].labels = {{"Notification approved", LabelMatch::kNotChecked, "", "stopped"}};
  en.steps[1].phone_labels = {"Yes"};
  en.findings = {{FindingKind::kLabelMissing, 7, "Next", "Continue",
                  "step 7: \"Next\" not found; the screen now reads \"Continue\""}};
  en.scenarios = {"Enrollment"};
  en.steps[0].covered_by = {{"Enrollment", 10, "click \"Next\"", Outcome::kPassed}};
  path = (dir_ / "en.html").string();
  ASSERT_TRUE(WriteManualHtml({en}, path).ok());
  EXPECT_EQ(testing::WordsOfOtherLanguage(ReadFile(path), "en"), std::vector<std::string>{});
}

TEST_F(WritersTest, UnwritablePathIsAnIoError) {
  Status s = WriteManualJson({SampleCheck()}, (dir_ / "missing" / "manual.json").string());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.kind(), Status::Kind::kIoError);
  EXPECT_FALSE(WriteManualHtml({}, (dir_ / "missing" / "manual.html").string()).ok());
}

TEST(ConsoleTable, RowsFindingsAndVerdict) {
  std::string table = FormatConsoleTable(SampleCheck());
  EXPECT_NE(table.find("\"Volgende\" MISSING -> \"Doorgaan\""), std::string::npos) << table;
  EXPECT_NE(table.find("\"Meer informatie vereist\" ok"), std::string::npos) << table;
  EXPECT_NE(table.find("(phone) \"Ja\""), std::string::npos) << table;
  EXPECT_NE(table.find("#10 "), std::string::npos) << table;
  EXPECT_NE(table.find("not checked (scenario stopped)"), std::string::npos) << table;
  EXPECT_NE(table.find("label missing: step 7: \"Volgende\" not found"), std::string::npos)
      << table;
  EXPECT_EQ(SummaryLine(SampleCheck()),
            "manual: ms-authenticator.nl.yaml drift: 1 label missing, 1 step not checked");
}

TEST(ConsoleTable, CoveringStepsAsRangesPerScenario) {
  ManualCheck c = SampleCheck();
  c.steps[0].covered_by = {{"a", 3, "", Outcome::kPassed},
                           {"a", 4, "", Outcome::kPassed},
                           {"a", 5, "", Outcome::kPassed},
                           {"a", 9, "", Outcome::kPassed},
                           {"b", 4, "", Outcome::kPassed}};
  c.findings.push_back(c.findings[0]);
  std::string table = FormatConsoleTable(c);
  EXPECT_NE(table.find("#3-5,#9; #4 "), std::string::npos) << table;
  EXPECT_EQ(SummaryLine(c),
            "manual: ms-authenticator.nl.yaml drift: 2 labels missing, 1 step not checked");
}

TEST(ConsoleTable, MatchingManualSummary) {
  ManualCheck c;
  c.manual_file = "x/m.yaml";
  c.scenarios = {"a"};
  c.steps.resize(2);
  for (auto& s : c.steps) s.status = StepStatus::kMatches;
  EXPECT_TRUE(c.Matches());
  EXPECT_EQ(SummaryLine(c), "manual: m.yaml matches (2 steps)");
  c.steps.resize(1);
  EXPECT_EQ(SummaryLine(c), "manual: m.yaml matches (1 step)");
  EXPECT_EQ(VerdictLine(WordsFor("nl"), c), "Klopt (1 stap)");
  EXPECT_EQ(VerdictLine(WordsFor("en"), c), "Matches (1 step)");
  c.steps.resize(3, c.steps.front());
  EXPECT_EQ(VerdictLine(WordsFor("nl"), c), "Klopt (3 stappen)");
  c.scenarios.clear();  // no scenario names the manual
  EXPECT_FALSE(c.Matches());
  EXPECT_EQ(SummaryLine(c), "manual: m.yaml not compared (no scenario of the run names it)");
}

}  // namespace
}  // namespace proofup::manual
