// librsvg is opened on the first SVG, not at start: a process that reads
// PNG QR codes only never maps it (nor GIO, cairo, pango... that it pulls
// in). Its own test binary, so that nothing has read an SVG before.
#include "harness/base/shared_library.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "harness/qr/qr.h"
#include "harness/qr/test_images.h"

namespace proofup::qr {
namespace {

bool Mapped(const std::string& library) {
  std::ifstream maps("/proc/self/maps");
  std::stringstream text;
  text << maps.rdbuf();
  return text.str().find(library) != std::string::npos;
}

TEST(LazySvgTest, LibrsvgIsLoadedOnlyByTheFirstSvg) {
  StatusOr<std::string> png = testing::QrencodePng("otpauth://totp/a?secret=JBSWY3DP", 4, 4, 'M');
  ASSERT_TRUE(png.ok()) << png.status().ToString();
  StatusOr<std::vector<DecodedQr>> from_png = DecodeImage(*png);
  ASSERT_TRUE(from_png.ok()) << from_png.status().ToString();
  ASSERT_EQ(from_png->size(), 1u);
  EXPECT_FALSE(Mapped("librsvg-2.so")) << "a PNG must not load librsvg";
  EXPECT_FALSE(Mapped("libcairo.so")) << "a PNG must not load cairo";

  const std::string text =
      "otpauth://totp/Voorbeeld%20College:anna%40voorbeeld.nl?secret=JBSWY3DPEHPK3PXP";
  StatusOr<std::string> svg = testing::RunTool({"qrencode", "-t", "SVG", "-o", "-", "--", text});
  ASSERT_TRUE(svg.ok()) << svg.status().ToString();
  StatusOr<std::vector<DecodedQr>> from_svg = DecodeImage(*svg);
  ASSERT_TRUE(from_svg.ok()) << from_svg.status().ToString();
  ASSERT_EQ(from_svg->size(), 1u);
  EXPECT_EQ((*from_svg)[0].text, text);
  EXPECT_TRUE(Mapped("librsvg-2.so"));
}

TEST(SharedLibraryTest, AMissingLibraryNamesItsPackageAndWhatNeededIt) {
  auto missing =
      SharedLibrary::Open("libproofup-no-such-library.so.9", "libproofup9", "reading a thing");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().kind(), Status::Kind::kUnimplemented);
  const std::string m = missing.status().message();
  EXPECT_NE(m.find("reading a thing needs libproofup-no-such-library.so.9"), std::string::npos)
      << m;
  EXPECT_NE(m.find("Debian package libproofup9"), std::string::npos) << m;
}

TEST(SharedLibraryTest, FindsSymbolsOfTheLibraryAndOnlyThoseThatExist) {
  auto zlib = SharedLibrary::Open("libz.so.1", "zlib1g", "compressing");
  ASSERT_TRUE(zlib.ok()) << zlib.status().ToString();
  const char* (*version)() = nullptr;
  ASSERT_TRUE(zlib->Bind("zlibVersion", version));
  EXPECT_EQ(std::string(version()).substr(0, 2), "1.");
  EXPECT_EQ(zlib->Symbol("proofup_no_such_symbol"), nullptr);
  SharedLibrary moved = std::move(*zlib);
  EXPECT_NE(moved.Symbol("zlibVersion"), nullptr);
}

}  // namespace
}  // namespace proofup::qr
