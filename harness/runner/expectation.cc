#include "harness/runner/expectation.h"

#include "harness/base/text_fold.h"
#include "harness/runner/text_search.h"

namespace proofup::runner {
namespace {

bool SameText(std::string_view a, std::string_view b) {
  return NormalizeSpace(a) == NormalizeSpace(b);
}

std::string FirstHeading(const browser::Page& page, int level) {
  for (const auto& h : page.headings)
    if (h.level == level) return NormalizeSpace(h.text);
  return "";
}

bool HasHeading(const browser::Page& page, int level, const std::string& text) {
  for (const auto& h : page.headings)
    if (h.level == level && SameText(h.text, text)) return true;
  return false;
}

std::string Quote(const std::string& s) { return "\"" + s + "\""; }

// Appends the page's error alert, which usually explains an unexpected screen.
std::string WithPageError(std::string message, const browser::Page& page) {
  std::string error = ErrorOnPage(page);
  if (!error.empty()) message += " — error on page: " + Quote(error);
  return message;
}

bool LocatorPresent(const browser::Page& page, const scenario::Locator& l) {
  if (!l.css.empty()) {
    auto texts = page.TextsOf(l.css);
    return texts.ok() && !texts->empty();
  }
  return IsOnPage(page, l.text);
}

std::string LocatorName(const scenario::Locator& l) {
  return l.css.empty() ? Quote(l.text) : "element " + Quote(l.css);
}

}  // namespace

std::string NormalizeSpace(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

std::string ScreenName(const browser::Page& page) {
  std::string h1 = FirstHeading(page, 1);
  std::string h2 = FirstHeading(page, 2);
  if (h1.empty()) return h2.empty() ? NormalizeSpace(page.title) : h2;
  return h2.empty() ? h1 : h1 + " / " + h2;
}

std::string ErrorOnPage(const browser::Page& page) {
  std::string out;
  for (const std::string& t : browser::ErrorTexts(page)) {
    std::string n = NormalizeSpace(t);
    if (n.empty() || out.find(n) != std::string::npos) continue;
    out += (out.empty() ? "" : " | ") + n;
  }
  return out;
}

StatusOr<scenario::ScreenExpectation> InterpolateExpectation(
    const scenario::ScreenExpectation& e, const scenario::VariableLookup& lookup) {
  scenario::ScreenExpectation out = e;
  Status failed;
  auto fix = [&](std::string& s) {
    if (!failed.ok()) return;
    auto v = scenario::Interpolate(s, lookup);
    if (v.ok())
      s = *v;
    else
      failed = v.status();
  };
  for (std::string* s : {&out.screen, &out.title, &out.heading, &out.subheading, &out.error})
    fix(*s);
  for (auto& s : out.text_contains) fix(s);
  for (auto& s : out.text_matches) fix(s);
  for (auto& l : out.present) fix(l.text);
  for (auto& l : out.absent) fix(l.text);
  if (!failed.ok()) return failed;
  return out;
}

std::string DescribeExpectation(const scenario::ScreenExpectation& e) {
  std::vector<std::string> parts;
  if (!e.screen.empty()) parts.push_back("screen " + Quote(e.screen));
  if (!e.title.empty()) parts.push_back("title " + Quote(e.title));
  if (!e.heading.empty()) parts.push_back("heading " + Quote(e.heading));
  if (!e.subheading.empty()) parts.push_back("subheading " + Quote(e.subheading));
  for (const auto& t : e.text_contains) parts.push_back("text " + Quote(t));
  for (const auto& t : e.text_matches) parts.push_back("text matching " + Quote(t));
  for (const auto& l : e.present) parts.push_back(LocatorName(l) + " present");
  for (const auto& l : e.absent) parts.push_back(LocatorName(l) + " absent");
  if (!e.error.empty()) parts.push_back("error " + Quote(e.error));
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

std::string CheckScreen(const scenario::ScreenExpectation& e, const browser::Page& page) {
  const std::string got = ScreenName(page);
  if (!e.screen.empty() && !HasHeading(page, 1, e.screen) && !HasHeading(page, 2, e.screen)) {
    bool no_heading = FirstHeading(page, 1).empty() && FirstHeading(page, 2).empty();
    if (no_heading && SameText(page.title, e.screen)) return "";  // the title names the screen
    std::string what =
        no_heading ? "no heading on this page; its title is " + Quote(NormalizeSpace(page.title))
                   : "got " + Quote(got);
    return WithPageError("expected screen " + Quote(e.screen) + ", " + what, page);
  }
  if (!e.heading.empty() && !SameText(FirstHeading(page, 1), e.heading))
    return WithPageError(
        "expected heading " + Quote(e.heading) + ", got " + Quote(FirstHeading(page, 1)), page);
  if (!e.subheading.empty() && !HasHeading(page, 2, e.subheading))
    return WithPageError("expected subheading " + Quote(e.subheading) + ", got " +
                             Quote(FirstHeading(page, 2)) + " on screen " + Quote(got),
                         page);
  if (!e.title.empty() && !SameText(page.title, e.title))
    return WithPageError(
        "expected title " + Quote(e.title) + ", got " + Quote(NormalizeSpace(page.title)), page);
  const std::string text = NormalizeSpace(page.text);
  for (const auto& t : e.text_contains)
    if (text.find(NormalizeSpace(t)) == std::string::npos)
      return WithPageError("expected text " + Quote(t) + " on screen " + Quote(got) + ", not found",
                           page);
  for (const auto& t : e.text_matches) {
    auto found = FindFirst(t, page.text);
    if (!found.ok()) return "invalid regular expression " + Quote(t);
    if (!found->has_value())
      return WithPageError(
          "expected text matching " + Quote(t) + " on screen " + Quote(got) + ", no match", page);
  }
  for (const auto& l : e.present)
    if (!LocatorPresent(page, l))
      return WithPageError(
          "expected " + LocatorName(l) + " on screen " + Quote(got) + ", not there", page);
  for (const auto& l : e.absent)
    if (LocatorPresent(page, l))
      return "expected no " + LocatorName(l) + " on screen " + Quote(got) + ", but it is there";
  if (!e.error.empty()) {
    std::string error = ErrorOnPage(page);
    if (error.empty()) {
      // A wrong input let through usually shows a result instead: name it.
      auto status = page.TextsOf("[role=status]");
      std::string shown = status.ok() && !status->empty() ? NormalizeSpace(status->front()) : "";
      return "expected error " + Quote(e.error) + " on screen " + Quote(got) + ", no error shown" +
             (shown.empty() ? "" : " (the screen says " + Quote(shown) + ")");
    }
    // As a person reads it: any case, any Unicode normal form.
    if (FoldForMatch(error).find(FoldForMatch(e.error)) == std::string::npos)
      return "expected error " + Quote(e.error) + ", got " + Quote(error);
  }
  return "";
}

bool IsOnPage(const browser::Page& page, const std::string& text) {
  for (const auto& b : page.buttons)
    if (b.visible && SameText(b.text, text)) return true;
  for (const auto& l : page.links)
    if (SameText(l.text, text)) return true;
  for (const auto& f : page.fields) {
    if (!f.visible) continue;
    for (const std::string* s : {&f.label, &f.placeholder, &f.aria_label, &f.name, &f.id})
      if (!s->empty() && SameText(*s, text)) return true;
  }
  for (const auto& i : page.images)
    if (SameText(i.alt, text)) return true;
  for (const auto& h : page.headings)
    if (SameText(h.text, text)) return true;
  return false;
}

}  // namespace proofup::runner
