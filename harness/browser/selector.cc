#include "harness/browser/selector.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace proofup::browser {
namespace {

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

class SelectorParser {
 public:
  explicit SelectorParser(std::string_view text) : s_(text) {}

  StatusOr<Selector> Parse() {
    Selector selector;
    bool child = false;
    SkipSpace();
    while (pos_ < s_.size()) {
      CompoundSelector compound;
      compound.child_of_previous = child;
      if (Status st = ParseCompound(compound); !st.ok()) return st;
      selector.compounds.push_back(std::move(compound));
      bool spaced = SkipSpace();
      child = pos_ < s_.size() && s_[pos_] == '>';
      if (child) {
        ++pos_;
        SkipSpace();
        if (pos_ == s_.size()) return Error("a selector after '>'");
      } else if (!spaced && pos_ < s_.size()) {
        return Error("a combinator (space or '>')");
      }
    }
    if (selector.compounds.empty()) return Error("a selector");
    return selector;
  }

 private:
  Status ParseCompound(CompoundSelector& c) {
    size_t start = pos_;
    if (pos_ < s_.size() && s_[pos_] == '*') {
      c.tag = "*";
      ++pos_;
    } else {
      c.tag = Lower(Name());
    }
    while (pos_ < s_.size()) {
      char ch = s_[pos_];
      if (ch == '#' || ch == '.') {
        ++pos_;
        std::string name = Name();
        if (name.empty()) return Error(ch == '#' ? "an id after '#'" : "a class after '.'");
        if (ch == '#') {
          c.id = name;
        } else {
          c.classes.push_back(name);
        }
      } else if (ch == '[') {
        if (Status st = ParseAttribute(c); !st.ok()) return st;
      } else {
        break;
      }
    }
    if (pos_ == start) return Error("a tag, '#id', '.class' or '[attr]'");
    return Status::Ok();
  }

  Status ParseAttribute(CompoundSelector& c) {
    ++pos_;  // '['
    SkipSpace();
    AttributeTest test;
    test.name = Lower(Name());
    if (test.name.empty()) return Error("an attribute name after '['");
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == '=') {
      ++pos_;
      SkipSpace();
      test.has_value = true;
      if (pos_ < s_.size() && (s_[pos_] == '"' || s_[pos_] == '\'')) {
        char quote = s_[pos_++];
        size_t end = s_.find(quote, pos_);
        if (end == std::string_view::npos) return Error(std::string("a closing ") + quote);
        test.value = std::string(s_.substr(pos_, end - pos_));
        pos_ = end + 1;
      } else {
        test.value = Name();
      }
      SkipSpace();
    }
    if (pos_ >= s_.size() || s_[pos_] != ']') return Error("']'");
    ++pos_;
    c.attributes.push_back(std::move(test));
    return Status::Ok();
  }

  std::string Name() {
    size_t start = pos_;
    while (pos_ < s_.size() && IsNameChar(s_[pos_])) ++pos_;
    return std::string(s_.substr(start, pos_ - start));
  }

  bool SkipSpace() {
    size_t start = pos_;
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    return pos_ > start;
  }

  static std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }

  Status Error(const std::string& expected) const {
    std::ostringstream msg;
    msg << "selector \"" << s_ << "\": expected " << expected << " at column " << pos_ + 1;
    if (pos_ < s_.size()) msg << ", found '" << s_[pos_] << "'";
    msg << " (supported: tag, #id, .class, [attr], [attr=value], descendant ' ', child '>')";
    return Status::InvalidArgument(msg.str());
  }

  std::string_view s_;
  size_t pos_ = 0;
};

bool HasClass(const Node& node, const std::string& cls) {
  std::istringstream words(node.Attribute("class"));
  std::string word;
  while (words >> word) {
    if (word == cls) return true;
  }
  return false;
}

bool MatchesCompound(const Node& node, const CompoundSelector& c) {
  if (!node.is_element()) return false;
  if (!c.tag.empty() && c.tag != "*" && c.tag != node.tag) return false;
  if (!c.id.empty() && node.Attribute("id") != c.id) return false;
  for (const std::string& cls : c.classes) {
    if (!HasClass(node, cls)) return false;
  }
  for (const AttributeTest& a : c.attributes) {
    if (!node.HasAttribute(a.name)) return false;
    if (a.has_value && node.Attribute(a.name) != a.value) return false;
  }
  return true;
}

}  // namespace

StatusOr<Selector> ParseSelector(std::string_view text) { return SelectorParser(text).Parse(); }

// One pass in document order, no recursion and no backtracking: nodes come in
// pre-order, so a parent's row is complete before its children's. For
// compound k and node i, `here[k][i]` says compounds[0..k] match with
// compounds[k] at i, and `below[k][i]` that they match at i or an ancestor.
// O(nodes x compounds) whatever the depth of the page.
std::vector<int> MatchSelector(const Document& doc, const Selector& selector) {
  std::vector<int> out;
  const size_t k_count = selector.compounds.size();
  const size_t n = doc.nodes.size();
  if (k_count == 0) return out;
  std::vector<std::vector<char>> here(k_count, std::vector<char>(n, 0));
  std::vector<std::vector<char>> below(k_count, std::vector<char>(n, 0));
  for (size_t i = 0; i < n; ++i) {
    const int parent = doc.nodes[i].parent;
    for (size_t k = 0; k < k_count; ++k) {
      const CompoundSelector& c = selector.compounds[k];
      bool match = MatchesCompound(doc.nodes[i], c);
      if (match && k > 0) {
        match = parent >= 0 && (c.child_of_previous ? here[k - 1][parent] : below[k - 1][parent]);
      }
      here[k][i] = match;
      below[k][i] = match || (parent >= 0 && below[k][parent]);
    }
    if (here[k_count - 1][i]) out.push_back(static_cast<int>(i));
  }
  return out;
}

}  // namespace proofup::browser
