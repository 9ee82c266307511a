#include "harness/browser/selector.h"

#include <gtest/gtest.h>

namespace proofup::browser {
namespace {

// Text of every element matched, joined by '|'.
std::string Matched(const Document& doc, std::string_view selector) {
  StatusOr<Selector> s = ParseSelector(selector);
  if (!s.ok()) return "ERROR: " + s.status().message();
  std::string out;
  for (int i : MatchSelector(doc, *s)) out += (out.empty() ? "" : "|") + doc.TextOf(i);
  return out;
}

class SelectorTest : public ::testing::Test {
 protected:
  Document doc_ = ParseDocument(R"(
    <div id="main" class="card wide">
      <p class="lead">Eerste</p>
      <section><p>Tweede</p><span class="number-match" id="number">42</span></section>
    </div>
    <div class="error" role="alert">Fout</div>
    <form><button type="submit" name="action" value="next">Volgende</button>
          <button type="submit" name="action" value="back">Terug</button></form>)");
};

TEST_F(SelectorTest, TagIdClassAttribute) {
  EXPECT_EQ(Matched(doc_, "p"), "Eerste|Tweede");
  EXPECT_EQ(Matched(doc_, "#number"), "42");
  EXPECT_EQ(Matched(doc_, ".error"), "Fout");
  EXPECT_EQ(Matched(doc_, ".wide.card > .lead"), "Eerste");
  EXPECT_EQ(Matched(doc_, "[role=alert]"), "Fout");
  EXPECT_EQ(Matched(doc_, "[role]"), "Fout");
  EXPECT_EQ(Matched(doc_, "button[value=\"back\"]"), "Terug");
  EXPECT_EQ(Matched(doc_, "button[name='action'][value=next]"), "Volgende");
  EXPECT_EQ(Matched(doc_, "span.number-match#number"), "42");
  EXPECT_EQ(Matched(doc_, "DIV.error"), "Fout");
  EXPECT_EQ(Matched(doc_, ".nothing"), "");
}

TEST_F(SelectorTest, Combinators) {
  EXPECT_EQ(Matched(doc_, "#main p"), "Eerste|Tweede");
  EXPECT_EQ(Matched(doc_, "#main > p"), "Eerste");
  EXPECT_EQ(Matched(doc_, "#main>section>p"), "Tweede");
  EXPECT_EQ(Matched(doc_, "div section span"), "42");
  EXPECT_EQ(Matched(doc_, "form p"), "");
  EXPECT_EQ(Matched(doc_, "body * #number"), "42");
}

TEST_F(SelectorTest, UnsupportedSyntaxIsAnErrorWithColumn) {
  for (const char* bad : {"", "p:first-child", "a + b", "a, b", "[name=", "#", "div >", "[]"}) {
    StatusOr<Selector> s = ParseSelector(bad);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.status().kind(), Status::Kind::kInvalidArgument);
    EXPECT_NE(s.status().message().find("column"), std::string::npos) << s.status().message();
  }
}

}  // namespace
}  // namespace proofup::browser
