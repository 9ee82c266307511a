#include "harness/qr/qr.h"

#include <gtest/gtest.h>

#include <string>

#include "harness/base/base64.h"
#include "harness/qr/test_images.h"

namespace proofup::qr {
namespace {

using testing::Canvas;
using testing::ScreenshotWithQr;
using testing::Variant;

constexpr char kPhoneFactor[] =
    "phonefactor://activate_account?code=739104826"
    "&url=https%3A%2F%2F127.0.0.1%3A8443%2Factivate%2F739104826%2FWEU";

testing::Screenshot Shot(const std::string& text, int module_size = 4, uint32_t seed = 7) {
  StatusOr<testing::Screenshot> shot =
      ScreenshotWithQr(text, module_size, 2, 'M', Variant::kNormal, seed);
  EXPECT_TRUE(shot.ok()) << shot.status().ToString();
  return std::move(shot).value();
}

void ExpectError(const StatusOr<std::vector<DecodedQr>>& r, const std::string& needle) {
  ASSERT_FALSE(r.ok()) << "expected an error containing '" << needle << "'";
  EXPECT_EQ(r.status().kind(), Status::Kind::kInvalidArgument);
  EXPECT_NE(r.status().message().find(needle), std::string::npos) << r.status().message();
}

void ExpectSingle(const StatusOr<std::vector<DecodedQr>>& r, const std::string& text) {
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].text, text);
}

TEST(DecodeImage, PngScreenshotWithPhoneFactorUri) {
  const testing::Screenshot shot = Shot(kPhoneFactor);
  ExpectSingle(DecodeImage(shot.canvas.EncodePng()), kPhoneFactor);
}

TEST(DecodeImage, JpegBmpAndGifVariants) {
  const testing::Screenshot shot = Shot(kPhoneFactor, 3, 11);
  ExpectSingle(DecodeImage(shot.canvas.EncodeJpeg(90)), kPhoneFactor);
  ExpectSingle(DecodeImage(shot.canvas.EncodeBmp()), kPhoneFactor);
  const std::string gif = shot.canvas.EncodeGif();
  ASSERT_EQ(gif.substr(0, 6), "GIF89a");
  ExpectSingle(DecodeImage(gif), kPhoneFactor);
}

TEST(DecodeImage, TransparentBackgroundCountsAsWhite) {
  // How portals often serve the code: black modules on a transparent PNG.
  StatusOr<std::string> png = testing::QrencodePng(kPhoneFactor, 4, 4, 'M');
  ASSERT_TRUE(png.ok()) << png.status().ToString();
  StatusOr<testing::GrayImage> qr = testing::LoadGray(*png);
  ASSERT_TRUE(qr.ok());
  for (int channels : {4, 2}) {
    SCOPED_TRACE(::testing::Message() << channels << " channels");
    ExpectSingle(DecodeImage(testing::EncodeTransparentPng(*qr, channels)), kPhoneFactor);
  }
}

TEST(DecodeImage, ColouredCodesOnColouredBackgrounds) {
  // Branded portals draw the code in a house colour; the module reads opaque
  // RGB through its green channel, which must keep such codes readable.
  StatusOr<std::string> png = testing::QrencodePng(kPhoneFactor, 4, 4, 'M');
  ASSERT_TRUE(png.ok()) << png.status().ToString();
  StatusOr<testing::GrayImage> qr = testing::LoadGray(*png);
  ASSERT_TRUE(qr.ok());
  struct Colours {
    uint8_t dark[3], light[3];
  };
  for (const Colours& c : {Colours{{20, 40, 140}, {250, 240, 200}},   // navy on cream
                           Colours{{150, 0, 20}, {255, 255, 255}},    // dark red on white
                           Colours{{0, 90, 60}, {230, 245, 235}}}) {  // green on mint
    testing::Canvas canvas(qr->width + 40, qr->height + 40, c.light[0], c.light[1], c.light[2]);
    for (int y = 0; y < qr->height; ++y)
      for (int x = 0; x < qr->width; ++x)
        if (qr->At(x, y) < 128)
          canvas.FillRect(20 + x, 20 + y, 1, 1, c.dark[0], c.dark[1], c.dark[2]);
    SCOPED_TRACE(::testing::Message()
                 << "dark " << int(c.dark[0]) << "," << int(c.dark[1]) << "," << int(c.dark[2]));
    ExpectSingle(DecodeImage(canvas.EncodePng()), kPhoneFactor);
  }
}

