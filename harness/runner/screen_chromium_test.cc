// Opens saved screens in headless Chromium (--dump-dom): active content a
// hostile portal put in a page must not run. A control page without the
// neutralising proves the check can fail. Skips when chromium is absent.
#include <gtest/gtest.h>

#include <fstream>

#include "harness/report/test_tool.h"
#include "harness/runner/screen_archive.h"

namespace proofup::runner {
namespace {

// Each handler marks the body when it runs; the dumped DOM shows the mark.
const char kHostile[] =
    "<!DOCTYPE html><html><head><title>t</title></head><body>"
    "<h1>Welkom <img src=x onerror=\"document.body.setAttribute('data-ran','onerror')\"></h1>"
    "<svg onload=\"document.body.setAttribute('data-ran','onload')\"></svg>"
    "<script>document.body.setAttribute('data-ran','script')</script>"
    "</body></html>";

class SavedScreenInChromium : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = test_tool::FindInPath("chromium");
    if (chromium_.empty()) GTEST_SKIP() << "chromium is not installed (Debian package: chromium)";
  }
  std::string Dom(const std::string& html, const std::string& name) {
    std::string file = dir_.path() + "/" + name + ".html";
    std::ofstream(file) << html;
    auto result = test_tool::RunTool(
        {chromium_, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--user-data-dir=" + dir_.path() + "/profile",
         "--dump-dom", "file://" + file},
        dir_.path() + "/" + name + ".out");
    EXPECT_EQ(result.exit_code, 0) << result.output;
    return result.output;
  }
  std::string chromium_;
  test_tool::TempDir dir_{"screen-chromium"};
};

TEST_F(SavedScreenInChromium, NothingRunsInASavedScreen) {
  auto none = [](const std::string&) -> StatusOr<std::string> { return Status::NotFound("-"); };
  auto same = [](const std::string& h) { return h; };
  std::string control = Dom(kHostile, "control");
  ASSERT_NE(control.find("data-ran="), std::string::npos) << "the control page ran nothing";
  std::string saved = Dom(MakeOffline(kHostile, same, none, true), "saved");
  EXPECT_NE(saved.find("Welkom"), std::string::npos) << saved;
  EXPECT_EQ(saved.find("data-ran="), std::string::npos) << saved;
  // The policy alone, without the stripping, already stops every handler.
  std::string csp_only = std::string(kHostile).insert(
      15,
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src "
      "data:; style-src 'unsafe-inline'\">");
  EXPECT_EQ(Dom(csp_only, "csp-only").find("data-ran="), std::string::npos);
}

}  // namespace
}  // namespace proofup::runner
