#include "harness/runner/screen_archive.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace proofup::runner {
namespace {

namespace fs = std::filesystem;

std::string Resolve(const std::string& href) { return "http://portal" + href; }

TEST(MakeOfflineTest, DropsScriptsInlinesCssAndMasksDataImages) {
  std::string html =
      "<head><link rel=\"stylesheet\" href=\"/s.css\"><SCRIPT>alert(1)</script></head>"
      "<body><img alt=QR src=\"data:image/png;base64,AAA\"><img src=\"/logo.png\"></body>";
  std::string fetched;
  auto fetch = [&](const std::string& href) -> StatusOr<std::string> {
    fetched = href;
    return std::string("h1{color:red}");
  };
  std::string out = MakeOffline(html, Resolve, fetch, /*mask_images=*/true);
  EXPECT_EQ(fetched, "http://portal/s.css");
  EXPECT_NE(out.find("<style>/* http://portal/s.css */\nh1{color:red}\n</style>"),
            std::string::npos);
  EXPECT_EQ(out.find("alert(1)"), std::string::npos);
  EXPECT_EQ(out.find("data:image"), std::string::npos);
  EXPECT_NE(out.find("QR code masked"), std::string::npos);
  EXPECT_NE(out.find("<img src=\"/logo.png\">"), std::string::npos);
  EXPECT_NE(MakeOffline(html, Resolve, fetch, false).find("data:image/png"), std::string::npos);
}

TEST(MakeOfflineTest, FailedStylesheetLeavesAComment) {
  auto fail = [](const std::string&) -> StatusOr<std::string> { return Status::NotFound("404"); };
  std::string out = MakeOffline("<link href='/x.css' rel='stylesheet'>", Resolve, fail, false);
  EXPECT_EQ(out, "<!-- stylesheet http://portal/x.css could not be saved -->");
}

TEST(ScreenArchiveTest, WritesOncePerDistinctScreen) {
  fs::path dir = fs::temp_directory_path() / ("proofup-archive-" + std::to_string(getpid()));
  ScreenArchive archive(dir.string(), "01-happy");
  auto first = archive.Save(1, "<p>a</p>");
  auto again = archive.Save(2, "<p>a</p>");
  auto other = archive.Save(3, "<p>b</p>");
  ASSERT_TRUE(first.ok() && again.ok() && other.ok());
  EXPECT_EQ(*first, "screens/01-happy/step-01.html");
  EXPECT_EQ(*again, *first);
  EXPECT_EQ(*other, "screens/01-happy/step-03.html");
  std::ifstream in(dir / *other);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), "<p>b</p>");
  fs::remove_all(dir);
  EXPECT_EQ(*ScreenArchive("", "x").Save(1, "z"), "");
}

}  // namespace
}  // namespace proofup::runner
