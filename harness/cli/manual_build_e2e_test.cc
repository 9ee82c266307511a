// End to end: `proofup manual build` against the bundled mock-idp with
// headless Chromium writes the nl and en manuals; the PDF is rendered back to
// pages with pdftoppm and every image is scanned with zbarimg, so no printed
// manual can hold a live QR code. Skips when Chromium is not installed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "harness/process/process.h"

namespace proofup {
namespace {

namespace fs = std::filesystem;

struct Result {
  int exit_code = -1;
  std::string out;
};

Result RunTool(std::vector<std::string> argv, const std::string& dir = PROOFUP_SOURCE_DIR) {
  SpawnOptions options;
  options.capture_stdout = true;
  options.discard_stderr = true;
  options.working_dir = dir;
  auto child = ChildProcess::Spawn(argv, options);
  EXPECT_TRUE(child.ok()) << argv[0] << ": " << child.status().message();
  if (!child.ok()) return {};
  Result r;
  r.out = (*child)->ReadAllStdout();
  auto exit = (*child)->Wait(std::chrono::milliseconds(120'000));
  if (exit.ok() && exit->exited) r.exit_code = exit->code;
  return r;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class ManualBuildE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists("/usr/lib/chromium/chromium") && !fs::exists("/usr/bin/chromium"))
      GTEST_SKIP() << "chromium is not installed";
    dir_ = fs::temp_directory_path() / ("proofup_manual_build_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  Result Build(const std::string& lang) {
    return RunTool({std::string(PROOFUP_BINARY_DIR) + "/proofup", "manual", "build", "--manual",
                    "fixtures/manual/ms-authenticator." + lang + ".yaml", "--out",
                    (dir_ / lang).string(), "scenarios/enrollment-" + lang + ".yaml", "--reports",
                    (dir_ / "reports").string()});
  }

  // Every page of the PDF as PNG; checks the page count against pdfinfo.
  std::vector<fs::path> Pages(const fs::path& pdf, const fs::path& prefix) {
    Result info = RunTool({"pdfinfo", pdf.string()});
    size_t at = info.out.find("Pages:");
    EXPECT_NE(at, std::string::npos) << info.out;
    int pages = at == std::string::npos ? 0 : std::stoi(info.out.substr(at + 6));
    EXPECT_EQ(RunTool({"pdftoppm", "-r", "40", "-png", pdf.string(), prefix.string()}).exit_code,
              0);
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(prefix.parent_path()))
      if (e.path().filename().string().rfind(prefix.filename().string() + "-", 0) == 0)
        files.push_back(e.path());
    EXPECT_EQ(static_cast<int>(files.size()), pages);
    return files;
  }

  fs::path dir_;
};

TEST_F(ManualBuildE2E, WritesNlAndEnManualsWithAScreenshotPerStepAndNoLiveQr) {
  for (const std::string lang : {"nl", "en"}) {
    Result r = Build(lang);
    ASSERT_EQ(r.exit_code, 0) << r.out;
    // Steps 6 to 16 show a computer screen: one screenshot each.
    EXPECT_NE(r.out.find("(11 screenshots written, 0 unchanged, 0 missing)"), std::string::npos)
        << r.out;
    fs::path out = dir_ / lang;
    std::string html = ReadFile(out / "manual.html");
    EXPECT_NE(html.find("<html lang=\"" + lang + "\">"), std::string::npos);
    std::vector<fs::path> images;
    for (int step = 6; step <= 16; ++step) {
      std::string name = (step < 10 ? "step-0" : "step-") + std::to_string(step) + ".png";
      EXPECT_TRUE(fs::is_regular_file(out / name)) << name;
      EXPECT_NE(html.find("src=\"" + name + "\""), std::string::npos) << name;
      images.push_back(out / name);
    }
    // Phone steps are drawn: the app's labels to tap.
    EXPECT_NE(html.find("class=\"phone\""), std::string::npos);
    std::vector<fs::path> pages = Pages(out / "manual.pdf", dir_ / ("page-" + lang));
    EXPECT_GE(pages.size(), 6u);  // 16 steps, most with a screenshot
    images.insert(images.end(), pages.begin(), pages.end());
    for (const auto& image : images) {
      Result scan = RunTool({"zbarimg", "--quiet", "--raw", image.string()});
      EXPECT_EQ(scan.out.find("otpauth"), std::string::npos) << image << ": " << scan.out;
      EXPECT_EQ(scan.out.find("secret="), std::string::npos) << image;
    }
  }
  // Nothing changed on the portal: the rebuild keeps every screenshot.
  Result again = Build("nl");
  EXPECT_EQ(again.exit_code, 0) << again.out;
  EXPECT_NE(again.out.find("(0 screenshots written, 11 unchanged, 0 missing)"), std::string::npos)
      << again.out;
}

}  // namespace
}  // namespace proofup
