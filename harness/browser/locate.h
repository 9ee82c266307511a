// Finding things on a page the way a person names them, and describing what
// is there when the name matches nothing. Internal to harness/browser.
#ifndef PROOFUP_BROWSER_LOCATE_H_
#define PROOFUP_BROWSER_LOCATE_H_

#include <string>
#include <string_view>
#include <vector>

#include "harness/browser/browser.h"

namespace proofup::browser {

// Exact: equal strings. Loose: equal after collapsing whitespace and
// lower-casing ASCII letters.
bool TextMatches(std::string_view text, std::string_view query, bool loose);

// A clickable thing: a visible, enabled button or a visible link with href.
struct Clickable {
  const Button* button = nullptr;
  const Link* link = nullptr;
  const std::string& text() const { return button ? button->text : link->text; }
};

std::vector<Clickable> ClickablesOn(const Page& page);

// The clickables named `text` (exact matches if any, else loose matches),
// with duplicates that do the same thing (same form+name+value, same href)
// removed.
std::vector<Clickable> MatchClickables(const Page& page, std::string_view text);

// `buttons on the page: "A", "B"; links: "C"` (or "none").
std::string DescribeClickables(const Page& page);
// `button "A" (name=action, value=next)` / `link "C" -> url`.
std::string Describe(const Clickable& c);

// The names a field answers to: label, placeholder, aria-label, name, id
// (and value for radio buttons), empty ones left out.
std::vector<std::string> FieldNames(const Field& field);
// `"Wachtwoord" (password, name=pw)`: never the value.
std::string Describe(const Field& field);
const char* KindName(FieldKind kind);

}  // namespace proofup::browser

#endif  // PROOFUP_BROWSER_LOCATE_H_
