#include "harness/browser/document.h"

#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "harness/browser/html_scan.h"
#include "harness/browser/inline_svg.h"

namespace proofup::browser {
namespace {

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

// One node of gumbo's tree as ours, or nullopt for comments and the document.
std::optional<Node> ConvertNode(const GumboNode* g, int parent, const Document& doc) {
  bool parent_hidden = parent >= 0 && doc.nodes[parent].hidden;
  Node node;
  node.parent = parent;
  if (g->type == GUMBO_NODE_ELEMENT || g->type == GUMBO_NODE_TEMPLATE) {
    const GumboElement& e = g->v.element;
    node.tag = TagName(e);
    for (unsigned i = 0; i < e.attributes.length; ++i) {
      auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
      node.attributes.emplace_back(Lower(a->name), a->value);
    }
    node.hidden = parent_hidden || HidesItself(node);
    if (!node.hidden && IsOutermostSvg(g)) node.svg_markup = SerializeSvg(g, kMaxInlineSvgBytes);
  } else if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_CDATA ||
             g->type == GUMBO_NODE_WHITESPACE) {
    node.text = g->v.text.text;
    node.hidden = parent_hidden;
  } else {
    return std::nullopt;
  }
  return node;
}

// Copies gumbo's tree in pre-order with an explicit stack: a hostile page can
// nest elements hundreds of thousands deep, far beyond what recursion survives.
void CopyTree(const GumboNode* root, Document& doc) {
  std::vector<std::pair<const GumboNode*, int>> stack = {{root, -1}};
  while (!stack.empty()) {
    auto [g, parent] = stack.back();
    stack.pop_back();
    std::optional<Node> node = ConvertNode(g, parent, doc);
    if (!node) continue;
    int index = static_cast<int>(doc.nodes.size());
    doc.nodes.push_back(std::move(*node));
    if (parent >= 0) doc.nodes[parent].children.push_back(index);
    if (g->type != GUMBO_NODE_ELEMENT && g->type != GUMBO_NODE_TEMPLATE) continue;
    const GumboVector& children = g->v.element.children;
    for (unsigned i = children.length; i-- > 0;) {
      stack.emplace_back(static_cast<const GumboNode*>(children.data[i]), index);
    }
  }
}

// gumbo's tree construction slows down with the square of the nesting depth
// (20,000 unclosed <div>s take 8 s, 200,000 would take hours). Like Blink's
// parser, which stops nesting at 512, a start tag that would nest deeper than
// kMaxNesting first closes the deepest open element, so it becomes a sibling
// instead of a child; the end tag that element later gets is dropped. Only
// elements that nest explicitly count: void elements and implicitly closed
// ones (p, li, td, option, ...) do not.
constexpr size_t kMaxNesting = 512;

bool NestsExplicitly(std::string_view tag) {
  static constexpr std::string_view kNot[] = {
      "area",    "base",     "br",     "col",   "embed", "hr",    "img",   "input", "link",
      "meta",    "param",    "source", "track", "wbr",   "p",     "li",    "dt",    "dd",
      "option",  "optgroup", "tr",     "td",    "th",    "tbody", "thead", "tfoot", "colgroup",
      "caption", "rb",       "rt",     "rp",    "html",  "head",  "body",  "frame", "keygen"};
  return std::find(std::begin(kNot), std::end(kNot), tag) == std::end(kNot);
}

bool IsRawText(std::string_view tag) {
  return tag == "script" || tag == "style" || tag == "textarea" || tag == "title" || tag == "xmp" ||
         tag == "iframe" || tag == "noembed" || tag == "noframes";
}

std::string TagNameAt(std::string_view html, size_t from) {
  std::string name;
  while (from < html.size() && std::isalnum(static_cast<unsigned char>(html[from])))
    name += static_cast<char>(std::tolower(static_cast<unsigned char>(html[from++])));
  return name;
}

// `html` with nesting beyond kMaxNesting flattened (see above); `html`
// itself, not copied, when nothing nests that deep.
std::string_view LimitNesting(std::string_view html, std::string& storage) {
  std::vector<std::string> open;                 // counted elements, innermost last
  std::unordered_map<std::string, int> swallow;  // end tags already emitted early
  bool copying = false;
  size_t kept_to = 0;  // html[kept_to, ...) is not yet copied to storage
  auto replace = [&](size_t from, size_t to, std::string_view with) {
    if (!copying) storage.reserve(html.size() + html.size() / 4);
    copying = true;
    storage.append(html.substr(kept_to, from - kept_to));
    storage.append(with);
    kept_to = to;
  };
  size_t pos = 0;
  while ((pos = html.find('<', pos)) != std::string_view::npos) {
    if (html.substr(pos, 4) == "<!--") {
      size_t end = html.find("-->", pos + 4);
      if (end == std::string_view::npos) break;
      pos = end + 3;
      continue;
    }
    bool closing = pos + 1 < html.size() && html[pos + 1] == '/';
    std::string name = TagNameAt(html, pos + (closing ? 2 : 1));
    size_t end = name.empty() ? std::string_view::npos : HtmlTagEnd(html, pos);
    if (end == std::string_view::npos) {
      ++pos;
      continue;
    }
    if (closing) {
      if (auto it = swallow.find(name); it != swallow.end() && it->second > 0) {
        --it->second;
        replace(pos, end, "");
      } else if (auto at = std::find(open.rbegin(), open.rend(), name); at != open.rend()) {
        open.erase(std::next(at).base(), open.end());
      }
    } else if (IsRawText(name)) {
      size_t close = html.find("</", end);
      while (close != std::string_view::npos && TagNameAt(html, close + 2) != name)
        close = html.find("</", close + 2);
      end = close == std::string_view::npos ? html.size() : close;
    } else if (NestsExplicitly(name)) {
      if (open.size() >= kMaxNesting) {
        ++swallow[open.back()];
        replace(pos, pos, "</" + open.back() + ">");
        open.pop_back();
      }
      open.push_back(std::move(name));
    }
    pos = end;
  }
  if (!copying) return html;
  storage.append(html.substr(kept_to));
  return storage;
}

// gumbo_destroy_output frees the tree recursively, which overflows the stack
// on deep documents. Instead every gumbo allocation is tracked here and the
// whole parse is released at once, iteratively, when the arena goes away.
class GumboArena {
 public:
  GumboArena() = default;
  GumboArena(const GumboArena&) = delete;
  GumboArena& operator=(const GumboArena&) = delete;
  ~GumboArena() {
    for (void* p : live_) std::free(p);
  }

