#include "mock-idp/qr_png.h"

#include <gtest/gtest.h>

#include "harness/qr/qr.h"

namespace proofup::mockidp {
namespace {

TEST(QrPng, DecodesBackToTheText) {
  const std::string text =
      "phonefactor://"
      "activate_account?code=123456789&url=http%3A%2F%2F127.0.0.1%3A1%2Factivate%2Fab";
  auto uri = QrDataUri(text);
  ASSERT_TRUE(uri.ok()) << uri.status().ToString();
  EXPECT_EQ(uri->rfind("data:image/png;base64,", 0), 0u);
  auto decoded = qr::DecodeDataUri(*uri);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  ASSERT_EQ(decoded->size(), 1u);
  EXPECT_EQ((*decoded)[0].text, text);
}

TEST(QrPng, TooLongTextIsAnError) { EXPECT_FALSE(QrPng(std::string(8000, 'x')).ok()); }

TEST(Base64Encode, KnownVectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
}

}  // namespace
}  // namespace proofup::mockidp
