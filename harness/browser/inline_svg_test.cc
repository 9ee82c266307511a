// Inline <svg> QR codes: written the way pages write them (no xmlns, HTML
// attribute casing, unquoted values), found as images and scanned.
#include <gtest/gtest.h>

#include <string>

#include "harness/browser/browser.h"
#include "harness/browser/url.h"
#include "harness/qr/qr.h"
#include "harness/qr/test_images.h"

namespace proofup::browser {
namespace {

constexpr char kOtpAuth[] = "otpauth://totp/Portal:anna?secret=JBSWY3DPEHPK3PXP&issuer=Portal";

std::string MarkupOf(const Image& image) {
  StatusOr<std::string> bytes = DecodeDataUri(image.src);
  EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
  return bytes.ok() ? *bytes : "";
}

TEST(InlineSvg, BecomesAStandaloneSvgImage) {
  Page page = ParsePage(R"html(<p>Scan:</p>
    <svg viewbox="0 0 10 10" width=120 aria-label="QR-code" id=qr><title>ignored</title>
      <lineargradient id="g"/><rect x=0 y=0 width=10 height=10 fill="url(#g)"/>
      <a xlink:href="#x"><text>a &amp; b &lt; c</text></a><svg><rect/></svg></svg>
    <svg hidden><rect/></svg><div style="display:none"><svg><rect/></svg></div>)html",
                        "http://127.0.0.1/qr");
  ASSERT_EQ(page.images.size(), 1u);  // nested and hidden ones are not images of their own
  EXPECT_EQ(page.images[0].alt, "QR-code");
  EXPECT_EQ(page.images[0].id, "qr");
  const std::string svg = MarkupOf(page.images[0]);
  EXPECT_TRUE(
      svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" "
                      "xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 10 10\""))
      << svg;
  EXPECT_NE(svg.find("<linearGradient id=\"g\"/>"), std::string::npos) << svg;
  EXPECT_NE(svg.find("xlink:href=\"#x\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("<text>a &amp; b &lt; c</text>"), std::string::npos) << svg;
  EXPECT_TRUE(svg.ends_with("<svg><rect/></svg></svg>")) << svg;
}

TEST(InlineSvg, TitleNamesItWithoutAriaLabel) {
  Page page = ParsePage("<svg><title>QR code\n voor de app</title><rect/></svg>", "http://x/");
  ASSERT_EQ(page.images.size(), 1u);
  EXPECT_EQ(page.images[0].alt, "QR code voor de app");
}

// qrencode's SVG pasted into a page as HTML authors do: prolog and xmlns
// gone, attribute names lower-cased; and python3-qrcode's path drawing.
TEST(InlineSvg, QrCodesDrawnInThePageAreScanned) {
  StatusOr<std::string> qrencode =
      qr::testing::RunTool({"qrencode", "-t", "SVG", "-o", "-", "--", kOtpAuth});
  ASSERT_TRUE(qrencode.ok()) << qrencode.status().ToString();
  std::string inline_svg = qrencode->substr(qrencode->find("<svg"));
  inline_svg.replace(inline_svg.find(" xmlns=\"http://www.w3.org/2000/svg\""), 35, "");
  inline_svg.replace(inline_svg.find("viewBox"), 7, "viewbox");
  StatusOr<std::string> python = qr::testing::RunTool(
      {"/usr/bin/python3", "-c",
       "import sys, qrcode, qrcode.image.svg as s\n"
       "sys.stdout.write(qrcode.make(sys.argv[1], image_factory=s.SvgPathImage)"
       ".to_string().decode())",
       kOtpAuth});
  ASSERT_TRUE(python.ok()) << python.status().ToString();
  for (const std::string& svg : {inline_svg, python->substr(python->find("<svg"))}) {
    Page page = ParsePage("<h1>Scan</h1><div class=qr>" + svg + "</div>", "http://x/");
    ASSERT_EQ(page.images.size(), 1u);
    StatusOr<std::vector<qr::DecodedQr>> found = qr::DecodeImage(MarkupOf(page.images[0]));
    ASSERT_TRUE(found.ok()) << found.status().ToString();
    ASSERT_EQ(found->size(), 1u) << svg.substr(0, 200);
    EXPECT_EQ(found->front().text, kOtpAuth);
  }
}

}  // namespace
}  // namespace proofup::browser
