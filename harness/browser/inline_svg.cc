#include "harness/browser/inline_svg.h"

#include <cctype>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/base/markup_escape.h"

namespace proofup::browser {
namespace {

std::string ElementName(const GumboElement& e) {
  if (e.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(e.tag);
  GumboStringPiece piece = e.original_tag;
  gumbo_tag_from_original_text(&piece);
  if (e.tag_namespace == GUMBO_NAMESPACE_SVG) {
    if (const char* camel = gumbo_normalize_svg_tagname(&piece)) return camel;
  }
  std::string name;
  for (size_t i = 0; i < piece.length; ++i) {
    const char c = piece.data[i];
    // Only name characters: whatever else the page wrote cannot break the XML.
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return name.empty() ? "g" : name;
}

bool ValidAttributeName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.' &&
        c != ':')
      return false;
  }
  return true;
}

void AppendAttributes(const GumboElement& e, bool root, std::string& out) {
  if (root) {
    out += " xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"";
  }
  for (unsigned i = 0; i < e.attributes.length; ++i) {
    const auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
    std::string name = a->name;
    if (a->attr_namespace == GUMBO_ATTR_NAMESPACE_XMLNS || name == "xmlns" ||
        name.starts_with("xmlns:"))
      continue;  // declared above, once
    if (a->attr_namespace == GUMBO_ATTR_NAMESPACE_XLINK) name = "xlink:" + name;
    if (a->attr_namespace == GUMBO_ATTR_NAMESPACE_XML) name = "xml:" + name;
    if (!ValidAttributeName(name) || (name.find(':') != std::string::npos &&
                                      !name.starts_with("xlink:") && !name.starts_with("xml:")))
      continue;
    out += ' ' + name + "=\"";
    AppendEscapedMarkup(a->value, true, out);
    out += '"';
  }
}

}  // namespace

bool IsOutermostSvg(const GumboNode* node) {
  if (node->type != GUMBO_NODE_ELEMENT) return false;
  const GumboElement& e = node->v.element;
  if (e.tag != GUMBO_TAG_SVG || e.tag_namespace != GUMBO_NAMESPACE_SVG) return false;
  const GumboNode* parent = node->parent;
  return parent == nullptr || parent->type != GUMBO_NODE_ELEMENT ||
         parent->v.element.tag_namespace != GUMBO_NAMESPACE_SVG;
}

std::string SerializeSvg(const GumboNode* svg, size_t max_bytes) {
  std::string out;
  // Explicit stack of (node, closing tag to emit): depth is bounded by the
  // document's nesting limit, but the copy stays iterative like the rest.
  std::vector<std::pair<const GumboNode*, std::string>> stack = {{svg, ""}};
  while (!stack.empty()) {
    auto [node, closing] = std::move(stack.back());
    stack.pop_back();
    if (out.size() > max_bytes) return "";
    if (node == nullptr) {
      out += closing;
      continue;
    }
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
        node->type == GUMBO_NODE_CDATA) {
      AppendEscapedMarkup(node->v.text.text, false, out);
      continue;
    }
    if (node->type != GUMBO_NODE_ELEMENT) continue;
    const GumboElement& e = node->v.element;
    const std::string name = ElementName(e);
    out += '<' + name;
    AppendAttributes(e, node == svg, out);
    if (e.children.length == 0) {
      out += "/>";
      continue;
    }
    out += '>';
    stack.emplace_back(nullptr, "</" + name + ">");
    for (unsigned i = e.children.length; i-- > 0;)
      stack.emplace_back(static_cast<const GumboNode*>(e.children.data[i]), "");
  }
  return out.size() > max_bytes ? "" : out;
}

}  // namespace proofup::browser
