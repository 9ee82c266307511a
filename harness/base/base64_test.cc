#include "harness/base/base64.h"

#include <gtest/gtest.h>

namespace proofup {
namespace {

TEST(Base64Decode, Rfc4648VectorsAndWhitespace) {
  EXPECT_EQ(Base64Decode("").value(), "");
  EXPECT_EQ(Base64Decode("Zg==").value(), "f");
  EXPECT_EQ(Base64Decode("Zm8=").value(), "fo");
  EXPECT_EQ(Base64Decode("Zm9v").value(), "foo");
  EXPECT_EQ(Base64Decode("Zm9vYg==").value(), "foob");
  EXPECT_EQ(Base64Decode("Zm9vYmE=").value(), "fooba");
  EXPECT_EQ(Base64Decode("Zm9vYmFy").value(), "foobar");
  EXPECT_EQ(Base64Decode("Zm9v\r\n YmFy").value(), "foobar");
  EXPECT_EQ(Base64Decode("Zm9vYg").value(), "foob");  // padding optional
  EXPECT_EQ(Base64Decode("+/+/").value(), "\xfb\xff\xbf");
}

TEST(Base64Decode, Errors) {
  StatusOr<std::string> bad = Base64Decode("Zm9v-mFy");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "invalid base64 character '-' at position 4");
  EXPECT_FALSE(Base64Decode("Zm9vY").ok());     // 5 symbols cannot be whole bytes
  EXPECT_FALSE(Base64Decode("Zg==Zg==").ok());  // data after padding
}

TEST(Base64Encode, Rfc4648VectorsRoundTrip) {
  const char* const kVectors[][2] = {{"", ""},
                                     {"f", "Zg=="},
                                     {"fo", "Zm8="},
                                     {"foo", "Zm9v"},
                                     {"foob", "Zm9vYg=="},
                                     {"fooba", "Zm9vYmE="},
                                     {"foobar", "Zm9vYmFy"}};
  for (const auto& v : kVectors) {
    EXPECT_EQ(Base64Encode(v[0]), v[1]);
    EXPECT_EQ(Base64Decode(v[1]).value(), v[0]);
  }
  EXPECT_EQ(Base64Encode("\xfb\xff\xbf"), "+/+/");
}

}  // namespace
}  // namespace proofup
