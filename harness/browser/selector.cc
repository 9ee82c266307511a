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

// Does compounds[0..last] match with compounds[last] at `index`? Backtracks
// over ancestors so mixed ' ' and '>' chains are exact.
bool MatchesFrom(const Document& doc, const Selector& sel, int last, int index) {
  const CompoundSelector& c = sel.compounds[last];
  if (!MatchesCompound(doc.nodes[index], c)) return false;
  if (last == 0) return true;
  for (int up = doc.nodes[index].parent; up >= 0; up = doc.nodes[up].parent) {
    if (MatchesFrom(doc, sel, last - 1, up)) return true;
    if (c.child_of_previous) return false;
  }
  return false;
}

}  // namespace

StatusOr<Selector> ParseSelector(std::string_view text) { return SelectorParser(text).Parse(); }

std::vector<int> MatchSelector(const Document& doc, const Selector& selector) {
  std::vector<int> out;
  if (selector.compounds.empty()) return out;
  int last = static_cast<int>(selector.compounds.size()) - 1;
  for (int i = 0; i < static_cast<int>(doc.nodes.size()); ++i) {
    if (MatchesFrom(doc, selector, last, i)) out.push_back(i);
  }
  return out;
}

}  // namespace proofup::browser
