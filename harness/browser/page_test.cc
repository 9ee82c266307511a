#include <gtest/gtest.h>

#include <algorithm>

#include "harness/browser/browser.h"
#include "harness/browser/document.h"

namespace proofup::browser {
namespace {

const char* kUrl = "http://127.0.0.1:8080/mfa/qr";

const Field* FieldNamed(const Page& page, const std::string& name) {
  for (const Field& f : page.fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

TEST(ParsePageTest, TitleHeadingsAndVisibleText) {
  Page page = ParsePage(R"(<!doctype html><html><head><title> Aanmelden -
      Voorbeeld College </title><style>p{color:red}</style><script>var x="geheim";</script></head>
    <body><h1>Aanmelden</h1><h2>Uw <em>account</em></h2>
    <p>Eerste&nbsp;regel &amp; meer</p><p hidden>verborgen</p>
    <div style="display: none">ook verborgen</div><div style="DISPLAY:NONE">nog een</div>
    <noscript>geen js</noscript><template><p>sjabloon</p></template>
    <input type="hidden" name="csrf" value="tok">
    <div>Code:<br>123 456 789</div><span>inline</span> <b>tekst</b></body></html>)",
                        kUrl);
  EXPECT_EQ(page.url, kUrl);
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.title, "Aanmelden - Voorbeeld College");
  ASSERT_EQ(page.headings.size(), 2u);
  EXPECT_EQ(page.headings[0].level, 1);
  EXPECT_EQ(page.headings[0].text, "Aanmelden");
  EXPECT_EQ(page.headings[1].level, 2);
  EXPECT_EQ(page.headings[1].text, "Uw account");
  EXPECT_EQ(page.text,
            "Aanmelden\nUw account\nEerste regel & meer\nCode:\n123 456 789\ninline tekst");
}

TEST(ParsePageTest, LinksAndImages) {
  Page page = ParsePage(R"(<a href="?manual=1">Kan de QR-afbeelding
      niet scannen?</a><a href="/help" aria-label="Help"></a><a href="x"><img alt="Logo"></a>
    <a name="anchor">geen href</a><a href="/hidden" hidden>weg</a>
    <img alt="QR-code" src="data:image/png;base64,iVBOR" id="qr"><img src="img/logo.png" alt="">
    <div style="display:none"><img src="/secret.png"></div>)",
                        kUrl);
  ASSERT_EQ(page.links.size(), 4u);
  EXPECT_EQ(page.links[0].text, "Kan de QR-afbeelding niet scannen?");
  EXPECT_EQ(page.links[0].href, "http://127.0.0.1:8080/mfa/qr?manual=1");
  EXPECT_EQ(page.links[1].text, "Help");
  EXPECT_EQ(page.links[2].text, "Logo");
  EXPECT_EQ(page.links[2].href, "http://127.0.0.1:8080/mfa/x");
  EXPECT_EQ(page.links[3].href, "");
  ASSERT_EQ(page.images.size(), 2u);
  EXPECT_EQ(page.images[0].src, "data:image/png;base64,iVBOR");
  EXPECT_EQ(page.images[0].alt, "QR-code");
  EXPECT_EQ(page.images[0].id, "qr");
  EXPECT_EQ(page.images[1].src, "http://127.0.0.1:8080/mfa/img/logo.png");
}

TEST(ParsePageTest, EveryFieldKindWithLabels) {
  Page page = ParsePage(R"(<form method="post" action="/login" id="f">
    <label for="u">Gebruikersnaam</label><input id="u" name="username" value="anna">
    <label>Wachtwoord <input type="password" name="pw" placeholder="Uw wachtwoord"></label>
    <input type="email" name="mail" aria-label="E-mail">
    <input type="tel" name="phone"><input type="number" name="n" value="7">
    <input type="hidden" name="csrf" value="t0k">
    <label><input type="radio" name="m" value="sms" checked> Sms ontvangen</label>
    <input type="radio" name="m" value="call" id="c"><label for="c">Bellen</label>
    <input type="checkbox" name="remember" id="r"><label for="r">Onthouden</label>
    <label for="country">Land</label><select name="country" id="country">
      <option value="NL">Nederland (+31)</option><optgroup label="x"><option>België (+32)</option>
      </optgroup></select>
    <textarea name="note">
Regel &lt;1&gt;</textarea><input type="search" name="q" disabled>
    </form>)",
                        kUrl);
  ASSERT_EQ(page.forms.size(), 1u);
  EXPECT_EQ(page.forms[0].method, "POST");
  EXPECT_EQ(page.forms[0].action, "http://127.0.0.1:8080/login");
  EXPECT_EQ(page.forms[0].id, "f");
  ASSERT_EQ(page.fields.size(), 12u);
  const Field* u = FieldNamed(page, "username");
  EXPECT_EQ(u->kind, FieldKind::kText);
  EXPECT_EQ(u->label, "Gebruikersnaam");
  EXPECT_EQ(u->value, "anna");
  EXPECT_EQ(u->form, 0);
  const Field* pw = FieldNamed(page, "pw");
  EXPECT_EQ(pw->kind, FieldKind::kPassword);
  EXPECT_EQ(pw->label, "Wachtwoord");
  EXPECT_EQ(pw->placeholder, "Uw wachtwoord");
  EXPECT_EQ(FieldNamed(page, "mail")->aria_label, "E-mail");
  EXPECT_EQ(FieldNamed(page, "mail")->kind, FieldKind::kEmail);
  EXPECT_EQ(FieldNamed(page, "phone")->kind, FieldKind::kTel);
  EXPECT_EQ(FieldNamed(page, "n")->kind, FieldKind::kNumber);
  const Field* csrf = FieldNamed(page, "csrf");
  EXPECT_EQ(csrf->kind, FieldKind::kHidden);
  EXPECT_FALSE(csrf->visible);
  EXPECT_EQ(page.fields[6].label, "Sms ontvangen");
  EXPECT_TRUE(page.fields[6].checked);
  EXPECT_EQ(page.fields[7].label, "Bellen");
  EXPECT_FALSE(page.fields[7].checked);
  const Field* remember = FieldNamed(page, "remember");
  EXPECT_EQ(remember->kind, FieldKind::kCheckbox);
  EXPECT_EQ(remember->value, "on");
  EXPECT_EQ(remember->label, "Onthouden");
  const Field* country = FieldNamed(page, "country");
  EXPECT_EQ(country->label, "Land");
  ASSERT_EQ(country->options.size(), 2u);
  EXPECT_EQ(country->options[0].value, "NL");
  EXPECT_TRUE(country->options[0].selected);  // first option when none is marked
  EXPECT_EQ(country->options[1].text, "België (+32)");
  EXPECT_EQ(country->options[1].value, "België (+32)");
  const Field* note = FieldNamed(page, "note");
  EXPECT_EQ(note->kind, FieldKind::kTextarea);
  EXPECT_EQ(note->value, "Regel <1>");  // leading newline dropped, entities decoded
  EXPECT_EQ(FieldNamed(page, "q")->kind, FieldKind::kOther);
  EXPECT_TRUE(FieldNamed(page, "q")->disabled);
}

