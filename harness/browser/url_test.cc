#include "harness/browser/url.h"

#include <gtest/gtest.h>

namespace proofup::browser {
namespace {

std::string Resolved(std::string_view base, std::string_view ref) {
  StatusOr<std::string> r = ResolveUrl(base, ref);
  return r.ok() ? *r : "ERROR: " + r.status().message();
}

TEST(ResolveUrlTest, Rfc3986NormalExamples) {
  const char* base = "http://a/b/c/d;p?q";
  EXPECT_EQ(Resolved(base, "g:h"), "g:h");
  EXPECT_EQ(Resolved(base, "g"), "http://a/b/c/g");
  EXPECT_EQ(Resolved(base, "./g"), "http://a/b/c/g");
  EXPECT_EQ(Resolved(base, "g/"), "http://a/b/c/g/");
  EXPECT_EQ(Resolved(base, "/g"), "http://a/g");
  EXPECT_EQ(Resolved(base, "//g"), "http://g");
  EXPECT_EQ(Resolved(base, "?y"), "http://a/b/c/d;p?y");
  EXPECT_EQ(Resolved(base, "g?y"), "http://a/b/c/g?y");
  EXPECT_EQ(Resolved(base, "#s"), "http://a/b/c/d;p?q#s");
  EXPECT_EQ(Resolved(base, "g#s"), "http://a/b/c/g#s");
  EXPECT_EQ(Resolved(base, ""), "http://a/b/c/d;p?q");
  EXPECT_EQ(Resolved(base, "."), "http://a/b/c/");
  EXPECT_EQ(Resolved(base, ".."), "http://a/b/");
  EXPECT_EQ(Resolved(base, "../g"), "http://a/b/g");
  EXPECT_EQ(Resolved(base, "../.."), "http://a/");
  EXPECT_EQ(Resolved(base, "../../g"), "http://a/g");
  EXPECT_EQ(Resolved(base, "../../../g"), "http://a/g");
  EXPECT_EQ(Resolved(base, "/./g"), "http://a/g");
  EXPECT_EQ(Resolved(base, "g;x=1/../y"), "http://a/b/c/y");
}

TEST(ResolveUrlTest, PortalShapedUrls) {
  const char* base = "http://127.0.0.1:8080/mfa/qr?step=3";
  EXPECT_EQ(Resolved(base, "/activate/abc"), "http://127.0.0.1:8080/activate/abc");
  EXPECT_EQ(Resolved(base, "phone"), "http://127.0.0.1:8080/mfa/phone");
  EXPECT_EQ(Resolved(base, "?manual=1"), "http://127.0.0.1:8080/mfa/qr?manual=1");
  EXPECT_EQ(Resolved(base, "https://other.example/x"), "https://other.example/x");
  EXPECT_EQ(Resolved("http://h:1", "x"), "http://h:1/x");
  EXPECT_EQ(Resolved(base, "  /a b  "), "http://127.0.0.1:8080/a%20b");
}

TEST(ResolveUrlTest, RelativeBaseIsAnError) {
  StatusOr<std::string> r = ResolveUrl("/login", "next");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), Status::Kind::kInvalidArgument);
  EXPECT_EQ(Resolved("/login", "http://h/x"), "http://h/x");
}

TEST(UrlTest, WithQueryReplacesQueryAndDropsFragment) {
  EXPECT_EQ(WithQuery("http://h/p?old=1#f", "a=b"), "http://h/p?a=b");
  EXPECT_EQ(WithQuery("http://h/p", ""), "http://h/p");
  EXPECT_EQ(StripFragment("http://h/p?q#frag"), "http://h/p?q");
}

TEST(FormUrlEncodeTest, EncodesLikeBrowsers) {
  EXPECT_EQ(FormUrlEncode({{"user", "anna@voorbeeld.nl"}, {"pw", "a b&c=d+é"}}),
            "user=anna%40voorbeeld.nl&pw=a+b%26c%3Dd%2B%C3%A9");
  EXPECT_EQ(FormUrlEncode({{"k*-._", "~!"}}), "k*-._=%7E%21");
  EXPECT_EQ(FormUrlEncode({{"empty", ""}, {"x", "1"}}), "empty=&x=1");
  EXPECT_EQ(FormUrlEncode({}), "");
}

TEST(DecodeDataUriTest, Base64AndPercent) {
  StatusOr<std::string> png = DecodeDataUri("data:image/png;base64,iVBORw0KGgo=");
  ASSERT_TRUE(png.ok());
  EXPECT_EQ(*png, std::string("\x89PNG\r\n\x1a\n", 8));
  StatusOr<std::string> text = DecodeDataUri("data:,Hallo%20wereld");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "Hallo wereld");
  EXPECT_FALSE(DecodeDataUri("http://x/y.png").ok());
  EXPECT_FALSE(DecodeDataUri("data:image/png;base64,@@@").ok());
  EXPECT_FALSE(DecodeDataUri("data:nocomma").ok());
}

}  // namespace
}  // namespace proofup::browser
