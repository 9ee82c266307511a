// A small JSONPath subset over nlohmann::ordered_json, for the `request:`
// step's body expectations and captures (Debian has no C++ JSONPath library).
//
// Supported: the root `$`, member access `.name` and `['name']` / `["name"]`,
// array indices `[0]` and `[-1]` (from the end), and the wildcards `[*]` and
// `.*` (every member of an object or item of an array, in document order).
// No filters, slices, unions or recursive descent `..`: they are refused with
// a clear message. Semantics follow Debian's python3-jsonpath-rw (the
// reference the tests compare against): `.name` on an array selects nothing
// (no implicit flattening), an index out of range selects nothing.
//
// Evaluation is iterative (one pass per segment over the current selection),
// so a deeply nested page-sized document cannot exhaust the stack.
//
// Thread safety: plain values and pure functions.
#ifndef PROOFUP_JSONPATH_JSONPATH_H_
#define PROOFUP_JSONPATH_JSONPATH_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "harness/base/status.h"

namespace proofup::jsonpath {

using Json = nlohmann::ordered_json;

struct Segment {
  enum class Kind { kMember, kIndex, kWildcard };
  Kind kind = Kind::kMember;
  std::string name;  // kMember
  long index = 0;    // kIndex; negative counts from the end
};

struct Path {
  std::string text;  // as written
  std::vector<Segment> segments;
  // True when the path has a wildcard: it may select any number of values.
  bool selects_many() const;
};

// Parses `text` (must start with "$"). Error: kInvalidArgument whose message
// says what is wrong and at which character (1-based), e.g.
// `expected "]" after the index at character 6 of "$.a[12"`.
StatusOr<Path> ParsePath(std::string_view text);

// The values `path` selects in `document`, in document order; empty when
// nothing matches. The pointers point into `document` and stay valid as long
// as it is not modified.
std::vector<const Json*> Select(const Path& path, const Json& document);

}  // namespace proofup::jsonpath

#endif  // PROOFUP_JSONPATH_JSONPATH_H_