TEST(ParsePageTest, ButtonsOfEveryShape) {
  Page page = ParsePage(R"(<form method="get"><button type="submit" name="action" value="next">
      <span>Volgende</span></button><button>Standaard</button>
    <button type="button">Alleen JS</button><input type="submit" value="Verzenden">
    <input type="submit"><button aria-label="Sluiten"></button>
    <button disabled>Uit</button></form><button form="x">Buiten</button>)",
                        kUrl);
  ASSERT_EQ(page.buttons.size(), 8u);
  EXPECT_EQ(page.buttons[0].text, "Volgende");
  EXPECT_EQ(page.buttons[0].name, "action");
  EXPECT_EQ(page.buttons[0].value, "next");
  EXPECT_EQ(page.buttons[0].type, "submit");
  EXPECT_EQ(page.buttons[0].form, 0);
  EXPECT_EQ(page.buttons[1].type, "submit");
  EXPECT_EQ(page.buttons[2].type, "button");
  EXPECT_EQ(page.buttons[3].text, "Verzenden");
  EXPECT_EQ(page.buttons[4].text, "Submit");
  EXPECT_EQ(page.buttons[5].text, "Sluiten");
  EXPECT_TRUE(page.buttons[6].disabled);
  EXPECT_EQ(page.buttons[7].form, -1);  // form="x" names no form on the page
  EXPECT_EQ(page.forms[0].method, "GET");
  EXPECT_EQ(page.forms[0].action, kUrl);
}

