#include <gtest/gtest.h>

#include <string>

#include "harness/otp/otp.h"

namespace proofup::otp {
namespace {

// Expects an InvalidArgument error whose message contains `needle`.
void ExpectUriError(std::string_view uri, std::string_view needle) {
  StatusOr<OtpAuthUri> r = ParseOtpAuthUri(uri);
  ASSERT_FALSE(r.ok()) << uri;
  EXPECT_EQ(r.status().kind(), Status::Kind::kInvalidArgument) << uri;
  EXPECT_NE(r.status().message().find(needle), std::string::npos)
      << uri << " -> " << r.status().message() << " (expected '" << needle << "')";
}

TEST(PercentCoding, Decode) {
  EXPECT_EQ(PercentDecode("ACME%20Co%3Ajohn%40example.com").value(), "ACME Co:john@example.com");
  EXPECT_EQ(PercentDecode("https%3a%2f%2fx").value(), "https://x");  // lower-case hex
  EXPECT_EQ(PercentDecode("a+b").value(), "a+b");
  EXPECT_EQ(PercentDecode("").value(), "");
  EXPECT_EQ(PercentDecode("%C3%A9").value(), "\xc3\xa9");
  for (const char* bad : {"%", "%4", "abc%zz", "%g0", "x%2"}) {
    StatusOr<std::string> r = PercentDecode(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("malformed percent escape"), std::string::npos);
  }
  EXPECT_NE(PercentDecode("abc%zz").status().message().find("position 3"), std::string::npos);
}

TEST(PercentCoding, EncodeKeepsOnlyUnreserved) {
  EXPECT_EQ(PercentEncode("aZ09-._~"), "aZ09-._~");
  EXPECT_EQ(PercentEncode("a b:c@d/e?f&g=h+"), "a%20b%3Ac%40d%2Fe%3Ff%26g%3Dh%2B");
  EXPECT_EQ(PercentEncode("\xc3\xa9"), "%C3%A9");
  const std::string all_bytes = [] {
    std::string s;
    for (int i = 0; i < 256; ++i) s.push_back(static_cast<char>(i));
    return s;
  }();
  EXPECT_EQ(PercentDecode(PercentEncode(all_bytes)).value(), all_bytes);
}

TEST(OtpAuthUri, FullExampleFromKeyUriFormat) {
  StatusOr<OtpAuthUri> u = ParseOtpAuthUri(
      "otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ"
      "&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60");
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->type, OtpType::kTotp);
  EXPECT_EQ(u->issuer, "ACME Co");
  EXPECT_EQ(u->account, "john.doe@email.com");
  EXPECT_EQ(u->params.key, Base32Decode("HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ").value());
  EXPECT_EQ(u->params.algorithm, Algorithm::kSha256);
  EXPECT_EQ(u->params.digits, 8);
  EXPECT_EQ(u->params.period_seconds, 60);
}

TEST(OtpAuthUri, Defaults) {
  StatusOr<OtpAuthUri> u =
      ParseOtpAuthUri("otpauth://totp/alice@example.com?secret=JBSWY3DPEHPK3PXP");
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->issuer, "");
  EXPECT_EQ(u->account, "alice@example.com");
  EXPECT_EQ(u->params.algorithm, Algorithm::kSha1);
  EXPECT_EQ(u->params.digits, 6);
  EXPECT_EQ(u->params.period_seconds, 30);
  EXPECT_EQ(u->counter, 0u);
}

TEST(OtpAuthUri, LabelForms) {
  // Encoded colon, spaces after the colon, issuer only in the label.
  StatusOr<OtpAuthUri> a =
      ParseOtpAuthUri("otpauth://totp/Contoso%3A%20%20bob%40contoso.nl?secret=JBSWY3DPEHPK3PXP");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->issuer, "Contoso");
  EXPECT_EQ(a->account, "bob@contoso.nl");
  // The issuer parameter wins over the label prefix.
  StatusOr<OtpAuthUri> b =
      ParseOtpAuthUri("otpauth://totp/Old:bob?secret=JBSWY3DPEHPK3PXP&issuer=New%20Name");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->issuer, "New Name");
  EXPECT_EQ(b->account, "bob");
  // Case-insensitive scheme and type, fragment ignored, padded/lower-case secret.
  StatusOr<OtpAuthUri> c =
      ParseOtpAuthUri("OTPAUTH://TOTP/x?secret=mzxw6ytboi%3D%3D%3D%3D%3D%3D#f");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->params.key, "foobar");
}

TEST(OtpAuthUri, Hotp) {
  StatusOr<OtpAuthUri> u =
      ParseOtpAuthUri("otpauth://hotp/Example:me?secret=JBSWY3DPEHPK3PXP&counter=42&digits=7");
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->type, OtpType::kHotp);
  EXPECT_EQ(u->counter, 42u);
  EXPECT_EQ(u->params.digits, 7);
  EXPECT_EQ(ParseOtpAuthUri("otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP&counter=18446744073709551615")
                ->counter,
            UINT64_MAX);
}

