// End to end: `proofup manual build` against the bundled mock-idp with
// headless Chromium writes the nl and en manuals; the PDF is checked as
// printed: its exact page count (manual::kStepsPerPrintedPage), each step's
// heading on its page (pdftotext), each step's screenshot embedded on that
// page, pixel for pixel (pdfimages), and every QR code in the embedded images
// and in the pages rendered by pdftoppm is the sample, never a live one
// (ZXing, and zbarimg as the reference). Also: --window, --scale and --crop
// set the pictures' size, phone steps are drawn from the phone's state, and
// neither manual holds a word of the other language. Skips when Chromium is
// not installed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>

#include "harness/manual/language_scan_test_util.h"
#include "harness/manual/manual.h"
#include "harness/process/process.h"
#include "harness/qr/qr.h"

namespace proofup {
namespace {

namespace fs = std::filesystem;
constexpr const char* kSample = manual::kSampleOtpauthUri;

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

  Result Build(const std::string& lang, const std::vector<std::string>& options) {
    std::vector<std::string> argv = {std::string(PROOFUP_BINARY_DIR) + "/proofup",
                                     "manual",
                                     "build",
                                     "--manual",
                                     "fixtures/manual/ms-authenticator." + lang + ".yaml",
                                     "--out",
                                     (dir_ / lang).string(),
                                     "scenarios/enrollment-" + lang + ".yaml",
                                     "--reports",
                                     (dir_ / "reports").string()};
    argv.insert(argv.end(), options.begin(), options.end());
    return RunTool(argv);
  }

  fs::path dir_;
};

// Width and height of a PNG, from its IHDR chunk.
std::pair<int, int> PngSize(const std::string& png) {
  auto word = [&](size_t at) {
    return (uint8_t(png[at]) << 24) | (uint8_t(png[at + 1]) << 16) | (uint8_t(png[at + 2]) << 8) |
           uint8_t(png[at + 3]);
  };
  return png.size() < 24 ? std::pair{0, 0} : std::pair{int(word(16)), int(word(20))};
}

// Files in `dir` whose name starts with `prefix`, sorted.
std::vector<fs::path> FilesStartingWith(const fs::path& dir, const std::string& prefix) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().rfind(prefix, 0) == 0) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

// Every QR code in `image`: zbarimg's (the reference tool) and ZXing's.
std::vector<std::string> QrCodes(const fs::path& image) {
  Result scan = RunTool({"zbarimg", "--quiet", "--raw", image.string()});
  std::vector<std::string> codes;
  std::istringstream lines(scan.out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) codes.push_back(line);
  auto decoded = qr::DecodeImage(ReadFile(image));
  EXPECT_TRUE(decoded.ok()) << image << ": " << decoded.status().message();
  if (decoded.ok())
    for (const auto& code : *decoded) codes.push_back(code.text);
  return codes;
}

// The PDF as printed, against the manual data: exactly one page per
// kStepsPerPrintedPage steps, step i's heading ("Stap i") on page
// (i + 1) / 2 and its screenshot `out`/step-NN.png embedded there unchanged;
// every QR code in the embedded images and in the pages rendered by pdftoppm
// is the sample (two codes per tool on the QR step's page: the picture, and
// the page), never the live secret the portal showed.
void ExpectPrintedManual(const fs::path& out, const std::string& lang, const fs::path& work) {
  auto manual = manual::LoadManualFile(std::string(PROOFUP_SOURCE_DIR) +
                                       "/fixtures/manual/ms-authenticator." + lang + ".yaml");
  ASSERT_TRUE(manual.ok()) << manual.status().message();
  const int steps = static_cast<int>(manual->steps.size());
  const int pages = (steps + manual::kStepsPerPrintedPage - 1) / manual::kStepsPerPrintedPage;
  fs::path pdf = out / "manual.pdf";
  Result info = RunTool({"pdfinfo", pdf.string()});
  EXPECT_NE(info.out.find("Pages:           " + std::to_string(pages) + "\n"), std::string::npos)
      << info.out;
  fs::path pages_dir = work / ("pages-" + lang), images_dir = work / ("images-" + lang);
  fs::create_directories(pages_dir);
  fs::create_directories(images_dir);
  ASSERT_EQ(RunTool({"pdftoppm", "-r", "150", "-png", pdf.string(), (pages_dir / "p").string()})
                .exit_code,
            0);
  ASSERT_EQ(
      RunTool({"pdfimages", "-png", "-p", pdf.string(), (images_dir / "i").string()}).exit_code, 0);
  std::vector<fs::path> rendered = FilesStartingWith(pages_dir, "p-");
  EXPECT_EQ(static_cast<int>(rendered.size()), pages);
  const std::string word = lang == "nl" ? "Stap " : "Step ";
  for (int i = 1; i <= steps; ++i) {
    const manual::ManualStep& step = manual->steps[i - 1];
    int page = (i - 1) / manual::kStepsPerPrintedPage + 1;
    std::string p = std::to_string(page);
    std::string text = RunTool({"pdftotext", "-f", p, "-l", p, pdf.string(), "-"}).out;
    EXPECT_TRUE(std::regex_search(text, std::regex(word + std::to_string(i) + "\\b")))
        << word << i << " not on page " << page << ":\n"
        << text;
    if (step.screens.empty()) continue;  // no computer screen to show
    std::string name = (step.number < 10 ? "step-0" : "step-") + std::to_string(step.number);
    std::string shot = ReadFile(out / (name + ".png"));
    char prefix[16];
    std::snprintf(prefix, sizeof prefix, "i-%03d-", page);
    bool embedded = false;
    for (const fs::path& image : FilesStartingWith(images_dir, prefix)) {
      auto share = qr::DifferingPixelShare(shot, ReadFile(image));
      embedded |= share.ok() && *share < 0.001;
    }
    EXPECT_TRUE(embedded) << name << ".png is not among the images of page " << page;
  }
  size_t codes = 0;
  for (const auto& files : {FilesStartingWith(images_dir, "i-"), rendered})
    for (const fs::path& image : files)
      for (const std::string& code : QrCodes(image)) {
        EXPECT_EQ(code, kSample) << image;
        ++codes;
      }
  // The scan works: the QR step's (10) page, as printed, shows the sample to both tools.
  EXPECT_GE(codes, 4u);
  int qr_page = (10 - 1) / manual::kStepsPerPrintedPage + 1;
  ASSERT_GE(static_cast<int>(rendered.size()), qr_page);
  EXPECT_EQ(QrCodes(rendered[qr_page - 1]), (std::vector<std::string>{kSample, kSample}));
}