  GumboOptions Options() {
    GumboOptions options = kGumboDefaultOptions;
    options.allocator = &Allocate;
    options.deallocator = &Deallocate;
    options.userdata = this;
    return options;
  }

 private:
  static void* Allocate(void* self, size_t size) {
    void* p = std::malloc(size == 0 ? 1 : size);
    if (p == nullptr) std::abort();  // as gumbo's own allocator does on exhaustion
    static_cast<GumboArena*>(self)->live_.insert(p);
    return p;
  }
  static void Deallocate(void* self, void* p) {
    if (p != nullptr && static_cast<GumboArena*>(self)->live_.erase(p) == 1) std::free(p);
  }

  std::unordered_set<void*> live_;
};

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

// Appends visible text; block boundaries become `separator`. Iterative (an
// explicit stack of enter/leave marks) for the same reason as CopyTree.
void Gather(const Document& doc, int root, char separator, bool skip_controls, std::string& out) {
  std::vector<std::pair<int, bool>> stack = {{root, false}};  // (node, leaving)
  while (!stack.empty()) {
    auto [index, leaving] = stack.back();
    stack.pop_back();
    const Node& n = doc.nodes[index];
    if (leaving) {
      out += separator;  // only block elements get a leave mark
      continue;
    }
    if (n.hidden) continue;
    if (!n.is_element()) {
      out += n.text;
      continue;
    }
    if (skip_controls && (n.tag == "select" || n.tag == "textarea")) continue;
    if (IsBlock(n.tag)) {
      out += separator;
      stack.emplace_back(index, true);
    }
    if (n.tag == "input") {
      std::string type = Lower(n.Attribute("type"));
      if (type == "submit" || type == "button" || type == "reset") out += n.Attribute("value");
    }
    for (auto it = n.children.rbegin(); it != n.children.rend(); ++it)
      stack.emplace_back(*it, false);
  }
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
  std::string out;
  std::vector<int> stack = {index};
  while (!stack.empty()) {
    const Node& n = nodes[stack.back()];
    stack.pop_back();
    if (!n.is_element()) {
      out += n.text;
      continue;
    }
    for (auto it = n.children.rbegin(); it != n.children.rend(); ++it) stack.push_back(*it);
  }
  return out;
}

Document ParseDocument(std::string_view html) {
  std::string limited_storage;
  std::string_view limited = LimitNesting(html, limited_storage);
  GumboArena arena;
  GumboOptions options = arena.Options();
  GumboOutput* output = gumbo_parse_with_options(&options, limited.data(), limited.size());
  Document doc;
  if (output && output->root) CopyTree(output->root, doc);
  return doc;  // the arena frees all of gumbo's output
}

}  // namespace proofup::browser
