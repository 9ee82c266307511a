// Test-only: a small, strict XML 1.0 reader, so the JUnit tests parse the file
// back without a new dependency. Supports what report writers produce (prolog,
// elements, attributes, text, CDATA sections, comments, predefined and numeric entities) and
// rejects anything not well-formed with a reason.
#ifndef PROOFUP_REPORT_TEST_XML_PARSER_H_
#define PROOFUP_REPORT_TEST_XML_PARSER_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace proofup::test_xml {

struct Element {
  std::string name;
  std::map<std::string, std::string> attributes;  // decoded values
  std::string text;                               // decoded character data of direct children
  std::vector<std::unique_ptr<Element>> children;

  // Direct children with this name.
  std::vector<const Element*> Children(const std::string& child_name) const {
    std::vector<const Element*> out;
    for (const auto& child : children) {
      if (child->name == child_name) out.push_back(child.get());
    }
    return out;
  }
  const Element* Child(const std::string& child_name) const {
    auto all = Children(child_name);
    return all.empty() ? nullptr : all.front();
  }
  std::string Attr(const std::string& key) const {
    auto it = attributes.find(key);
    return it == attributes.end() ? "<missing>" : it->second;
  }
};

class Parser {
 public:
  explicit Parser(std::string input) : in_(std::move(input)) {}

  // Returns the root element, or nullptr with error() saying what and where.
  std::unique_ptr<Element> Parse() {
    if (!CheckCharacters()) return nullptr;
    if (in_.compare(0, 5, "<?xml") == 0) {
      size_t end = in_.find("?>");
      if (end == std::string::npos) return Fail("unterminated XML declaration");
      pos_ = end + 2;
    }
    SkipMisc();
    auto root = ParseElement();
    if (!root) return nullptr;
    SkipMisc();
    if (pos_ != in_.size()) return Fail("content after the root element");
    return root;
  }
  const std::string& error() const { return error_; }

 private:
  std::nullptr_t Fail(const std::string& why) {
    if (error_.empty()) error_ = why + " at byte " + std::to_string(pos_);
    return nullptr;
  }

