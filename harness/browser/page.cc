// Page model extraction: walks the Document once and collects what a person
// sees and can operate.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>

#include "harness/base/base64.h"
#include "harness/browser/browser.h"
#include "harness/browser/document.h"
#include "harness/browser/selector.h"
#include "harness/browser/url.h"

namespace proofup::browser {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Resolve(const std::string& base, const std::string& ref) {
  StatusOr<std::string> r = ResolveUrl(base, ref);
  return r.ok() ? *r : ref;
}

FieldKind KindOf(const std::string& type) {
  static const std::map<std::string, FieldKind> kKinds = {
      {"text", FieldKind::kText},     {"password", FieldKind::kPassword},
      {"email", FieldKind::kEmail},   {"tel", FieldKind::kTel},
      {"number", FieldKind::kNumber}, {"hidden", FieldKind::kHidden},
      {"radio", FieldKind::kRadio},   {"checkbox", FieldKind::kCheckbox},
      {"select", FieldKind::kSelect}, {"textarea", FieldKind::kTextarea}};
  auto it = kKinds.find(type);
  return it == kKinds.end() ? FieldKind::kOther : it->second;
}

// "5", "1; url=/next", "0;URL='x'" -> seconds and target.
std::optional<MetaRefresh> ParseRefresh(const std::string& content, const std::string& page_url) {
  char* end = nullptr;
  double seconds = std::strtod(content.c_str(), &end);
  if (end == content.c_str()) return std::nullopt;
  MetaRefresh refresh{seconds, page_url};
  std::string rest(end);
  std::string lower = Lower(rest);
  size_t at = lower.find("url");
  if (at == std::string::npos) return refresh;
  size_t eq = rest.find('=', at);
  if (eq == std::string::npos) return refresh;
  std::string target = CollapseWhitespace(rest.substr(eq + 1));
  if (target.size() >= 2 && (target[0] == '\'' || target[0] == '"') && target.back() == target[0])
    target = target.substr(1, target.size() - 2);
  if (!target.empty()) refresh.url = Resolve(page_url, target);
  return refresh;
}

class PageBuilder {
 public:
  PageBuilder(const Document& doc, Page& page) : doc_(doc), page_(page) {}

  void Build() {
    for (int i = 0; i < static_cast<int>(doc_.nodes.size()); ++i) {
      const Node& n = doc_.nodes[i];
      if (!n.is_element()) continue;
      if (n.tag == "label" && n.HasAttribute("for")) {
        labels_for_.emplace(n.Attribute("for"), doc_.TextOf(i, true));
      }
      if (n.tag == "form") {
        form_of_node_[i] = static_cast<int>(page_.forms.size());
        AddForm(n);
      }
    }
    for (int i = 0; i < static_cast<int>(doc_.nodes.size()); ++i) Visit(i);
    if (!doc_.nodes.empty()) page_.text = doc_.LinesOf(0);
  }

 private:
  void Visit(int i) {
    const Node& n = doc_.nodes[i];
    if (!n.is_element()) return;
    const std::string& t = n.tag;
    if (t == "title" && page_.title.empty()) {
      page_.title = CollapseWhitespace(doc_.RawTextOf(i));
    } else if (IsHeadingTag(t) && !n.hidden) {
      page_.headings.push_back({t[1] - '0', doc_.TextOf(i)});
    } else if (t == "a" && !n.hidden) {
      AddLink(i);
    } else if (t == "img" && !n.hidden && n.HasAttribute("src")) {
      std::string src = n.Attribute("src");
      if (!Lower(src.substr(0, 5)).starts_with("data:")) src = Resolve(page_.url, src);
      page_.images.push_back({src, n.Attribute("alt"), n.Attribute("id"), i});
    } else if (t == "svg" && !n.hidden && !n.svg_markup.empty()) {
      AddInlineSvg(i);
    } else if ((t == "canvas" || (t != "svg" && Lower(n.Attribute("role")) == "img")) &&
               !n.hidden) {
      // Drawn on the page rather than loaded: a person still sees an image,
      // named by its aria-label (the QR code of a script-drawn portal). An
      // <svg> is an image only as a whole (above), never a nested one.
      page_.images.push_back({"", n.Attribute("aria-label"), n.Attribute("id"), i});
    } else if (t == "meta" && Lower(n.Attribute("http-equiv")) == "refresh" &&
               !page_.meta_refresh) {
      page_.meta_refresh = ParseRefresh(n.Attribute("content"), page_.url);
    } else if (t == "button") {
      AddButton(i, Lower(n.Attribute("type")), doc_.TextOf(i));
    } else if (t == "input") {
      std::string type = Lower(n.Attribute("type"));
      if (type.empty()) type = "text";
      if (type == "submit" || type == "button" || type == "reset" || type == "image") {
        std::string text = n.HasAttribute("value") ? n.Attribute("value")
                           : type == "image"       ? n.Attribute("alt")
                                                   : "";
        if (text.empty() && type == "submit") text = "Submit";
        AddButton(i, type == "image" ? "submit" : type, CollapseWhitespace(text));
      } else {
        AddField(i, type);
      }
    } else if (t == "select" || t == "textarea") {
      AddField(i, t);
    } else if (Lower(n.Attribute("role")) == "button" && !n.hidden) {
      AddButton(i, "button", doc_.TextOf(i));
    }
    if (Lower(n.Attribute("role")) == "heading" && !n.hidden && !IsHeadingTag(t)) {
      int level = std::atoi(n.Attribute("aria-level").c_str());
      page_.headings.push_back({level >= 1 && level <= 6 ? level : 2, doc_.TextOf(i)});
    }
  }

