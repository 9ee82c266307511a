// Data files read with libyaml: mock-idp's users fixture and text catalogs,
// and proofup's users file (runner/user_directory.h). yaml-cpp took ~1.4 ms
// of CPU for the 10 KB users fixture and ~0.7 ms per catalog, parsed at every
// start that a `proofup run` waits for; libyaml reads the same files about 8x
// faster. Only what those loaders need: mappings, sequences and scalars as
// text, with their line and column. (Scenario files keep yaml-cpp: their
// loader's diagnostics are built on it.) Thread-compatible: one document per
// thread, or const use only.
#ifndef PROOFUP_BASE_YAML_TREE_H_
#define PROOFUP_BASE_YAML_TREE_H_

#include <yaml.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/base/status.h"

namespace proofup {

class YamlDocument;

// A node of a YamlDocument, valid while the document lives. A default
// (absent) node answers false to everything, so lookups can be chained.
class YamlNode {
 public:
  YamlNode() = default;

  explicit operator bool() const { return node_ != nullptr; }
  // A scalar that is not null: YAML's plain `~`, `null` or nothing count as
  // null (as yaml-cpp reads them), quoted "" is an empty text.
  bool IsScalar() const;
  bool IsMap() const { return node_ != nullptr && node_->type == YAML_MAPPING_NODE; }
  bool IsSequence() const { return node_ != nullptr && node_->type == YAML_SEQUENCE_NODE; }

  // The scalar's text; "" for anything else.
  std::string Text() const;
  // The value under `key` in a mapping (the first, if repeated); absent otherwise.
  YamlNode operator[](std::string_view key) const;
  // The items of a sequence; empty otherwise.
  std::vector<YamlNode> Items() const;
  // The (key, value) pairs of a mapping in file order; empty otherwise.
  std::vector<std::pair<YamlNode, YamlNode>> Pairs() const;
  // 1-based line in the file; 0 when absent.
  int line() const { return node_ == nullptr ? 0 : static_cast<int>(node_->start_mark.line) + 1; }
  // 1-based column in the file; 0 when absent.
  int column() const {
    return node_ == nullptr ? 0 : static_cast<int>(node_->start_mark.column) + 1;
  }

 private:
  friend class YamlDocument;
  YamlNode(yaml_document_t* document, yaml_node_t* node) : document_(document), node_(node) {}
  YamlNode At(int index) const;
  yaml_document_t* document_ = nullptr;
  yaml_node_t* node_ = nullptr;
};

class YamlDocument {
 public:
  // Parses the first document of `text`. `name` (a path) starts error
  // messages. Errors: kParseError "<name>:<line>:<column>: <problem>".
  static StatusOr<YamlDocument> Parse(std::string_view text, const std::string& name);
  // Reads the file at `path` and parses it (errors start with `path`).
  // Errors: kIoError "cannot read <what> <path>"; Parse's.
  static StatusOr<YamlDocument> Load(const std::string& path, const std::string& what);

  // The root; absent for an empty document.
  YamlNode root() const;

 private:
  struct Delete {
    void operator()(yaml_document_t* document) const;
  };
  std::unique_ptr<yaml_document_t, Delete> document_;
};

}  // namespace proofup

#endif  // PROOFUP_BASE_YAML_TREE_H_
