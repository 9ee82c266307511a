// Does a page show the screen a scenario expects? Internal to the runner.
#ifndef PROOFUP_RUNNER_EXPECTATION_H_
#define PROOFUP_RUNNER_EXPECTATION_H_

#include <string>

#include "harness/base/status.h"
#include "harness/browser/browser.h"
#include "harness/scenario/scenario.h"

namespace proofup::runner {

// Whitespace runs folded to one space, trimmed.
std::string NormalizeSpace(std::string_view text);

// The page's main heading as a person would name the screen: the first h1,
// plus " / <first h2>" when there is one ("Uw account veilig houden / Telefoon").
// Headings are <h1>/<h2> or role="heading" elements with aria-level 1/2
// (no aria-level counts as 2); a page without any is named by its title.
std::string ScreenName(const browser::Page& page);

// The page's error messages (browser::ErrorTexts: role=alert, .errorlist,
// .errornote, .invalid-feedback, .error, aria-invalid fields' descriptions),
// joined by " | "; "" if none. `error:` expectations match a part of it
// after FoldForMatch (case and Unicode normal form do not count).
std::string ErrorOnPage(const browser::Page& page);

// Substitutes ${...} in every string of `e`.
StatusOr<scenario::ScreenExpectation> InterpolateExpectation(
    const scenario::ScreenExpectation& e, const scenario::VariableLookup& lookup);

// A short description of what `e` expects: `screen "Meer informatie vereist"`.
std::string DescribeExpectation(const scenario::ScreenExpectation& e);

// "" when `page` meets every part of `e`; otherwise the first difference in
// plain words, e.g. `expected screen "Meer informatie vereist", got "Aanmelden"
// — error on page: "Uw account of wachtwoord is onjuist."`.
std::string CheckScreen(const scenario::ScreenExpectation& e, const browser::Page& page);

// True when something a person would call `text` is visible on the page: a
// button, link, field (label, placeholder, name, id), image alt text or heading.
bool IsOnPage(const browser::Page& page, const std::string& text);

}  // namespace proofup::runner

#endif  // PROOFUP_RUNNER_EXPECTATION_H_
