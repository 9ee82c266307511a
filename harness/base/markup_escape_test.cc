#include "harness/base/markup_escape.h"

#include <gtest/gtest.h>

namespace proofup {
namespace {

TEST(MarkupEscape, AttributesEscapeBothQuotes) {
  EXPECT_EQ(EscapeMarkup(R"(a<b>&"c'd)"), "a&lt;b&gt;&amp;&quot;c&#39;d");
}

TEST(MarkupEscape, TextKeepsQuotesAndUtf8) {
  std::string out = "x";
  AppendEscapedMarkup("\"geïnstalleerd\" & <ok>", false, out);
  EXPECT_EQ(out, "x\"geïnstalleerd\" &amp; &lt;ok&gt;");
}

}  // namespace
}  // namespace proofup
