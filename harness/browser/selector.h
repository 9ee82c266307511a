// A small CSS selector subset for finding elements on a page: type (`div`,
// `*`), `#id`, `.class`, `[attr]`, `[attr=value]` (value bare or quoted),
// compounds of those (`button.primary[name=action]`), and the descendant
// (whitespace) and child (`>`) combinators. Internal to harness/browser.
#ifndef PROOFUP_BROWSER_SELECTOR_H_
#define PROOFUP_BROWSER_SELECTOR_H_

#include <string>
#include <string_view>
#include <vector>

#include "harness/base/status.h"
#include "harness/browser/document.h"

namespace proofup::browser {

struct AttributeTest {
  std::string name;
  std::string value;
  bool has_value = false;  // false: [attr] presence test
};

struct CompoundSelector {
  std::string tag;  // lower-case; empty or "*" matches any element
  std::string id;
  std::vector<std::string> classes;
  std::vector<AttributeTest> attributes;
  bool child_of_previous = false;  // joined to the previous compound by '>'
};

struct Selector {
  std::vector<CompoundSelector> compounds;  // left to right
};

// Errors: kInvalidArgument naming the offending position for anything
// outside the subset (pseudo-classes, ~ or + combinators, groups, ...).
StatusOr<Selector> ParseSelector(std::string_view text);

// Indices of the elements matching `selector`, in document order, hidden
// elements included (callers filter on Node::hidden).
std::vector<int> MatchSelector(const Document& doc, const Selector& selector);

}  // namespace proofup::browser

#endif  // PROOFUP_BROWSER_SELECTOR_H_
