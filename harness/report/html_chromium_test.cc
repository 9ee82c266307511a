// Opens index.html in headless Chromium, as a person would from disk: the page
// must render offline and show the summary. Skips when chromium is absent.
#include <gtest/gtest.h>

#include <filesystem>

#include "harness/report/report.h"
#include "harness/report/test_sample_run.h"
#include "harness/report/test_tool.h"

namespace proofup {
namespace {

using test_tool::TempDir;

std::vector<std::string> ChromiumArgs(const std::string& chromium, const std::string& profile) {
  return {chromium,
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--user-data-dir=" + profile,
          "--window-size=1280,900"};
}

// PNG width and height from the IHDR chunk, or {0, 0}.
std::pair<uint32_t, uint32_t> PngSize(const std::string& png) {
  if (png.size() < 24 || png.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return {0, 0};
  auto be32 = [&](size_t at) {
    uint32_t v = 0;
    for (size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(png[at + i]);
    return v;
  };
  return {be32(16), be32(20)};
}

class ChromiumRender : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = test_tool::FindInPath("chromium");
    if (chromium_.empty()) {
      GTEST_SKIP() << "chromium is not installed (Debian package: chromium); "
                      "the HTML report was not rendered";
    }
    ASSERT_FALSE(dir_.path().empty());
    ASSERT_TRUE(WriteHtmlReport(test_sample::SampleRun(), dir_.path() + "/run").ok());
    url_ = "file://" + dir_.path() + "/run/index.html";
  }
  std::string chromium_;
  TempDir dir_{"chromium"};
  std::string url_;
};

TEST_F(ChromiumRender, RenderedDomShowsTheSummary) {
  auto args = ChromiumArgs(chromium_, dir_.path() + "/profile");
  args.push_back("--dump-dom");
  args.push_back(url_);
  auto result = test_tool::RunTool(args, dir_.path() + "/dom.out");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const std::string& dom = result.output;
  EXPECT_NE(dom.find("<h1>proofup report</h1>"), std::string::npos) << dom.substr(0, 2000);
  EXPECT_NE(dom.find("2 of 5 scenarios did not pass"), std::string::npos);
  EXPECT_NE(dom.find("<span class=\"n\">1</span><span class=\"l\">Passed</span>"),
            std::string::npos);
  EXPECT_NE(dom.find("<span class=\"n\">4.32 s</span><span class=\"l\">Total time</span>"),
            std::string::npos);
  EXPECT_NE(dom.find("<del>vereist</del>"), std::string::npos);
  // The hostile title stayed text after parsing: no script element was created.
  EXPECT_EQ(dom.find("<script"), std::string::npos);
}

TEST_F(ChromiumRender, ScreenshotIsTakenAtTheWindowSize) {
  const std::string shot = dir_.path() + "/shot.png";
  auto args = ChromiumArgs(chromium_, dir_.path() + "/profile");
  args.push_back("--screenshot=" + shot);
  args.push_back(url_);
  auto result = test_tool::RunTool(args, dir_.path() + "/shot.out");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  std::string png = test_tool::ReadFile(shot);
  auto [width, height] = PngSize(png);
  EXPECT_EQ(width, 1280u);
  EXPECT_EQ(height, 900u);
  // A blank page compresses to a few kB; the rendered report is far richer.
  EXPECT_GT(png.size(), 30'000u);
  // Kept next to the test binaries for people to look at the design.
  std::error_code ignored;
  std::filesystem::copy_file(shot, PROOFUP_BINARY_DIR "/report_chromium_screenshot.png",
                             std::filesystem::copy_options::overwrite_existing, ignored);
}

}  // namespace
}  // namespace proofup