// The number the portal showed for number matching, from the run's saved screens.
std::string NumberThePortalShowed(const fs::path& reports) {
  std::regex number(R"re(id="number"[^>]*>(\d+)<)re");
  for (const auto& e : fs::recursive_directory_iterator(reports)) {
    if (e.path().extension() != ".html") continue;
    std::string html = ReadFile(e.path());
    std::smatch m;
    if (std::regex_search(html, m, number)) return m[1];
  }
  return "";
}

TEST_F(ManualBuildE2E, DutchManualWithSampleQrPhoneDrawingsAndNoEnglish) {
  Result r = Build("nl", {"--window", "1024x768"});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // Steps 6 to 16 show a computer screen: one screenshot each.
  EXPECT_NE(r.out.find("(11 screenshots written, 0 unchanged, 0 missing)"), std::string::npos)
      << r.out;
  fs::path out = dir_ / "nl";
  std::string html = ReadFile(out / "manual.html");
  EXPECT_NE(html.find("<html lang=\"nl\">"), std::string::npos);
  std::vector<fs::path> images;
  for (int step = 6; step <= 16; ++step) {
    std::string name = (step < 10 ? "step-0" : "step-") + std::to_string(step) + ".png";
    EXPECT_TRUE(fs::is_regular_file(out / name)) << name;
    EXPECT_NE(html.find("src=\"" + name + "\""), std::string::npos) << name;
    EXPECT_EQ(PngSize(ReadFile(out / name)), (std::pair{1024, 768})) << name;
    images.push_back(out / name);
  }
  // The phone as the run left it: the account added, the number the portal
  // showed typed into the approval prompt, the SMS with its code masked.
  EXPECT_NE(html.find("<span class=\"item chosen\">Werk- of schoolaccount</span>"),
            std::string::npos);
  std::string number = NumberThePortalShowed(dir_ / "reports");
  ASSERT_FALSE(number.empty());
  EXPECT_NE(html.find("Aanmelding goedkeuren?"), std::string::npos);
  EXPECT_NE(html.find("<div class=\"digits\">" + number + "</div>"), std::string::npos) << html;
  std::smatch sms;
  ASSERT_TRUE(std::regex_search(html, sms, std::regex("<div class=\"bubble\">([^<]*)</div>")));
  EXPECT_NE(sms[1].str().find("••••••"), std::string::npos) << sms[1];
  EXPECT_FALSE(std::regex_search(sms[1].str(), std::regex(R"(\d{6})"))) << sms[1];
  EXPECT_EQ(manual::testing::WordsOfOtherLanguage(html, "nl"), std::vector<std::string>{});
  for (const fs::path& image : images)
    for (const std::string& code : QrCodes(image)) EXPECT_EQ(code, kSample) << image;
  EXPECT_EQ(QrCodes(out / "step-10.png"), (std::vector<std::string>{kSample, kSample}));
  ExpectPrintedManual(out, "nl", dir_);
  // Nothing changed on the portal: the rebuild keeps every screenshot.
  Result again = Build("nl", {"--window", "1024x768"});
  EXPECT_EQ(again.exit_code, 0) << again.out;
  EXPECT_NE(again.out.find("(0 screenshots written, 11 unchanged, 0 missing)"), std::string::npos)
      << again.out;
}

TEST_F(ManualBuildE2E, EnglishManualSharpAndCroppedToTheDialog) {
  Result r = Build("en", {"--scale", "2", "--crop", "dialog"});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  fs::path out = dir_ / "en";
  std::string html = ReadFile(out / "manual.html");
  EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"item chosen\">Work or school account</span>"),
            std::string::npos);
  EXPECT_NE(html.find("Approve sign-in?"), std::string::npos);
  EXPECT_EQ(manual::testing::WordsOfOtherLanguage(html, "en"), std::vector<std::string>{});
  std::vector<fs::path> images;
  for (int step = 6; step <= 16; ++step) {
    fs::path image = out / ((step < 10 ? "step-0" : "step-") + std::to_string(step) + ".png");
    auto [width, height] = PngSize(ReadFile(image));
    // The portal's card (460 px + padding) at scale 2, not the 1280 px window.
    EXPECT_GT(width, 900) << image;
    EXPECT_LT(width, 1280) << image;
    EXPECT_LT(height, 1800) << image;
    images.push_back(image);
  }
  for (const fs::path& image : images)
    for (const std::string& code : QrCodes(image)) EXPECT_EQ(code, kSample) << image;
  ExpectPrintedManual(out, "en", dir_);
  // Bad options are refused before anything runs.
  Result bad = Build("en", {"--window", "wide"});
  EXPECT_EQ(bad.exit_code, 2);
}

}  // namespace
}  // namespace proofup
