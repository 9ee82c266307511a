// SVG and WebP QR codes as portals serve them: drawn by Python's qrcode
// library (python3-qrcode, every SVG factory) and by `qrencode -t SVG`, at
// several module sizes and margins, as bytes and as data: URIs; and SVGs that
// reference files outside themselves, which must never be loaded.
#include <gtest/gtest.h>
#include <unistd.h>
#include <webp/encode.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "harness/base/base64.h"
#include "harness/qr/qr.h"
#include "harness/qr/test_images.h"

namespace proofup::qr {
namespace {

constexpr char kOtpAuth[] =
    "otpauth://totp/Voorbeeld%20College:anna%40voorbeeld.nl?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    "&issuer=Voorbeeld%20College";

void ExpectSingle(const StatusOr<std::vector<DecodedQr>>& r, const std::string& text) {
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].text, text);
}

std::string PercentEncode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

struct SvgCase {
  std::string maker;  // e.g. "SvgPathImage box 10 border 4"
  std::string svg;
};

// One python3 run draws every case: the system interpreter (the package is
// Debian's python3-qrcode, not whatever python3 is first on PATH).
std::vector<SvgCase> PythonQrcodeSvgs(const std::string& text) {
  const std::string script = R"(
import sys, qrcode, qrcode.image.svg as svg
for name in ["SvgImage", "SvgFragmentImage", "SvgPathImage", "SvgFillImage", "SvgPathFillImage"]:
    for box in [1, 10, 40]:
        for border in [0, 1, 4]:
            img = qrcode.make(sys.argv[1], image_factory=getattr(svg, name), box_size=box,
                              border=border)
            data = img.to_string()
            if isinstance(data, bytes): data = data.decode()
            sys.stdout.write("%s box %d border %d\n%s\x1e" % (name, box, border, data))
)";
  StatusOr<std::string> out = testing::RunTool({"/usr/bin/python3", "-c", script, text});
  EXPECT_TRUE(out.ok()) << out.status().ToString() << " (is python3-qrcode installed?)";
  std::vector<SvgCase> cases;
  if (!out.ok()) return cases;
  size_t start = 0;
  for (size_t end; (end = out->find('\x1e', start)) != std::string::npos; start = end + 1) {
    const std::string record = out->substr(start, end - start);
    const size_t newline = record.find('\n');
    cases.push_back({record.substr(0, newline), record.substr(newline + 1)});
  }
  return cases;
}

// Drawn once per test binary: a python3 start costs more than the decoding.
const std::vector<SvgCase>& PythonCases() {
  static const std::vector<SvgCase> cases = PythonQrcodeSvgs(kOtpAuth);
  return cases;
}

TEST(DecodeSvg, EveryPythonQrcodeFactorySizeAndMargin) {
  const std::vector<SvgCase>& cases = PythonCases();
  ASSERT_EQ(cases.size(), 45u);
  for (const SvgCase& c : cases) {
    SCOPED_TRACE(c.maker);
    ExpectSingle(DecodeImage(c.svg), kOtpAuth);
  }
}

TEST(DecodeSvg, QrencodeSvgAtSeveralSizesAndMargins) {
  for (int size : {1, 3, 8}) {
    for (int margin : {0, 2, 4}) {
      SCOPED_TRACE(::testing::Message() << "qrencode -s " << size << " -m " << margin);
      StatusOr<std::string> svg =
          testing::RunTool({"qrencode", "-t", "SVG", "-o", "-", "-s", std::to_string(size), "-m",
                            std::to_string(margin), "--", kOtpAuth});
      ASSERT_TRUE(svg.ok()) << svg.status().ToString();
      ExpectSingle(DecodeImage(*svg), kOtpAuth);
    }
  }
}