TEST(ParsePageTest, FormAttributeAndDisabledFieldset) {
  Page page = ParsePage(R"(<form id="a"></form><input name="outside" form="a">
    <form><fieldset disabled><input name="off"></fieldset></form><input name="free">)",
                        kUrl);
  EXPECT_EQ(FieldNamed(page, "outside")->form, 0);
  EXPECT_EQ(FieldNamed(page, "off")->form, 1);
  EXPECT_TRUE(FieldNamed(page, "off")->disabled);
  EXPECT_EQ(FieldNamed(page, "free")->form, -1);
}

TEST(ParsePageTest, MetaRefresh) {
  Page plain = ParsePage(R"(<meta http-equiv="refresh" content="1">)", kUrl);
  ASSERT_TRUE(plain.meta_refresh.has_value());
  EXPECT_EQ(plain.meta_refresh->seconds, 1);
  EXPECT_EQ(plain.meta_refresh->url, kUrl);
  Page target = ParsePage(R"(<meta http-equiv="Refresh" content="0; URL='/mfa/done'">)", kUrl);
  ASSERT_TRUE(target.meta_refresh.has_value());
  EXPECT_EQ(target.meta_refresh->seconds, 0);
  EXPECT_EQ(target.meta_refresh->url, "http://127.0.0.1:8080/mfa/done");
  Page bare = ParsePage(R"(<meta http-equiv="refresh" content="2;url=next">)", kUrl);
  EXPECT_EQ(bare.meta_refresh->url, "http://127.0.0.1:8080/mfa/next");
  EXPECT_FALSE(ParsePage("<p>geen</p>", kUrl).meta_refresh.has_value());
}

TEST(ParsePageTest, SelectorQueriesSeeOnlyVisibleElements) {
  Page page = ParsePage(R"(<div class="number-match" id="number">42</div>
    <div class="error" role="alert" hidden>Oud</div><div class="error">Nieuw <b>fout</b></div>
    <img alt="QR-code" src="data:x">)",
                        kUrl);
  StatusOr<std::vector<std::string>> errors = page.TextsOf(".error");
  ASSERT_TRUE(errors.ok());
  EXPECT_EQ(*errors, std::vector<std::string>{"Nieuw fout"});
  EXPECT_EQ(*page.TextsOf("#number"), std::vector<std::string>{"42"});
  EXPECT_EQ(*page.AttributeOf("img[alt=QR-code]", "src"), "data:x");
  EXPECT_EQ(page.AttributeOf("img", "title").status().kind(), Status::Kind::kNotFound);
  EXPECT_EQ(page.AttributeOf("video", "src").status().kind(), Status::Kind::kNotFound);
  EXPECT_EQ(page.TextsOf("p:hover").status().kind(), Status::Kind::kInvalidArgument);
}

TEST(ParsePageTest, BrokenHtmlStillParses) {
  Page page = ParsePage("<h1>Open<p>niet gesloten<div><a href=/x>link", kUrl);
  ASSERT_EQ(page.headings.size(), 1u);
  ASSERT_EQ(page.links.size(), 1u);
  EXPECT_EQ(page.links[0].href, "http://127.0.0.1:8080/x");
  EXPECT_TRUE(ParsePage("", kUrl).text.empty());
}

}  // namespace
}  // namespace proofup::browser