  static bool IsHeadingTag(const std::string& t) {
    return t.size() == 2 && t[0] == 'h' && t[1] >= '1' && t[1] <= '6';
  }

  void AddForm(const Node& n) {
    Form form;
    std::string action = n.Attribute("action");
    form.action = action.empty() ? StripFragment(page_.url) : Resolve(page_.url, action);
    form.method = Lower(n.Attribute("method")) == "post" ? "POST" : "GET";
    form.enctype = n.Attribute("enctype");
    form.id = n.Attribute("id");
    form.name = n.Attribute("name");
    page_.forms.push_back(std::move(form));
  }

  // An inline <svg> is an image like an <img>: a QR code is often drawn so.
  // Its src is a data: URI of the markup, fetched locally like any other.
  void AddInlineSvg(int i) {
    const Node& n = doc_.nodes[i];
    std::string alt = CollapseWhitespace(n.Attribute("aria-label"));
    for (int c : n.children) {
      if (alt.empty() && doc_.nodes[c].tag == "title") alt = CollapseWhitespace(doc_.RawTextOf(c));
    }
    page_.images.push_back(
        {"data:image/svg+xml;base64," + Base64Encode(n.svg_markup), alt, n.Attribute("id"), i});
  }

  void AddLink(int i) {
    const Node& n = doc_.nodes[i];
    std::string text = doc_.TextOf(i);
    if (text.empty()) text = CollapseWhitespace(n.Attribute("aria-label"));
    if (text.empty()) text = CollapseWhitespace(n.Attribute("title"));
    if (text.empty()) {
      for (int c : n.children) {
        if (doc_.nodes[c].tag == "img") text = CollapseWhitespace(doc_.nodes[c].Attribute("alt"));
      }
    }
    std::string href = n.HasAttribute("href") ? Resolve(page_.url, n.Attribute("href")) : "";
    page_.links.push_back({text, href, n.Attribute("id"), i});
  }

  // The form owning control `i`: its form="id" attribute, else the nearest
  // <form> ancestor.
  int FormOf(int i) const {
    const Node& n = doc_.nodes[i];
    if (n.HasAttribute("form")) {
      std::string id = n.Attribute("form");
      for (int f = 0; f < static_cast<int>(page_.forms.size()); ++f) {
        if (page_.forms[f].id == id) return f;
      }
      return -1;
    }
    for (int up = n.parent; up >= 0; up = doc_.nodes[up].parent) {
      auto it = form_of_node_.find(up);
      if (it != form_of_node_.end()) return it->second;
    }
    return -1;
  }

  bool Disabled(int i) const {
    for (int up = i; up >= 0; up = doc_.nodes[up].parent) {
      const Node& n = doc_.nodes[up];
      if (n.HasAttribute("disabled") && (up == i || n.tag == "fieldset")) return true;
    }
    return false;
  }

  std::string LabelOf(int i) const {
    const Node& n = doc_.nodes[i];
    if (n.HasAttribute("id")) {
      auto it = labels_for_.find(n.Attribute("id"));
      if (it != labels_for_.end()) return it->second;
    }
    return WrappingLabelOf(i);
  }

  std::string WrappingLabelOf(int i) const {
    for (int up = doc_.nodes[i].parent; up >= 0; up = doc_.nodes[up].parent) {
      if (doc_.nodes[up].tag == "label") return doc_.TextOf(up, true);
    }
    return "";
  }