// Small codes (21-33 modules with their margin) at one viewBox unit per
// module: at 480 px a 33-unit code has 14.5 px per module, and the grey
// anti-aliased seams between its module rectangles hid it from ZXing until the
// raster was rounded to whole pixels per unit.
TEST(DecodeSvg, SmallQrencodeCodesAtEveryMargin) {
  for (const char* payload : {"otpauth://totp/b?secret=MZXW6", "x", "otpauth://totp/a?secret=AB"}) {
    for (int margin : {0, 1, 2, 4, 6}) {
      SCOPED_TRACE(::testing::Message() << payload << " with qrencode -m " << margin);
      StatusOr<std::string> svg = testing::RunTool(
          {"qrencode", "-t", "SVG", "-o", "-", "-m", std::to_string(margin), "--", payload});
      ASSERT_TRUE(svg.ok()) << svg.status().ToString();
      ExpectSingle(DecodeImage(*svg), payload);
    }
  }
}

TEST(DecodeSvg, DataUrisBase64Utf8AndPercentEncoded) {
  const std::vector<SvgCase>& cases = PythonCases();
  ASSERT_FALSE(cases.empty());
  for (size_t i : {size_t{0}, size_t{22}, cases.size() - 1}) {
    SCOPED_TRACE(cases[i].maker);
    const std::string& svg = cases[i].svg;
    ExpectSingle(DecodeDataUri("data:image/svg+xml;base64," + Base64Encode(svg)), kOtpAuth);
    ExpectSingle(DecodeDataUri("data:image/svg+xml;utf8," + svg), kOtpAuth);
    ExpectSingle(DecodeDataUri("data:image/svg+xml;charset=utf-8," + PercentEncode(svg)), kOtpAuth);
  }
}

TEST(DecodeSvg, WithoutXmlDeclarationOrSizeAsInlineMarkupIs) {
  // What an inline <svg> in a page becomes: no prolog, viewBox only.
  StatusOr<std::string> svg =
      testing::RunTool({"qrencode", "-t", "SVG", "-o", "-", "--", kOtpAuth});
  ASSERT_TRUE(svg.ok());
  std::string bare = svg->substr(svg->find("<svg"));
  const size_t width = bare.find(" width=\"");
  bare.erase(width, bare.find('"', width + 8) + 1 - width);
  const size_t height = bare.find(" height=\"");
  bare.erase(height, bare.find('"', height + 9) + 1 - height);
  ExpectSingle(DecodeImage(bare), kOtpAuth);
}

TEST(DecodeSvg, LimitsAndErrors) {
  DecodeOptions small;
  small.max_svg_bytes = 100;
  StatusOr<std::string> svg = testing::RunTool({"qrencode", "-t", "SVG", "-o", "-", "--", "x"});
  ASSERT_TRUE(svg.ok());
  auto big = DecodeImage(*svg, small);
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.status().message().find("over the limit of 100"), std::string::npos);
  auto broken = DecodeImage("<svg xmlns='http://www.w3.org/2000/svg'><rect");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().kind(), Status::Kind::kInvalidArgument);
  // An SVG claiming a huge size is still rasterised at the bounded side.
  auto huge = DecodeImage(
      "<svg xmlns='http://www.w3.org/2000/svg' width='1000000' height='1000000'>"
      "<rect width='10' height='10'/></svg>");
  ASSERT_TRUE(huge.ok()) << huge.status().ToString();
  EXPECT_TRUE(huge->empty());
}

class TempDir {
 public:
  TempDir() {
    char name[] = "/tmp/proofup-svg-test-XXXXXX";
    path_ = mkdtemp(name);
  }
  ~TempDir() { std::system(("rm -rf '" + path_ + "'").c_str()); }
  std::string Write(const std::string& name, const std::string& bytes) const {
    const std::string file = path_ + "/" + name;
    std::ofstream(file, std::ios::binary) << bytes;
    return file;
  }

 private:
  std::string path_;
};