TEST(DecodeImage, LargeModules) {
  StatusOr<testing::Screenshot> shot =
      ScreenshotWithQr(kPhoneFactor, 16, 2, 'L', Variant::kNormal, 9);
  ASSERT_TRUE(shot.ok()) << shot.status().ToString();
  ExpectSingle(DecodeImage(shot->canvas.EncodePng()), kPhoneFactor);
}

TEST(DecodeImage, TwoCodesInOneImage) {
  const std::string otpauth =
      "otpauth://totp/Contoso:a%40contoso.nl?secret=JBSWY3DPEHPK3PXP&issuer=Contoso";
  StatusOr<std::string> second_png = testing::QrencodePng(otpauth, 4, 2, 'Q');
  ASSERT_TRUE(second_png.ok()) << second_png.status().ToString();
  StatusOr<testing::GrayImage> second = testing::LoadGray(*second_png);
  ASSERT_TRUE(second.ok());
  testing::Screenshot shot = Shot(kPhoneFactor, 3, 5);
  // Bottom-right corner, clear of the first code's card (which lies left of x=1920-260).
  const int x = shot.qr_x < 960 ? 1500 : 260;
  shot.canvas.FillRect(x - 20, 600, second->width + 40, second->height + 40, 255, 255, 255);
  shot.canvas.Paste(*second, x, 620);
  StatusOr<std::vector<DecodedQr>> found = DecodeImage(shot.canvas.EncodePng());
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->size(), 2u);
  std::vector<std::string> texts = {(*found)[0].text, (*found)[1].text};
  std::sort(texts.begin(), texts.end());
  EXPECT_EQ(texts[0], otpauth);
  EXPECT_EQ(texts[1], kPhoneFactor);
}

TEST(DecodeImage, InvertedNeedsTryHarder) {
  StatusOr<testing::Screenshot> shot =
      ScreenshotWithQr(kPhoneFactor, 4, 2, 'M', Variant::kInverted, 3);
  ASSERT_TRUE(shot.ok());
  const std::string png = shot->canvas.EncodePng();
  ExpectSingle(DecodeImage(png), kPhoneFactor);
  StatusOr<std::vector<DecodedQr>> plain = DecodeImage(png, {.try_harder = false});
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(plain->empty());
}

TEST(DecodeImage, ImageWithoutQrIsEmptyNotError) {
  Canvas canvas(1280, 800, 255, 255, 255);
  std::mt19937 rng(1);
  canvas.DrawScreenNoise(rng, 0, 0, 0, 0);
  StatusOr<std::vector<DecodedQr>> found = DecodeImage(canvas.EncodePng());
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_TRUE(found->empty());
}

TEST(DecodeImage, BadInput) {
  ExpectError(DecodeImage(""), "empty");
  ExpectError(DecodeImage("this is not an image, just some text"), "not an image");
  const std::string png = Shot(kPhoneFactor).canvas.EncodePng();
  ExpectError(DecodeImage(png.substr(0, png.size() / 2)), "truncated or corrupt");
  ExpectError(DecodeImage(png.substr(0, 40)), "truncated or corrupt");
  EXPECT_FALSE(DecodeImage(png.substr(0, 12)).ok());  // cut inside the header
  std::string corrupt = png;
  for (size_t i = 100; i < 400; ++i) corrupt[i] = static_cast<char>(i);
  EXPECT_FALSE(DecodeImage(corrupt).ok());
}

