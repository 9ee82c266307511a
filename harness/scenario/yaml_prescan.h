// Internal: a bounded, iterative look at scenario text before yaml-cpp sees
// it. yaml-cpp 0.7 parses recursively (its own guard stops at ~1000 levels
// with only "bad file") and silently accepts a quoted string left open until
// the end of the file, which then swallows every key after it.
#ifndef PROOFUP_SCENARIO_YAML_PRESCAN_H_
#define PROOFUP_SCENARIO_YAML_PRESCAN_H_

#include <optional>
#include <string>
#include <string_view>

namespace proofup::scenario {

struct PrescanProblem {
  int line = 0;    // 0-based, like YAML::Mark
  int column = 0;  // 0-based
  std::string message;
};

// The first problem found, or nullopt. Time is linear in text.size() and
// memory is bounded by max_depth. Problems: nesting (block indentation levels,
// "- " on one line and flow brackets together) deeper than max_depth, and a
// quoted string that is never closed, a NUL byte (yaml-cpp can hang on one). Thread-safe (pure).
std::optional<PrescanProblem> PrescanYaml(std::string_view text, int max_depth);

}  // namespace proofup::scenario

#endif  // PROOFUP_SCENARIO_YAML_PRESCAN_H_