  // Valid UTF-8 and only characters XML 1.0 allows.
  bool CheckCharacters() {
    for (size_t i = 0; i < in_.size();) {
      unsigned char c = in_[i];
      size_t len = c < 0x80             ? 1
                   : (c & 0xE0) == 0xC0 ? 2
                   : (c & 0xF0) == 0xE0 ? 3
                   : (c & 0xF8) == 0xF0 ? 4
                                        : 0;
      if (len == 0 || i + len > in_.size()) return pos_ = i, Fail("invalid UTF-8"), false;
      uint32_t cp = len == 1 ? c : c & (0x7F >> len);
      for (size_t k = 1; k < len; ++k) {
        if ((in_[i + k] & 0xC0) != 0x80) return pos_ = i, Fail("invalid UTF-8"), false;
        cp = (cp << 6) | (in_[i + k] & 0x3F);
      }
      bool ok = cp == 9 || cp == 10 || cp == 13 || (cp >= 0x20 && cp <= 0xD7FF) ||
                (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
      if (!ok) return pos_ = i, Fail("character not allowed in XML"), false;
      i += len;
    }
    return true;
  }

  void SkipSpace() {
    while (pos_ < in_.size() && std::string(" \t\r\n").find(in_[pos_]) != std::string::npos) ++pos_;
  }
  void SkipMisc() {
    for (;;) {
      SkipSpace();
      if (in_.compare(pos_, 4, "<!--") != 0) return;
      size_t end = in_.find("-->", pos_);
      pos_ = end == std::string::npos ? in_.size() : end + 3;
    }
  }
  std::string Name() {
    size_t start = pos_;
    while (pos_ < in_.size() && (std::isalnum(static_cast<unsigned char>(in_[pos_])) ||
                                 std::string("-_.:").find(in_[pos_]) != std::string::npos)) {
      ++pos_;
    }
    return in_.substr(start, pos_ - start);
  }
  // Decodes character data up to `stop`; rejects '<' and bare '&'.
  bool Decode(char stop, std::string& out) {
    while (pos_ < in_.size() && in_[pos_] != stop) {
      char c = in_[pos_];
      if (c == '<') return Fail("'<' in attribute value"), false;
      if (c != '&') {
        out += c, ++pos_;
        continue;
      }
      size_t semi = in_.find(';', pos_);
      if (semi == std::string::npos || semi - pos_ > 10) return Fail("bare '&'"), false;
      std::string ref = in_.substr(pos_ + 1, semi - pos_ - 1);
      static const std::map<std::string, std::string> kNamed = {
          {"lt", "<"}, {"gt", ">"}, {"amp", "&"}, {"quot", "\""}, {"apos", "'"}};
      if (auto it = kNamed.find(ref); it != kNamed.end()) {
        out += it->second;
      } else if (ref.size() > 1 && ref[0] == '#') {
        unsigned long cp =
            ref[1] == 'x' ? std::stoul(ref.substr(2), nullptr, 16) : std::stoul(ref.substr(1));
        if (cp != 9 && cp != 10 && cp != 13 && cp < 0x20) return Fail("bad char ref"), false;
        if (cp >= 0x80) return Fail("test parser: non-ASCII char ref unsupported"), false;
        out += static_cast<char>(cp);
      } else {
        return Fail("unknown entity &" + ref + ";"), false;
      }
      pos_ = semi + 1;
    }
    return true;
  }

  std::unique_ptr<Element> ParseElement() {
    if (in_.compare(pos_, 1, "<") != 0) return Fail("expected '<'");
    ++pos_;
    auto element = std::make_unique<Element>();
    element->name = Name();
    if (element->name.empty()) return Fail("expected an element name");
    for (;;) {
      size_t before = pos_;
      SkipSpace();
      if (in_.compare(pos_, 2, "/>") == 0) return pos_ += 2, std::move(element);
      if (in_.compare(pos_, 1, ">") == 0) break;
      if (pos_ == before) return Fail("expected space between attributes");
      std::string key = Name();
      if (key.empty() || in_.compare(pos_, 1, "=") != 0) return Fail("bad attribute");
      ++pos_;
      char quote = pos_ < in_.size() ? in_[pos_] : 0;
      if (quote != '"' && quote != '\'') return Fail("unquoted attribute value");
      ++pos_;
      std::string value;
      if (!Decode(quote, value)) return nullptr;
      if (pos_ >= in_.size()) return Fail("unterminated attribute value");
      ++pos_;
      if (!element->attributes.emplace(key, value).second) return Fail("duplicate attribute");
    }
    ++pos_;  // '>'
    for (;;) {
      if (pos_ >= in_.size()) return Fail("unclosed <" + element->name + ">");
      if (in_.compare(pos_, 9, "<![CDATA[") == 0) {
        size_t end = in_.find("]]>", pos_ + 9);
        if (end == std::string::npos) return Fail("unterminated CDATA section");
        element->text += in_.substr(pos_ + 9, end - pos_ - 9);
        pos_ = end + 3;
      } else if (in_.compare(pos_, 4, "<!--") == 0) {
        SkipMisc();
      } else if (in_.compare(pos_, 2, "</") == 0) {
        pos_ += 2;
        if (Name() != element->name) return Fail("mismatched end tag for " + element->name);
        SkipSpace();
        if (in_.compare(pos_, 1, ">") != 0) return Fail("expected '>'");
        ++pos_;
        return element;
      } else if (in_[pos_] == '<') {
        auto child = ParseElement();
        if (!child) return nullptr;
        element->children.push_back(std::move(child));
      } else {
        if (!Decode('<', element->text)) return nullptr;
      }
    }
  }

  std::string in_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace proofup::test_xml

#endif  // PROOFUP_REPORT_TEST_XML_PARSER_H_