TEST(DecodeImage, OverPixelLimitIsRefusedFromTheHeader) {
  // A PNG signature and IHDR claiming 10000 x 6000 grey pixels (60 MP), nothing else:
  // must be refused on the header alone (decoding would fail on the missing data).
  std::string huge_png("\x89PNG\r\n\x1a\n", 8);
  huge_png += std::string("\x00\x00\x00\x0dIHDR", 8);
  huge_png += std::string("\x00\x00\x27\x10\x00\x00\x17\x70\x08\x00\x00\x00\x00", 13);
  huge_png += std::string("\x00\x00\x00\x00", 4);  // CRC (stb does not check it)
  ExpectError(DecodeImage(huge_png), "10000x6000 = 60000000 pixels, over the limit of 50000000");

  // The same for a BMP header: 8000 x 8000, 24 bits per pixel.
  std::string huge_bmp = "BM";
  auto le32 = [&huge_bmp](uint32_t v) {
    for (int i = 0; i < 4; ++i) huge_bmp.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  le32(54 + 8000u * 8000u * 3u);  // file size
  le32(0);
  le32(54);  // pixel data offset
  le32(40);  // BITMAPINFOHEADER
  le32(8000);
  le32(8000);
  huge_bmp += std::string("\x01\x00\x18\x00", 4);  // 1 plane, 24 bpp
  for (int i = 0; i < 6; ++i) le32(0);
  ExpectError(DecodeImage(huge_bmp), "8000x8000 = 64000000 pixels, over the limit");

  const std::string png = Shot(kPhoneFactor).canvas.EncodePng();  // 1920x1080
  ExpectError(DecodeImage(png, {.max_pixels = 2'000'000}), "2073600 pixels, over the limit");
  ExpectSingle(DecodeImage(png, {.max_pixels = 2'073'600}), kPhoneFactor);
}

TEST(DecodeDataUri, DecodesBase64Images) {
  const testing::Screenshot shot = Shot(kPhoneFactor);
  const std::string b64 = Base64Encode(shot.canvas.EncodePng());
  ExpectSingle(DecodeDataUri("data:image/png;base64," + b64), kPhoneFactor);
  ExpectSingle(DecodeDataUri("DATA:image/PNG;charset=x;BASE64," + b64), kPhoneFactor);
  // The media type is advisory: stb sniffs the real format.
  ExpectSingle(DecodeDataUri("data:image/jpeg;base64," + b64), kPhoneFactor);
}

TEST(DecodeDataUri, Errors) {
  ExpectError(DecodeDataUri("https://example.com/qr.png"), "not a data: URI");
  ExpectError(DecodeDataUri("data:image/png;base64"), "without ','");
  ExpectError(DecodeDataUri("data:text/plain;base64,aGVsbG8="), "not an image");
  ExpectError(DecodeDataUri("data:,hello"), "not an image");
  // Not base64: the percent-decoded text is the image (here a truncated PNG).
  ExpectError(DecodeDataUri("data:image/png,%89PNG"), "not an image");
  ExpectError(DecodeDataUri("data:image/png;base64x,AAAA"), "not an image");
  ExpectError(DecodeDataUri("data:image/svg+xml,"), "empty");
  ExpectError(DecodeDataUri("data:image/png;base64,iVBO*w0K"), "invalid base64 character '*'");
  ExpectError(DecodeDataUri("data:image/png;base64,"), "empty");
  ExpectError(DecodeDataUri("data:image/png;base64,aGVsbG8gd29ybGQ="), "not an image");
}

// The reference decoder zbarimg reads the same generated images.
TEST(Zbarimg, AgreesOnGeneratedScreenshots) {
  struct Case {
    int module_size;
    int margin;
    char ec;
    Variant variant;
  };
  const Case cases[] = {{2, 4, 'L', Variant::kNormal},
                        {3, 1, 'H', Variant::kRotated90},
                        {6, 0, 'Q', Variant::kNormal},
                        {10, 2, 'M', Variant::kRotated90}};
  for (const Case& c : cases) {
    SCOPED_TRACE(::testing::Message() << "module " << c.module_size << " margin " << c.margin);
    StatusOr<testing::Screenshot> shot =
        ScreenshotWithQr(kPhoneFactor, c.module_size, c.margin, c.ec, c.variant, 42);
    ASSERT_TRUE(shot.ok());
    const std::string png = shot->canvas.EncodePng();
    StatusOr<std::string> reference = testing::Zbarimg(png, "png");
    ASSERT_TRUE(reference.ok()) << reference.status().ToString();
    EXPECT_EQ(*reference, kPhoneFactor);
    ExpectSingle(DecodeImage(png), *reference);
  }
}

}  // namespace
}  // namespace proofup::qr
