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
  EXPECT_EQ(out.substr(out.find('>') + 1),  // after the CSP meta tag
            "<!-- stylesheet http://portal/x.css could not be saved -->");
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

namespace proofup::runner {
namespace {

std::string Offline(std::string_view html) {
  return MakeOffline(
      html, [](const std::string& h) { return h; },
      [](const std::string&) -> StatusOr<std::string> { return Status::NotFound("none"); }, true);
}

std::string LowerCopy(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Issue 11 row 5: a saved screen cannot run anything a hostile portal put in it.
TEST(NeutraliseTest, ActiveContentIsRemovedAndACspComesFirst) {
  std::string saved = LowerCopy(
      Offline("<!DOCTYPE html><html><head><title>t</title></head><body>"
              "<h1>Welkom <img src=x onerror=alert(1)></h1>"
              "<img alt=\"a>b\" src=y ONERROR='alert(2)'>"
              "<a href=\" java\tscript:alert(3)\" title=\"link\">Klik</a>"
              "<a href=vbscript:msgbox(4)>vb</a>"
              "<form action=\"JaVaScRiPt:alert(5)\"><button "
              "formaction=javascript:alert(6)>b</button></form>"
              "<svg/onload=alert(7)></svg><iframe srcdoc=\"<script>alert(8)</script>\"></iframe>"
              "<object data=\"x.swf\"></object><embed src=y.swf><base href=\"http://evil/\">"
              "<meta http-equiv=refresh content=\"0;url=javascript:alert(9)\">"
              "<iframe src=\"data:text/html,<script>alert(10)</script>\"></iframe>"
              "<div style=\"color:red\" onmouseover = \"alert(11)\" class=keep>tekst</div>"
              "<!-- <img onerror=kept-in-comment> --></body></html>"));
  EXPECT_EQ(saved.find("<!doctype html><meta http-equiv=\"content-security-policy\" "
                       "content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">"),
            0u)
      << saved;
  std::string outside_comment = saved.substr(0, saved.find("<!--"));
  for (const char* bad :
       {"onerror", "onload", "onmouseover", "javascript", "vbscript", "<iframe", "<object",
        "<embed", "<base", "srcdoc", "refresh", "<script", "alert(1)"}) {
    EXPECT_EQ(outside_comment.find(bad), std::string::npos) << bad << " in " << saved;
  }
  // Everything harmless stays as written.
  for (const char* kept : {"<h1>welkom <img src=x>", "alt=\"a>b\" src=y", "title=\"link\">klik</a>",
                           "style=\"color:red\"", "class=keep>tekst</div>"}) {
    EXPECT_NE(saved.find(kept), std::string::npos) << kept << " missing in " << saved;
  }
}

TEST(NeutraliseTest, InlinedStylesheetCannotCloseItsStyleElement) {
  auto fetch = [](const std::string&) -> StatusOr<std::string> {
    return std::string("p{}</style><img src=x onerror=alert(1)>");
  };
  std::string out = MakeOffline("<link rel=stylesheet href=/s.css>", Resolve, fetch, false);
  EXPECT_EQ(out.find("</style><img"), std::string::npos) << out;
}

TEST(NeutraliseTest, PageWithoutDoctypeStartsWithTheCsp) {
  std::string saved = Offline("<h1>x</h1>");
  EXPECT_EQ(saved.rfind("<meta http-equiv=\"Content-Security-Policy\"", 0), 0u) << saved;
  EXPECT_NE(saved.find("<h1>x</h1>"), std::string::npos);
}

}  // namespace
}  // namespace proofup::runner

namespace proofup::runner {
namespace {

namespace fs = std::filesystem;

// The screenshot reuse a scenario run relies on (scenario_screens.cc): a step
// that left the page as it was gets the last PNG, unless the frame moved or a
// secret learned since may be on it unpainted.
TEST(ReusableShotTest, ReusesOnlyWhatShowsTheSameUnmaskedNothing) {
  fs::path dir = fs::temp_directory_path() / ("proofup-shots-" + std::to_string(getpid()));
  ScreenArchive archive(dir.string(), "01-x");
  const std::string page = "<p>Scan de code</p><p>Code: 483920</p>";
  EXPECT_EQ(archive.ReusableShot({page, {}, ""}), "") << "nothing saved yet";
  auto saved = archive.SavePng(4, "png-bytes", {page, {"pw-secret"}, "Volgende"});
  ASSERT_TRUE(saved.ok()) << saved.status().message();
  EXPECT_EQ(*saved, "screens/01-x/step-04.png");
  EXPECT_TRUE(fs::is_regular_file(dir / *saved));

  EXPECT_EQ(archive.ReusableShot({page, {"pw-secret"}, "Volgende"}), *saved);
  // A secret learned since that is not in the markup: still nothing to paint over.
  EXPECT_EQ(archive.ReusableShot({page, {"pw-secret", "ABCDEF"}, "Volgende"}), *saved);
  // ... but one that is on the page was not painted over in that shot.
  EXPECT_EQ(archive.ReusableShot({page, {"pw-secret", "483920"}, "Volgende"}), "");
  // A secret with characters markup may escape cannot be looked up in it.
  EXPECT_EQ(archive.ReusableShot({page, {"pw-secret", "a<b"}, "Volgende"}), "");
  // Another frame, another page: a fresh shot.
  EXPECT_EQ(archive.ReusableShot({page, {"pw-secret"}, "Doorgaan"}), "");
  EXPECT_EQ(archive.ReusableShot({page + "<p>x</p>", {"pw-secret"}, "Volgende"}), "");

  // The last PNG written is the one reused.
  auto next = archive.SavePng(5, "png-2", {"<p>b</p>", {}, ""});
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(archive.ReusableShot({"<p>b</p>", {}, ""}), *next);
  EXPECT_EQ(archive.ReusableShot({page, {"pw-secret"}, "Volgende"}), "");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace proofup::runner
