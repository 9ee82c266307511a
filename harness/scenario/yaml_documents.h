// Internal: YAML::LoadAll without its hang. yaml-cpp 0.7's LoadAll loops
// forever, allocating one empty document per turn, when a ',' stands outside
// [ ] or { } at the top level (",", "[a],", "- a\n,": found by fuzz_scenario):
// its parser announces a new document without consuming the ','. A scenario
// file holds one document, so reading stops at the start of a second.
#ifndef PROOFUP_SCENARIO_YAML_DOCUMENTS_H_
#define PROOFUP_SCENARIO_YAML_DOCUMENTS_H_

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

namespace proofup::scenario {

struct FirstDocument {
  YAML::Node root;                          // null for an empty text
  std::optional<YAML::Mark> second_starts;  // set when more than one document follows
};

// Parses the first document of `text` and looks for a second (at most two
// parser turns, so time is linear in the text). Throws YAML::Exception as
// YAML::Load does; the caller converts it. Thread-safe (no shared state).
FirstDocument LoadFirstDocument(const std::string& text);

}  // namespace proofup::scenario

#endif  // PROOFUP_SCENARIO_YAML_DOCUMENTS_H_