TEST(OtpAuthUri, EveryErrorInTheContract) {
  ExpectUriError("https://example.com/?secret=JBSWY3DPEHPK3PXP",
                 "not a URI starting with otpauth://");
  ExpectUriError("not a uri at all", "not a URI starting with otpauth://");
  ExpectUriError("", "not a URI starting with otpauth://");
  ExpectUriError("otpauth:/totp/a?secret=JBSWY3DPEHPK3PXP", "not a URI starting with otpauth://");
  ExpectUriError("otpauth://motp/a?secret=JBSWY3DPEHPK3PXP", "unknown type 'motp'");
  ExpectUriError("otpauth://totp/a", "missing secret");
  ExpectUriError("otpauth://totp/a?issuer=x", "missing secret");
  ExpectUriError("otpauth://totp/a?secret=", "missing secret");
  ExpectUriError("otpauth://totp/a?secret=JBSW1Y3DP", "invalid base32 character '1' at position 4");
  ExpectUriError("otpauth://totp/a?secret=%3D%3D", "secret is empty");
  ExpectUriError("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&algorithm=MD5",
                 "unknown OTP algorithm 'MD5'");
  ExpectUriError("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=5", "digits must be 6 to 8");
  ExpectUriError("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=9", "digits must be 6 to 8");
  ExpectUriError("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=six", "digits must be 6 to 8");
  ExpectUriError("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=", "digits must be 6 to 8");
  ExpectUriError("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&period=0", "period must be positive");
  ExpectUriError("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&period=-30", "period must be positive");
  ExpectUriError("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&period=30s", "period is not a number");
  ExpectUriError("otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP", "hotp without counter");
  ExpectUriError("otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP&counter=-1", "counter is not a number");
  ExpectUriError("otpauth://totp/a%zz?secret=JBSWY3DPEHPK3PXP", "malformed percent escape");
  ExpectUriError("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&issuer=%4", "malformed percent escape");
  ExpectUriError("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&secret=MZXW6YTBOI", "given twice");
}

TEST(OtpAuthUri, FormatRoundTrips) {
  OtpAuthUri u;
  u.type = OtpType::kTotp;
  u.issuer = "Gemeente Voorbeeld & Co";
  u.account = "j.jansen+mfa@voorbeeld.nl";
  u.params.key = "\x01\x02\xff secret bytes";
  u.params.algorithm = Algorithm::kSha512;
  u.params.digits = 8;
  u.params.period_seconds = 45;
  const std::string uri = FormatOtpAuthUri(u);
  EXPECT_EQ(uri.rfind("otpauth://totp/Gemeente%20Voorbeeld%20%26%20Co:j.jansen%2Bmfa%40", 0), 0u)
      << uri;
  StatusOr<OtpAuthUri> back = ParseOtpAuthUri(uri);
  ASSERT_TRUE(back.ok()) << uri << ": " << back.status().ToString();
  EXPECT_EQ(back->issuer, u.issuer);
  EXPECT_EQ(back->account, u.account);
  EXPECT_EQ(back->params.key, u.params.key);
  EXPECT_EQ(back->params.algorithm, u.params.algorithm);
  EXPECT_EQ(back->params.digits, 8);
  EXPECT_EQ(back->params.period_seconds, 45);

  u.type = OtpType::kHotp;
  u.counter = 7;
  u.issuer.clear();
  StatusOr<OtpAuthUri> hotp = ParseOtpAuthUri(FormatOtpAuthUri(u));
  ASSERT_TRUE(hotp.ok()) << hotp.status().ToString();
  EXPECT_EQ(hotp->type, OtpType::kHotp);
  EXPECT_EQ(hotp->counter, 7u);
  EXPECT_EQ(hotp->issuer, "");
  EXPECT_EQ(hotp->account, u.account);
}

TEST(PhoneFactorUri, ParsesMicrosoftForm) {
  StatusOr<PhoneFactorUri> u = ParsePhoneFactorUri(
      "phonefactor://activate_account?code=123456789"
      "&url=https%3a%2f%2fmobileappcommunicator.auth.microsoft.com%2factivate%2f123456789%2fWEU");
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->code, "123456789");
  EXPECT_EQ(u->url, "https://mobileappcommunicator.auth.microsoft.com/activate/123456789/WEU");
}

TEST(PhoneFactorUri, FormatRoundTrips) {
  PhoneFactorUri u{.code = "987654321", .url = "https://127.0.0.1:4433/activate?id=7&x=a b"};
  const std::string uri = FormatPhoneFactorUri(u);
  EXPECT_EQ(uri.find("url=https%3A%2F%2F127.0.0.1%3A4433%2Factivate%3Fid%3D7%26x%3Da%20b"),
            uri.find("url="));
  StatusOr<PhoneFactorUri> back = ParsePhoneFactorUri(uri);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->code, u.code);
  EXPECT_EQ(back->url, u.url);
}

TEST(PhoneFactorUri, Errors) {
  const std::pair<const char*, const char*> cases[] = {
      {"otpauth://activate_account?code=1&url=x", "not a URI starting with phonefactor://"},
      {"phonefactor:activate_account?code=1&url=x", "not a URI starting with phonefactor://"},
      {"phonefactor://activate?code=1&url=x", "expected host activate_account"},
      {"phonefactor://activate_account/extra?code=1&url=x", "expected host activate_account"},
      {"phonefactor://activate_account?url=https%3A%2F%2Fx", "missing code"},
      {"phonefactor://activate_account?code=&url=https%3A%2F%2Fx", "missing code"},
      {"phonefactor://activate_account?code=123", "missing url"},
      {"phonefactor://activate_account", "missing code"},
      {"phonefactor://activate_account?code=1&url=%G1", "malformed percent escape"},
  };
  for (const auto& [uri, needle] : cases) {
    StatusOr<PhoneFactorUri> r = ParsePhoneFactorUri(uri);
    ASSERT_FALSE(r.ok()) << uri;
    EXPECT_EQ(r.status().kind(), Status::Kind::kInvalidArgument);
    EXPECT_NE(r.status().message().find(needle), std::string::npos)
        << uri << " -> " << r.status().message();
  }
}

}  // namespace
}  // namespace proofup::otp
