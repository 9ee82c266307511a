#include "harness/browser/document.h"

#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace proofup::browser {
namespace {

struct GumboOutputDeleter {
  void operator()(GumboOutput* output) const {
    gumbo_destroy_output(&kGumboDefaultOptions, output);
  }
};
using GumboOutputPtr = std::unique_ptr<GumboOutput, GumboOutputDeleter>;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string TagName(const GumboElement& element) {
  if (element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(element.tag);
  GumboStringPiece piece = element.original_tag;
  gumbo_tag_from_original_text(&piece);
  return Lower(std::string_view(piece.data, piece.length));
}

bool StyleHides(std::string_view style) {
  std::string compact;
  for (char c : style) {
    if (!std::isspace(static_cast<unsigned char>(c)))
      compact += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
}

bool HidesItself(const Node& node) {
  static constexpr std::string_view kNeverRendered[] = {"script", "style", "template", "noscript",
                                                        "head"};
  if (std::find(std::begin(kNeverRendered), std::end(kNeverRendered), node.tag) !=
      std::end(kNeverRendered))
    return true;
  if (node.HasAttribute("hidden")) return true;
  if (node.tag == "input" && Lower(node.Attribute("type")) == "hidden") return true;
  return StyleHides(node.Attribute("style"));
}

void CopyNode(const GumboNode* g, int parent, Document& doc) {
  bool parent_hidden = parent >= 0 && doc.nodes[parent].hidden;
  Node node;
  node.parent = parent;
  const GumboVector* children = nullptr;
  if (g->type == GUMBO_NODE_ELEMENT || g->type == GUMBO_NODE_TEMPLATE) {
    const GumboElement& e = g->v.element;
    node.tag = TagName(e);
    for (unsigned i = 0; i < e.attributes.length; ++i) {
      auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
      node.attributes.emplace_back(Lower(a->name), a->value);
    }
    node.hidden = parent_hidden || HidesItself(node);
    children = &e.children;
  } else if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_CDATA ||
             g->type == GUMBO_NODE_WHITESPACE) {
    node.text = g->v.text.text;
    node.hidden = parent_hidden;
  } else {
    return;  // comments, document
  }
  int index = static_cast<int>(doc.nodes.size());
  doc.nodes.push_back(std::move(node));
  if (parent >= 0) doc.nodes[parent].children.push_back(index);
  if (children == nullptr) return;
  for (unsigned i = 0; i < children->length; ++i) {
    CopyNode(static_cast<const GumboNode*>(children->data[i]), index, doc);
  }
}

bool IsBlock(std::string_view tag) {
  static constexpr std::string_view kBlocks[] = {
      "address", "article", "aside", "blockquote", "body",       "dd",     "details", "dialog",
      "div",     "dl",      "dt",    "fieldset",   "figcaption", "figure", "footer",  "form",
      "h1",      "h2",      "h3",    "h4",         "h5",         "h6",     "header",  "hr",
      "li",      "main",    "nav",   "ol",         "p",          "pre",    "section", "table",
      "tr",      "td",      "th",    "ul",         "br",         "option", "legend",  "summary"};
  return std::find(std::begin(kBlocks), std::end(kBlocks), tag) != std::end(kBlocks);
}

bool IsSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// Appends visible text; block boundaries become `separator`.
void Gather(const Document& doc, int index, char separator, bool skip_controls, std::string& out) {
  const Node& n = doc.nodes[index];
  if (n.hidden) return;
  if (!n.is_element()) {
    out += n.text;
    return;
  }
  if (skip_controls && (n.tag == "select" || n.tag == "textarea")) return;
  bool block = IsBlock(n.tag);
  if (block) out += separator;
  if (n.tag == "input") {
    std::string type = Lower(n.Attribute("type"));
    if (type == "submit" || type == "button" || type == "reset") out += n.Attribute("value");
  }
  for (int child : n.children) Gather(doc, child, separator, skip_controls, out);
  if (block) out += separator;
}

}  // namespace

bool Node::HasAttribute(std::string_view name) const {
  return std::any_of(attributes.begin(), attributes.end(),
                     [&](const auto& a) { return a.first == name; });
}

std::string Node::Attribute(std::string_view name) const {
  for (const auto& [key, value] : attributes) {
    if (key == name) return value;
  }
  return "";
}

std::string CollapseWhitespace(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool nbsp = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0;
    if (IsSpace(c) || nbsp) {
      pending_space = !out.empty();
      if (nbsp) ++i;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += static_cast<char>(c);
  }
  return out;
}

std::string Document::TextOf(int index, bool skip_controls) const {
  std::string raw;
  Gather(*this, index, ' ', skip_controls, raw);
  return CollapseWhitespace(raw);
}

std::string Document::LinesOf(int index) const {
  std::string raw;
  Gather(*this, index, '\n', false, raw);
  std::string out;
  size_t start = 0;
  while (start <= raw.size()) {
    size_t end = std::min(raw.find('\n', start), raw.size());
    std::string line = CollapseWhitespace(std::string_view(raw).substr(start, end - start));
    if (!line.empty()) out += (out.empty() ? "" : "\n") + line;
    start = end + 1;
  }
  return out;
}

std::string Document::RawTextOf(int index) const {
  const Node& n = nodes[index];
  if (!n.is_element()) return n.text;
  std::string out;
  for (int child : n.children) out += RawTextOf(child);
  return out;
}

Document ParseDocument(std::string_view html) {
  GumboOutputPtr output(gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()));
  Document doc;
  if (output && output->root) CopyNode(output->root, -1, doc);
  return doc;
}

}  // namespace proofup::browser
