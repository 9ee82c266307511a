// The qrencode matrix: module sizes 2-10 x margins 0-4, each pasted into a
// 1920x1080 screenshot as is, inverted and rotated by 90 degrees, with the
// error-correction level cycling through L/M/Q/H.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <tuple>

#include "harness/qr/qr.h"
#include "harness/qr/test_images.h"

namespace proofup::qr {
namespace {

using testing::ScreenshotWithQr;
using testing::Variant;

const char* const kPayloads[] = {
    "phonefactor://activate_account?code=482913765"
    "&url=https%3A%2F%2F127.0.0.1%3A8443%2Factivate%2F482913765%2FWEU",
    "otpauth://totp/Contoso:j.jansen%40contoso.nl?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    "&issuer=Contoso&algorithm=SHA1&digits=6&period=30",
    "otpauth://totp/Gemeente%20Voorbeeld:p.de.vries%40voorbeeld.nl"
    "?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=Gemeente%20Voorbeeld&algorithm=SHA256"
    "&digits=8&period=30",
};

// Expected image positions of the symbol's corners (TL, TR, BR, BL of the
// symbol as printed), given where the qrencode image landed.
void ExpectCorners(const DecodedQr& qr, const testing::Screenshot& shot, int module_size,
                   int margin, Variant variant) {
  const int lo_x = shot.qr_x + margin * module_size;
  const int lo_y = shot.qr_y + margin * module_size;
  const int hi_x = shot.qr_x + shot.qr_size - margin * module_size;
  const int hi_y = shot.qr_y + shot.qr_size - margin * module_size;
  Point expected[4] = {{lo_x, lo_y}, {hi_x, lo_y}, {hi_x, hi_y}, {lo_x, hi_y}};
  if (variant == Variant::kRotated90) {  // clockwise: symbol TL is now at the image's TR
    Point rotated[4] = {{hi_x, lo_y}, {hi_x, hi_y}, {lo_x, hi_y}, {lo_x, lo_y}};
    std::copy(std::begin(rotated), std::end(rotated), std::begin(expected));
  }
  const int tolerance = 2 * module_size + 2;
  for (int i = 0; i < 4; ++i) {
    EXPECT_LE(std::abs(qr.corners[i].x - expected[i].x), tolerance)
        << "corner " << i << " x " << qr.corners[i].x << " expected " << expected[i].x;
    EXPECT_LE(std::abs(qr.corners[i].y - expected[i].y), tolerance)
        << "corner " << i << " y " << qr.corners[i].y << " expected " << expected[i].y;
  }
}

class QrencodeMatrix : public ::testing::TestWithParam<std::tuple<int, int>> {};

TEST_P(QrencodeMatrix, DecodesOnScreenNormalInvertedRotated) {
  const auto [module_size, margin] = GetParam();
  const char ec_level = "LMQH"[(module_size + margin) % 4];
  for (Variant variant : {Variant::kNormal, Variant::kInverted, Variant::kRotated90}) {
    const uint32_t seed =
        static_cast<uint32_t>(module_size * 100 + margin * 10) + static_cast<uint32_t>(variant);
    const std::string payload = kPayloads[seed % std::size(kPayloads)];
    SCOPED_TRACE(::testing::Message()
                 << "module " << module_size << " margin " << margin << " ec " << ec_level << " "
                 << VariantName(variant) << " seed " << seed);
    StatusOr<testing::Screenshot> shot =
        ScreenshotWithQr(payload, module_size, margin, ec_level, variant, seed);
    ASSERT_TRUE(shot.ok()) << shot.status().ToString();
    StatusOr<std::vector<DecodedQr>> found = DecodeImage(shot->canvas.EncodePng());
    ASSERT_TRUE(found.ok()) << found.status().ToString();
    ASSERT_EQ(found->size(), 1u);
    EXPECT_EQ((*found)[0].text, payload);
    ExpectCorners((*found)[0], *shot, module_size, margin, variant);
  }
}

INSTANTIATE_TEST_SUITE_P(ModuleSizeByMargin, QrencodeMatrix,
                         ::testing::Combine(::testing::Range(2, 11), ::testing::Range(0, 5)),
                         [](const ::testing::TestParamInfo<std::tuple<int, int>>& info) {
                           return "module" + std::to_string(std::get<0>(info.param)) + "_margin" +
                                  std::to_string(std::get<1>(info.param));
                         });

}  // namespace
}  // namespace proofup::qr