// Each reference points at a real file that holds a readable QR code: if
// librsvg loaded it, the code would be found. The same code embedded as a
// data: URL is found, so the check can fail.
TEST(DecodeSvg, NeverLoadsFilesItReferences) {
  StatusOr<std::string> png = testing::QrencodePng(kOtpAuth, 4, 4, 'M');
  StatusOr<std::string> svg =
      testing::RunTool({"qrencode", "-t", "SVG", "-o", "-", "--", kOtpAuth});
  ASSERT_TRUE(png.ok() && svg.ok());
  TempDir dir;
  const std::string png_file = dir.Write("qr.png", *png);
  std::string group = svg->substr(svg->find("<g id=\"QRcode\">"));
  group = group.substr(0, group.find("</svg>"));
  const std::string svg_file = dir.Write("qr.svg", *svg);
  const std::string fragment_file =
      dir.Write("fragment.xml", "<g xmlns='http://www.w3.org/2000/svg' transform='scale(10)'>" +
                                    group.substr(group.find('>') + 1));
  const std::string head =
      "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' "
      "xmlns:xi='http://www.w3.org/2001/XInclude' width='400' height='400'>";
  const std::string references[] = {
      "<image width='400' height='400' href='file://" + png_file + "'/>",
      "<image width='400' height='400' xlink:href='file://" + png_file + "'/>",
      "<image width='400' height='400' href='qr.png'/>",
      "<use href='file://" + svg_file + "#QRcode'/>",
      "<xi:include href='file://" + fragment_file + "' parse='xml'/>",
      "<style>@import url(file://" + dir.Write("qr.css", "rect{fill:black}") + ");</style>",
      "<text x='10' y='20'><xi:include href='file:///etc/passwd' parse='text'/></text>",
  };
  for (const std::string& reference : references) {
    SCOPED_TRACE(reference);
    auto found = DecodeImage(head + reference + "</svg>");
    // Refusing the document is as good as ignoring the reference; reading it is not.
    if (found.ok()) {
      EXPECT_TRUE(found->empty()) << "librsvg loaded an external file";
    }
  }
  ExpectSingle(DecodeImage(head + "<image width='400' height='400' href='data:image/png;base64," +
                           Base64Encode(*png) + "'/></svg>"),
               kOtpAuth);
}

TEST(DecodeWebp, LossyAndLosslessWithAlpha) {
  StatusOr<std::string> png = testing::QrencodePng(kOtpAuth, 4, 4, 'M');
  ASSERT_TRUE(png.ok());
  StatusOr<testing::GrayImage> gray = testing::LoadGray(*png);
  ASSERT_TRUE(gray.ok());
  std::vector<uint8_t> rgba;
  for (uint8_t v : gray->pixels) {  // dark modules opaque, light ones transparent
    rgba.insert(rgba.end(), {0, 0, 0, static_cast<uint8_t>(255 - v)});
  }
  for (bool lossless : {false, true}) {
    SCOPED_TRACE(lossless ? "lossless" : "lossy");
    uint8_t* out = nullptr;
    const size_t size =
        lossless
            ? WebPEncodeLosslessRGBA(rgba.data(), gray->width, gray->height, gray->width * 4, &out)
            : WebPEncodeRGBA(rgba.data(), gray->width, gray->height, gray->width * 4, 90, &out);
    ASSERT_GT(size, 0u);
    const std::string webp(reinterpret_cast<const char*>(out), size);
    WebPFree(out);
    ExpectSingle(DecodeImage(webp), kOtpAuth);
    EXPECT_EQ(DescribeImage(webp).substr(0, 4), "WebP");
  }
  auto corrupt = DecodeImage("RIFF\x10\0\0\0WEBPVP8 garbage");
  ASSERT_FALSE(corrupt.ok());
  EXPECT_NE(corrupt.status().message().find("WebP"), std::string::npos);
}

TEST(DescribeImage, NamesFormatSizeAndBytes) {
  StatusOr<std::string> png = testing::QrencodePng("x", 2, 1, 'L');
  ASSERT_TRUE(png.ok());
  EXPECT_EQ(DescribeImage(*png), "PNG 46x46, " + std::to_string(png->size()) + " bytes");
  EXPECT_EQ(DescribeImage("<svg xmlns='http://www.w3.org/2000/svg'/>"), "SVG, 41 bytes");
  EXPECT_EQ(DescribeImage("<!DOCTYPE html><p>Not found"),
            "not an image (starts with \"<!DOCTYPE html><p>Not fo\"), 27 bytes");
  EXPECT_EQ(DescribeImage(std::string("\0\1", 2)), "not an image, 2 bytes");
}

}  // namespace
}  // namespace proofup::qr