namespace proofup::browser {
namespace {

// Issue 11 row 1: a page nested far deeper than any recursion survives
// (25,000 crashed the recursive copy) parses, reads and matches selectors.
std::string NestedDivs(int depth) {
  std::string html = "<title>deep</title><h1>Diep</h1>";
  html.reserve(html.size() + depth * 11 + 64);
  for (int i = 0; i < depth; ++i) html += "<div>";
  html += "<p class=\"bottom\">onderaan <a href=\"/next\">Volgende</a></p>";
  for (int i = 0; i < depth; ++i) html += "</div>";
  return html;
}

TEST(DeepPageTest, TwentyFiveThousandAndTwoHundredThousandNestedDivs) {
  for (int depth : {25'000, 200'000}) {
    Page page = ParsePage(NestedDivs(depth), "http://127.0.0.1/deep");
    EXPECT_EQ(page.title, "deep");
    ASSERT_EQ(page.links.size(), 1u) << depth;
    EXPECT_EQ(page.links[0].href, "http://127.0.0.1/next");
    EXPECT_NE(page.text.find("onderaan"), std::string::npos);
    EXPECT_NE(page.text.find("Volgende"), std::string::npos);
    auto bottom = page.TextsOf("body div > div p.bottom");
    ASSERT_TRUE(bottom.ok());
    ASSERT_EQ(bottom->size(), 1u);
    EXPECT_EQ(bottom->front().substr(0, 8), "onderaan");
    auto none = page.TextsOf("span div");  // every div walks all its ancestors in vain
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->empty());
    // Beyond 512 deep the divs become siblings: all kept, none lost.
    ASSERT_NE(page.document, nullptr);
    EXPECT_EQ(std::count_if(page.document->nodes.begin(), page.document->nodes.end(),
                            [](const Node& n) { return n.tag == "div"; }),
              depth);
  }
}

// The http backend's "needs JavaScript" test: only an empty shell with a script.
TEST(DrawnByScriptsTest, OnlyAnEmptyPageWithAScript) {
  const char* u = "http://127.0.0.1/";
  EXPECT_TRUE(DrawnByScripts(ParsePage(
      "<html><head><title></title><script src=/app.js defer></script></head>"
      "<body><main id=app aria-busy=true></main><noscript>Zet JavaScript aan</noscript></body>",
      u)));
  EXPECT_TRUE(DrawnByScripts(ParsePage("<body><div id=root></div><script>go()</script>", u)));
  // Something to read, use or look at: a normal page, even with scripts.
  EXPECT_FALSE(DrawnByScripts(ParsePage("<h1>Aanmelden</h1><script>x()</script>", u)));
  EXPECT_FALSE(DrawnByScripts(ParsePage("<body><script>x()</script><input name=q>", u)));
  EXPECT_FALSE(DrawnByScripts(ParsePage("<body><script>x()</script><a href=/a>A</a>", u)));
  EXPECT_FALSE(DrawnByScripts(ParsePage("<body><script>x()</script><img src=/q.png>", u)));
  EXPECT_FALSE(DrawnByScripts(ParsePage("<button>Volgende</button><script>x()</script>", u)));
  // A refresh page does something without scripts; an empty page has none to blame.
  EXPECT_FALSE(DrawnByScripts(
      ParsePage("<meta http-equiv=refresh content=\"1;url=/n\"><script>x()</script>", u)));
  EXPECT_FALSE(DrawnByScripts(ParsePage("<html><body></body></html>", u)));
}

// A QR code painted by script is still an image a person sees, named by its aria-label.
TEST(ParsePageTest, CanvasSvgAndRoleImgAreDrawnImages) {
  Page page = ParsePage(
      "<canvas id=qr aria-label=QR-code></canvas><svg aria-label=Logo></svg>"
      "<div role=img aria-label=Kaart></div><canvas hidden aria-label=Weg></canvas>",
      "http://127.0.0.1/");
  ASSERT_EQ(page.images.size(), 3u);
  EXPECT_EQ(page.images[0].alt, "QR-code");
  EXPECT_EQ(page.images[0].src, "");
  EXPECT_EQ(page.images[0].id, "qr");
  EXPECT_EQ(page.images[1].alt, "Logo");
  EXPECT_EQ(page.images[2].alt, "Kaart");
}

}  // namespace
}  // namespace proofup::browser
