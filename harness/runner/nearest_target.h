// Survey mode's one nearest match (RunOptions::survey): when what a step acts
// on is gone from the screen (a renamed button, field, list, option, radio
// button or checkbox), the element of the same kind that most likely replaced
// it, scored by harness/base/closest_text.h like the manual check's "the
// screen now reads ...". Internal to the runner. Pure functions of a Page;
// thread-safe.
#ifndef PROOFUP_RUNNER_NEAREST_TARGET_H_
#define PROOFUP_RUNNER_NEAREST_TARGET_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/browser/browser.h"

namespace proofup::runner {

// What a step acts on; a replacement is always of the same kind.
enum class TargetKind {
  kClickable,  // click: a visible, enabled button, or a link
  kTextField,  // fill: a visible, editable text-like field
  kList,       // select: a visible, enabled <select>
  kRadio,      // choose
  kCheckbox,   // check / uncheck
};

// "button" (kClickable), "field", "list", "radio button", "checkbox".
const char* RoleName(TargetKind kind);

struct NearestTarget {
  std::string text;  // the name to act on it by: its visible text or label
  std::string role;  // "button", "link", "field", "list", "option", "radio button", "checkbox"
};

// The name a person sees on `field`: a radio button's or checkbox's own
// wrapping label, else its label, placeholder, aria-label, name, id.
std::string ShownName(const browser::Field& field);

// True when `page` shows an element of `kind` named `name` (its text, or any
// name of a field, compared folded with a trailing colon ignored, as the
// browser's loose stage compares).
bool OnScreen(const browser::Page& page, TargetKind kind, std::string_view name);

// The visible <select> of `page` named `name` as OnScreen compares; nullptr if none.
const browser::Field* NamedList(const browser::Page& page, std::string_view name);

// The element of `kind` on `page` nearest to `label`, skipping fields that
// `taken` names (the other fields of the same step). For kClickable a button
// wins unless a link shares a word with the label: a renamed primary action
// rarely keeps a word, and a link that merely exists is no replacement.
// nullopt when the screen has no element of that kind: nothing is plausible.
std::optional<NearestTarget> FindNearestTarget(const browser::Page& page, TargetKind kind,
                                               std::string_view label,
                                               const std::vector<std::string>& taken = {});

// The enabled option of `list` nearest to `option` (role "option"); nullopt
// when it has none.
std::optional<NearestTarget> FindNearestOption(const browser::Field& list, std::string_view option);

}  // namespace proofup::runner

#endif  // PROOFUP_RUNNER_NEAREST_TARGET_H_
