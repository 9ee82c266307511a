// Finding things on a page the way a person names them, and describing what
// is there when the name matches nothing. Internal to harness/browser.
#ifndef PROOFUP_BROWSER_LOCATE_H_
#define PROOFUP_BROWSER_LOCATE_H_

#include <string>
#include <string_view>
#include <vector>

#include "harness/browser/browser.h"

namespace proofup::browser {

// Exact: equal strings. Loose: equal after FoldForMatch (NFC, Unicode case
// folding, white space collapsed; harness/base/text_fold.h), a trailing colon
// of either side ignored.
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
// (and value for radio buttons), empty ones left out; a radio button or
// checkbox's wrapping label comes first.
std::vector<std::string> FieldNames(const Field& field);
// `"Wachtwoord" (password, name=pw)`: never the value.
std::string Describe(const Field& field);
const char* KindName(FieldKind kind);

// Field kinds the actions accept.
bool IsTextLike(FieldKind kind);  // text, password, email, tel, number, textarea, other
inline bool IsSelect(FieldKind k) { return k == FieldKind::kSelect; }
inline bool IsCheckbox(FieldKind k) { return k == FieldKind::kCheckbox; }
inline bool IsRadio(FieldKind k) { return k == FieldKind::kRadio; }

// The one visible field of an accepted kind named `query` (see FieldNames;
// exact first, then loose; at each stage radio buttons and checkboxes are
// first looked for by their wrapping label alone). `what` names the kind in messages ("field",
// "list", "checkbox", "radio button"). Errors: kNotFound when none matches,
// kFailedPrecondition when several do; both list the candidates. The pointer
// points into `page`.
StatusOr<Field*> FindField(Page& page, std::string_view query, bool (*kind_ok)(FieldKind),
                           std::string_view what);

// The one clickable named `text` (MatchClickables), or kNotFound /
// kFailedPrecondition (ambiguous) listing what is on the page.
StatusOr<Clickable> FindClickable(const Page& page, std::string_view text);

// The option of select `field` whose text or value is `option` (exact, then
// loose; disabled ones skipped), or kNotFound listing the options.
StatusOr<size_t> FindOption(const Field& field, std::string_view option);

}  // namespace proofup::browser

#endif  // PROOFUP_BROWSER_LOCATE_H_
