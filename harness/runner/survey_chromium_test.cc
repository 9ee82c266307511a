// The frame in a survey's screenshots (`proofup manual build`) is on the
// element the survey acts on: where the scenario's field or button was
// renamed, the replacement is framed, not nothing. Headless Chromium against a
// loopback form whose labels were renamed; skips when chromium is absent.
#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_STATIC
#define STBI_ONLY_PNG
#define STBI_NO_STDIO
#include <gtest/gtest.h>
#include <stb/stb_image.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "harness/http/test_server.h"
#include "harness/report/test_tool.h"
#include "harness/runner/runner.h"

namespace proofup::runner {
namespace {

namespace fs = std::filesystem;

// Fields high up, the button far below them: the two frames cannot overlap.
const char kRenamedForm[] = R"(<!DOCTYPE html><title>Formulier</title><body style="margin:20px">
<h1>Gegevens</h1><form method="post" action="/done">
<label for="u">E-mailadres</label><input id="u" name="username" style="width:200px">
<div style="height:300px"></div><button type="submit">Doorgaan</button></form>)";

// The rows where the manual's frame colour (#e3008c, page_scripts.h) is in
// `png`: [first, last], or {-1, -1} when it is nowhere.
std::pair<int, int> FrameRows(const std::string& png) {
  int w = 0, h = 0, channels = 0;
  unsigned char* pixels = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(png.data()),
                                                static_cast<int>(png.size()), &w, &h, &channels, 3);
  EXPECT_NE(pixels, nullptr) << "not a PNG";
  std::pair<int, int> rows{-1, -1};
  for (int y = 0; pixels && y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const unsigned char* p = pixels + 3 * (y * w + x);
      if (std::abs(p[0] - 0xe3) < 12 && p[1] < 24 && std::abs(p[2] - 0x8c) < 12) {
        if (rows.first < 0) rows.first = y;
        rows.second = y;
      }
    }
  stbi_image_free(pixels);
  return rows;
}

class SurveyFrameTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (test_tool::FindInPath("chromium").empty())
      GTEST_SKIP() << "chromium is not installed (Debian package: chromium)";
    server_.server().Get("/form", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(kRenamedForm, "text/html");
    });
    server_.server().Post("/done", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<h1>Ontvangen</h1>", "text/html");
    });
    ASSERT_TRUE(server_.Start());
  }

  // The old scenario (its field and button were renamed) run on the form.
  ScenarioResult RunOldForm(RunOptions options) {
    auto scenario = scenario::LoadScenarioText(R"(name: old form
steps:
  - go to: /form
  - expect screen: Gegevens
  - fill:
      Gebruikersnaam: anna
  - click: Volgende
)",
                                               "old-form.yaml");
    EXPECT_TRUE(scenario.ok()) << scenario.status().message();
    if (!scenario.ok()) return {};
    options.target = server_.Url("");
    options.offers = {false, false};
    options.browser = "chromium";
    RunListener listener;
    return runner::Run({*scenario}, UserDirectory(), options, listener).scenarios.at(0);
  }

  // The screenshot of each step (by step index) of the old scenario, surveyed.
  std::map<int, std::string> Shots() {
    RunOptions options;
    options.survey = true;
    options.outline_next_target = true;
    options.step_timeout = std::chrono::seconds(2);
    options.run_dir = dir_.path();
    ScenarioResult r = RunOldForm(options);
    std::map<int, std::string> shots;
    for (const StepResult& s : r.steps) {
      if (s.screenshot_file.empty()) continue;
      std::ifstream in(fs::path(options.run_dir) / s.screenshot_file, std::ios::binary);
      shots[s.index] = {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }
    return shots;
  }

  http::testing::LocalServer server_;
  test_tool::TempDir dir_{"survey-frame"};
};

TEST_F(SurveyFrameTest, TheReplacementTheSurveyActsOnIsFramed) {
  std::map<int, std::string> shots = Shots();
  ASSERT_TRUE(shots.count(1) && shots.count(2) && shots.count(3)) << shots.size() << " shots";
  EXPECT_EQ(FrameRows(shots[1]).first, -1) << "an `expect screen` next: nothing to frame";
  auto field = FrameRows(shots[2]);   // the fill of "Gebruikersnaam" comes next
  auto button = FrameRows(shots[3]);  // the click of "Volgende" comes next
  ASSERT_NE(field.first, -1) << "the field \"E-mailadres\" is not framed";
  ASSERT_NE(button.first, -1) << "the button \"Doorgaan\" is not framed";
  EXPECT_LT(field.second, button.first) << "the field's frame is above the button's";
  EXPECT_LT(field.second - field.first, 80) << "one field framed, not the page";
}

// The settled form never shows "Gebruikersnaam" or "Volgende": each wait of
// the survey ends on the survey grace, not after the step timeout (a minute
// here, which would make the run take two); a normal run waits it out.
TEST_F(SurveyFrameTest, SurveyGoesOnOnceThePageSettledNormalRunWaitsTheTimeout) {
  RunOptions survey;
  survey.survey = true;
  survey.step_timeout = std::chrono::seconds(60);
  survey.survey_grace = std::chrono::milliseconds(300);
  ScenarioResult r = RunOldForm(survey);
  ASSERT_EQ(r.steps.size(), 4u);
  int graces = 0, timeouts = 0;
  for (const StepResult& s : r.steps) {
    graces +=
        s.failure.find("(the page did not change for 300 ms: survey grace)") != std::string::npos;
    timeouts += s.failure.find("ms for the page to change)") != std::string::npos;
  }
  EXPECT_EQ(graces, 2) << r.steps[2].failure << "\n" << r.steps[3].failure;
  EXPECT_EQ(timeouts, 0);
  EXPECT_NE(r.steps[2].failure.find("the survey went on with the nearest field \"E-mailadres\""),
            std::string::npos)
      << r.steps[2].failure;
  EXPECT_NE(r.steps[3].failure.find("the survey went on with the nearest button"),
            std::string::npos)
      << r.steps[3].failure;
  EXPECT_LT(r.duration_ms, 60'000);

  RunOptions normal;
  normal.step_timeout = std::chrono::seconds(2);
  normal.survey_grace = std::chrono::milliseconds(300);  // ignored outside a survey
  ScenarioResult n = RunOldForm(normal);
  ASSERT_EQ(n.steps.size(), 4u);
  EXPECT_EQ(n.steps[2].outcome, Outcome::kFailed);
  EXPECT_NE(n.steps[2].failure.find("ms for the page to change)"), std::string::npos)
      << n.steps[2].failure;
  EXPECT_EQ(n.steps[2].failure.find("survey"), std::string::npos) << n.steps[2].failure;
  EXPECT_EQ(n.steps[3].outcome, Outcome::kNotRun);
}

}  // namespace
}  // namespace proofup::runner
