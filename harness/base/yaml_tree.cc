#include "harness/base/yaml_tree.h"

#include <fstream>
#include <sstream>

namespace proofup {

bool YamlNode::IsScalar() const {
  if (node_ == nullptr || node_->type != YAML_SCALAR_NODE) return false;
  if (node_->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return true;
  const std::string_view text(reinterpret_cast<const char*>(node_->data.scalar.value),
                              node_->data.scalar.length);
  return !(text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL");
}

std::string YamlNode::Text() const {
  if (!IsScalar()) return "";
  return std::string(reinterpret_cast<const char*>(node_->data.scalar.value),
                     node_->data.scalar.length);
}

YamlNode YamlNode::At(int index) const {
  yaml_node_t* node = yaml_document_get_node(document_, index);
  return node == nullptr ? YamlNode() : YamlNode(document_, node);
}

YamlNode YamlNode::operator[](std::string_view key) const {
  if (!IsMap()) return YamlNode();
  for (yaml_node_pair_t* p = node_->data.mapping.pairs.start; p < node_->data.mapping.pairs.top;
       ++p) {
    const YamlNode k = At(p->key);
    if (k.node_ != nullptr && k.node_->type == YAML_SCALAR_NODE &&
        std::string_view(reinterpret_cast<const char*>(k.node_->data.scalar.value),
                         k.node_->data.scalar.length) == key)
      return At(p->value);
  }
  return YamlNode();
}

std::vector<YamlNode> YamlNode::Items() const {
  std::vector<YamlNode> items;
  if (!IsSequence()) return items;
  for (yaml_node_item_t* i = node_->data.sequence.items.start; i < node_->data.sequence.items.top;
       ++i)
    items.push_back(At(*i));
  return items;
}

std::vector<std::pair<YamlNode, YamlNode>> YamlNode::Pairs() const {
  std::vector<std::pair<YamlNode, YamlNode>> pairs;
  if (!IsMap()) return pairs;
  for (yaml_node_pair_t* p = node_->data.mapping.pairs.start; p < node_->data.mapping.pairs.top;
       ++p)
    pairs.emplace_back(At(p->key), At(p->value));
  return pairs;
}

void YamlDocument::Delete::operator()(yaml_document_t* document) const {
  yaml_document_delete(document);
  delete document;
}

StatusOr<YamlDocument> YamlDocument::Load(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) return Status::IoError("cannot read " + what + " " + path);
  return Parse(text.str(), path);
}

StatusOr<YamlDocument> YamlDocument::Parse(std::string_view text, const std::string& name) {
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) return Status::Internal("libyaml: out of memory");
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  YamlDocument out;
  auto* document = new yaml_document_t;
  const bool loaded = yaml_parser_load(&parser, document) != 0;
  Status error;
  if (!loaded) {
    delete document;
    const yaml_mark_t& mark = parser.problem_mark;
    error = Status::ParseError(
        name + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1) + ": " +
        (parser.problem != nullptr ? parser.problem : "invalid YAML") +
        (parser.context != nullptr ? std::string(" ") + parser.context : ""));
  } else {
    out.document_.reset(document);
  }
  yaml_parser_delete(&parser);
  if (!error.ok()) return error;
  return out;
}

YamlNode YamlDocument::root() const {
  yaml_node_t* root = yaml_document_get_root_node(document_.get());
  return root == nullptr ? YamlNode() : YamlNode(document_.get(), root);
}

}  // namespace proofup
