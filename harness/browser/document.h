// The browser's own copy of a parsed HTML document: gumbo parses, this keeps
// a compact node tree (elements and text) so the gumbo output can be freed at
// once and a Page stays a cheap, copyable value. Internal to harness/browser.
#ifndef PROOFUP_BROWSER_DOCUMENT_H_
#define PROOFUP_BROWSER_DOCUMENT_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace proofup::browser {

struct Node {
  std::string tag;   // lower-case element name; empty for a text node
  std::string text;  // text nodes only, entities decoded
  std::vector<std::pair<std::string, std::string>> attributes;  // names lower-case
  int parent = -1;
  std::vector<int> children;
  // Not rendered: this node or an ancestor is script/style/template/noscript/
  // head content, carries `hidden`, is <input type=hidden>, or is styled
  // display:none / visibility:hidden.
  bool hidden = false;
  // The outermost <svg> of inline SVG content: the subtree as a standalone
  // SVG document (inline_svg.h); "" for every other node, and for an SVG
  // over kMaxInlineSvgBytes.
  std::string svg_markup;

  bool is_element() const { return !tag.empty(); }
  bool HasAttribute(std::string_view name) const;
  // The attribute's value, or "" when absent.
  std::string Attribute(std::string_view name) const;
};

inline constexpr size_t kMaxInlineSvgBytes = 2 * 1024 * 1024;

struct Document {
  // Document order (pre-order); nodes[0] is the <html> element. Indices are
  // stable and double as positions for ordering form controls.
  std::vector<Node> nodes;

  // Visible text under `index` with runs of whitespace collapsed to one
  // space and trimmed. `skip_controls` leaves out the text of select and
  // textarea descendants (for label texts).
  std::string TextOf(int index, bool skip_controls = false) const;
  // Same, but block elements and <br> separate lines: the page as read.
  std::string LinesOf(int index) const;
  // All text under `index`, hidden or not (e.g. <title>, <textarea>), raw.
  std::string RawTextOf(int index) const;
};

// Parses any HTML (gumbo never fails; it repairs). An empty string yields a
// document with empty html/head/body.
// Elements nested more than 512 deep become siblings of the deepest one
// instead of children, as in browsers: parse time stays linear on hostile pages.
Document ParseDocument(std::string_view html);

// Collapses whitespace (including U+00A0) to single spaces and trims.
std::string CollapseWhitespace(std::string_view text);

}  // namespace proofup::browser

#endif  // PROOFUP_BROWSER_DOCUMENT_H_
