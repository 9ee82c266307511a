// The error messages a page shows, found by the markers portals and their
// frameworks use (see ErrorTexts in browser.h).
#include <algorithm>
#include <cctype>
#include <string_view>
#include <unordered_map>

#include "harness/browser/browser.h"
#include "harness/browser/document.h"

namespace proofup::browser {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> Tokens(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find_first_of(" \t\n\r\f", start), text.size());
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// role=alert; Django's .errorlist and admin .errornote; Bootstrap's
// .invalid-feedback; the generic .error.
bool IsErrorMarker(const Node& n) {
  if (Lower(n.Attribute("role")) == "alert") return true;
  for (const std::string& c : Tokens(n.Attribute("class"))) {
    if (c == "errorlist" || c == "errornote" || c == "invalid-feedback" || c == "error")
      return true;
  }
  return false;
}

bool InsideAny(const Document& doc, int i, const std::vector<int>& roots) {
  for (int up = doc.nodes[i].parent; up >= 0; up = doc.nodes[up].parent) {
    if (std::find(roots.begin(), roots.end(), up) != roots.end()) return true;
  }
  return false;
}

void AddUnique(std::string text, std::vector<std::string>& out) {
  if (!text.empty() && std::find(out.begin(), out.end(), text) == out.end())
    out.push_back(std::move(text));
}

std::string FieldName(const Page& page, int node) {
  for (const Field& f : page.fields) {
    if (f.node != node) continue;
    for (const std::string* s : {&f.label, &f.aria_label, &f.placeholder, &f.name}) {
      if (!s->empty()) return *s;
    }
  }
  return "a field";
}

}  // namespace

std::vector<std::string> ErrorTexts(const Page& page) {
  std::vector<std::string> out;
  if (!page.document) return out;
  const Document& doc = *page.document;
  std::unordered_map<std::string, int> by_id;
  std::vector<int> markers;
  for (int i = 0; i < static_cast<int>(doc.nodes.size()); ++i) {
    const Node& n = doc.nodes[i];
    if (!n.is_element()) continue;
    if (n.HasAttribute("id")) by_id.emplace(n.Attribute("id"), i);
    // A list inside a marked box is the same message, not another.
    if (!n.hidden && IsErrorMarker(n) && !InsideAny(doc, i, markers)) markers.push_back(i);
  }
  for (int i : markers) AddUnique(doc.TextOf(i), out);
  for (int i = 0; i < static_cast<int>(doc.nodes.size()); ++i) {
    const Node& n = doc.nodes[i];
    if (!n.is_element() || n.hidden || Lower(n.Attribute("aria-invalid")) != "true") continue;
    bool described = false;
    for (const std::string& id : Tokens(n.Attribute("aria-describedby"))) {
      auto it = by_id.find(id);
      if (it == by_id.end() || doc.nodes[it->second].hidden) continue;
      std::string text = doc.TextOf(it->second);
      described = described || !text.empty();
      AddUnique(std::move(text), out);
    }
    if (!described) AddUnique("\"" + FieldName(page, i) + "\" is marked invalid", out);
  }
  return out;
}

}  // namespace proofup::browser
