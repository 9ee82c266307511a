#include "harness/report/xml_text.h"

#include <gtest/gtest.h>

namespace proofup::report_internal {
namespace {

constexpr char kFffd[] = "\xEF\xBF\xBD";

TEST(XmlText, KeepsValidUtf8AndAllowedWhitespace) {
  std::string text = "Gereed \u2014 \u00e9\u00e8 \U0001F600\t\n\r";
  EXPECT_EQ(ToValidXmlText(text), text);
}

TEST(XmlText, ReplacesForbiddenControlCharacters) {
  EXPECT_EQ(ToValidXmlText(std::string("a\x01"
                                       "b\x1b"
                                       "c\x00"
                                       "d",
                                       7)),
            std::string("a") + kFffd + "b" + kFffd + "c" + kFffd + "d");
  EXPECT_EQ(ToValidXmlText("\xEF\xBF\xBE"), kFffd);  // U+FFFE is not a character
}

TEST(XmlText, ReplacesEachByteOfInvalidUtf8) {
  EXPECT_EQ(ToValidXmlText("x\xffy"), std::string("x") + kFffd + "y");
  EXPECT_EQ(ToValidXmlText("\xC3"), kFffd);                                       // truncated
  EXPECT_EQ(ToValidXmlText("\xC0\xAF"), std::string(kFffd) + kFffd);              // overlong '/'
  EXPECT_EQ(ToValidXmlText("\xED\xA0\x80"), std::string(kFffd) + kFffd + kFffd);  // surrogate
}

TEST(XmlText, EscapesMarkupInContentAndAttributes) {
  EXPECT_EQ(XmlEscape("<a href=\"x\">'&'</a>", false),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(XmlEscape("line1\nline2\ttab\r", false), "line1\nline2\ttab&#13;");
  EXPECT_EQ(XmlEscape("line1\nline2\ttab\r", true), "line1&#10;line2&#9;tab&#13;");
}

TEST(XmlText, CdataKeepsTextAndSplitsTheEndMarker) {
  EXPECT_EQ(XmlCdata("  1. <a> & b"), "<![CDATA[  1. <a> & b]]>");
  EXPECT_EQ(XmlCdata("x]]>y"), "<![CDATA[x]]]]><![CDATA[>y]]>");
  EXPECT_EQ(XmlCdata("]]>]]>"), "<![CDATA[]]]]><![CDATA[>]]]]><![CDATA[>]]>");
  EXPECT_EQ(XmlCdata("a\r\nb\rc"), "<![CDATA[a\nb\nc]]>");
  EXPECT_EQ(XmlCdata(std::string("bad\x01", 4)), std::string("<![CDATA[bad") + kFffd + "]]>");
  EXPECT_EQ(XmlCdata(""), "<![CDATA[]]>");
}

}  // namespace
}  // namespace proofup::report_internal
