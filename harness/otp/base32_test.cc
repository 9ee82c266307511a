#include <gtest/gtest.h>

#include <random>
#include <string>

#include "harness/otp/otp.h"

namespace proofup::otp {
namespace {

// RFC 4648 section 10 test vectors.
TEST(Base32, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},
      {"f", "MY======"},
      {"fo", "MZXQ===="},
      {"foo", "MZXW6==="},
      {"foob", "MZXW6YQ="},
      {"fooba", "MZXW6YTB"},
      {"foobar", "MZXW6YTBOI======"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base32Encode(plain, /*pad=*/true), encoded) << plain;
    StatusOr<std::string> decoded = Base32Decode(encoded);
    ASSERT_TRUE(decoded.ok()) << encoded << ": " << decoded.status().ToString();
    EXPECT_EQ(*decoded, plain);
  }
}

TEST(Base32, EncodeWithoutPaddingByDefault) {
  EXPECT_EQ(Base32Encode("foobar"), "MZXW6YTBOI");
  EXPECT_EQ(Base32Encode("f"), "MY");
}

TEST(Base32, DecodeIsCaseInsensitiveAndPaddingOptional) {
  for (const char* text : {"MZXW6YTBOI", "mzxw6ytboi", "MzXw6yTbOi", "MZXW6YTBOI======"}) {
    StatusOr<std::string> decoded = Base32Decode(text);
    ASSERT_TRUE(decoded.ok()) << text << ": " << decoded.status().ToString();
    EXPECT_EQ(*decoded, "foobar") << text;
  }
}

TEST(Base32, DecodeIgnoresSpacesAndDashes) {
  StatusOr<std::string> decoded = Base32Decode("JBSW Y3DP-EHPK 3PXP");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, "Hello!\xde\xad\xbe\xef");
  StatusOr<std::string> dashes = Base32Decode("-MZXW-6YTB-OI-");
  ASSERT_TRUE(dashes.ok());
  EXPECT_EQ(*dashes, "foobar");
}

TEST(Base32, InvalidCharacterNamesCharacterAndPosition) {
  StatusOr<std::string> decoded = Base32Decode("JBSW1Y3DP");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().kind(), Status::Kind::kInvalidArgument);
  EXPECT_EQ(decoded.status().message(), "invalid base32 character '1' at position 4");

  // Position counts the raw text, including ignored separators.
  StatusOr<std::string> grouped = Base32Decode("AB CD 8");
  ASSERT_FALSE(grouped.ok());
  EXPECT_EQ(grouped.status().message(), "invalid base32 character '8' at position 6");

  StatusOr<std::string> control = Base32Decode("AB\nCD");
  ASSERT_FALSE(control.ok());
  EXPECT_EQ(control.status().message(), "invalid base32 character byte 0x0a at position 2");

  for (const char* bad : {"AB0C", "AB1C", "AB8C", "AB9C", "AB+C", "AB/C", "AB_C"}) {
    StatusOr<std::string> r = Base32Decode(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find(std::string("'") + bad[2] + "' at position 2"),
              std::string::npos)
        << r.status().message();
  }
}

TEST(Base32, DataAfterPaddingIsAnError) {
  StatusOr<std::string> decoded = Base32Decode("MY==MY");
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("after '=' padding at position 4"), std::string::npos)
      << decoded.status().message();
}

TEST(Base32, ImpossibleLengthsAreErrors) {
  // 1, 3 and 6 trailing symbols cannot encode whole bytes.
  for (const char* bad : {"M", "MZX", "MZXW6Y", "MZXW6YTBO"}) {
    StatusOr<std::string> r = Base32Decode(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("length"), std::string::npos) << r.status().message();
  }
}

TEST(Base32, RoundTripOfRandomBytes) {
  const uint32_t seed = 20240602;
  std::mt19937 rng(seed);
  for (int i = 0; i < 500; ++i) {
    std::string bytes(rng() % 70, '\0');
    for (char& c : bytes) c = static_cast<char>(rng() & 0xff);
    const bool pad = (i % 2) == 0;
    const std::string encoded = Base32Encode(bytes, pad);
    if (pad) {
      EXPECT_EQ(encoded.size() % 8, 0u);
    }
    StatusOr<std::string> decoded = Base32Decode(encoded);
    ASSERT_TRUE(decoded.ok()) << "seed " << seed << " case " << i << ": "
                              << decoded.status().ToString();
    ASSERT_EQ(*decoded, bytes) << "seed " << seed << " case " << i;
  }
}

}  // namespace
}  // namespace proofup::otp