  void AddButton(int i, std::string type, std::string text) {
    const Node& n = doc_.nodes[i];
    if (type != "button" && type != "reset") type = "submit";
    if (text.empty()) text = CollapseWhitespace(n.Attribute("aria-label"));
    Button b;
    b.text = std::move(text);
    b.type = std::move(type);
    b.name = n.Attribute("name");
    b.value = n.Attribute("value");
    b.id = n.Attribute("id");
    if (n.HasAttribute("formaction")) b.form_action = Resolve(page_.url, n.Attribute("formaction"));
    b.form_method = Lower(n.Attribute("formmethod"));
    b.disabled = Disabled(i);
    b.visible = !n.hidden;
    b.form = FormOf(i);
    b.node = i;
    page_.buttons.push_back(std::move(b));
  }

  void AddField(int i, const std::string& type) {
    const Node& n = doc_.nodes[i];
    Field f;
    f.kind = KindOf(type);
    f.type = type;
    f.name = n.Attribute("name");
    f.id = n.Attribute("id");
    f.label = LabelOf(i);
    f.wrapping_label = WrappingLabelOf(i);
    f.placeholder = n.Attribute("placeholder");
    f.aria_label = n.Attribute("aria-label");
    f.value = n.Attribute("value");
    if (f.kind == FieldKind::kRadio || f.kind == FieldKind::kCheckbox) {
      if (!n.HasAttribute("value")) f.value = "on";
      f.checked = n.HasAttribute("checked");
    } else if (f.kind == FieldKind::kTextarea) {
      f.value = doc_.RawTextOf(i);
    } else if (f.kind == FieldKind::kSelect) {
      f.multiple = n.HasAttribute("multiple");
      AddOptions(i, f);
    }
    f.disabled = Disabled(i);
    f.readonly = n.HasAttribute("readonly");
    f.visible = !n.hidden;
    f.form = FormOf(i);
    f.node = i;
    page_.fields.push_back(std::move(f));
  }

  // Options of select `i` in document order, through optgroups at any depth.
  void AddOptions(int i, Field& f) {
    std::vector<int> stack(doc_.nodes[i].children.rbegin(), doc_.nodes[i].children.rend());
    while (!stack.empty()) {
      int c = stack.back();
      stack.pop_back();
      const Node& child = doc_.nodes[c];
      if (child.tag == "optgroup")
        stack.insert(stack.end(), child.children.rbegin(), child.children.rend());
      if (child.tag != "option") continue;
      SelectOption o;
      o.text = CollapseWhitespace(doc_.RawTextOf(c));
      o.value = child.HasAttribute("value") ? child.Attribute("value") : o.text;
      o.selected = child.HasAttribute("selected");
      o.disabled = child.HasAttribute("disabled");
      f.options.push_back(std::move(o));
    }
    // A single select always has one selection: the last marked, else the first.
    if (f.multiple || f.options.empty()) return;
    auto last = std::find_if(f.options.rbegin(), f.options.rend(),
                             [](const SelectOption& o) { return o.selected; });
    for (auto& o : f.options) o.selected = false;
    (last != f.options.rend() ? *last : f.options.front()).selected = true;
  }

  const Document& doc_;
  Page& page_;
  std::multimap<std::string, std::string> labels_for_;
  std::map<int, int> form_of_node_;
};

}  // namespace

Page ParsePage(std::string_view html, std::string_view url, int status) {
  auto doc = std::make_shared<Document>(ParseDocument(html));
  Page page;
  page.url = std::string(url);
  page.status = status;
  page.html = std::string(html);
  PageBuilder(*doc, page).Build();
  page.document = std::move(doc);
  return page;
}

StatusOr<std::vector<std::string>> Page::TextsOf(std::string_view selector) const {
  StatusOr<Selector> parsed = ParseSelector(selector);
  if (!parsed.ok()) return parsed.status();
  std::vector<std::string> texts;
  if (!document) return texts;
  for (int i : MatchSelector(*document, *parsed)) {
    if (!document->nodes[i].hidden) texts.push_back(document->TextOf(i));
  }
  return texts;
}

StatusOr<std::string> Page::AttributeOf(std::string_view selector, std::string_view name) const {
  StatusOr<Selector> parsed = ParseSelector(selector);
  if (!parsed.ok()) return parsed.status();
  if (document) {
    for (int i : MatchSelector(*document, *parsed)) {
      const Node& n = document->nodes[i];
      if (n.hidden) continue;
      if (!n.HasAttribute(name)) {
        return Status::NotFound("element \"" + std::string(selector) + "\" has no attribute \"" +
                                std::string(name) + "\"");
      }
      return n.Attribute(name);
    }
  }
  return Status::NotFound("no visible element matches \"" + std::string(selector) + "\"");
}

}  // namespace proofup::browser
