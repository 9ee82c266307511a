#include "harness/jsonpath/jsonpath.h"

#include <cctype>

namespace proofup::jsonpath {
namespace {

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ||
         static_cast<unsigned char>(c) >= 0x80;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  StatusOr<Path> Parse() {
    Path path;
    path.text = std::string(text_);
    if (text_.empty() || text_[0] != '$') return Error("a JSONPath starts with \"$\"", 0);
    pos_ = 1;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      StatusOr<Segment> segment = c == '.'   ? Dotted()
                                  : c == '[' ? Bracketed()
                                             : Error("expected \".\" or \"[\"", pos_);
      if (!segment.ok()) return segment.status();
      path.segments.push_back(std::move(*segment));
    }
    return path;
  }

 private:
  Status Error(const std::string& what, size_t at) const {
    return Status::InvalidArgument(what + " at character " + std::to_string(at + 1) + " of \"" +
                                   std::string(text_) + "\"");
  }

  // ".name" or ".*"
  StatusOr<Segment> Dotted() {
    size_t dot = pos_++;
    if (pos_ < text_.size() && text_[pos_] == '.')
      return Error("recursive descent \"..\" is not supported", dot);
    if (pos_ < text_.size() && text_[pos_] == '*') {
      ++pos_;
      return Segment{Segment::Kind::kWildcard, "", 0};
    }
    size_t start = pos_;
    while (pos_ < text_.size() && IsNameChar(text_[pos_])) ++pos_;
    if (pos_ == start) return Error("expected a member name after \".\"", start);
    return Segment{Segment::Kind::kMember, std::string(text_.substr(start, pos_ - start)), 0};
  }

  // "[*]", "[12]", "[-1]", "['name']", "[\"name\"]"
  StatusOr<Segment> Bracketed() {
    size_t open = pos_++;
    if (pos_ >= text_.size()) return Error("unterminated \"[\"", open);
    char c = text_[pos_];
    Segment segment;
    if (c == '*') {
      ++pos_;
      segment.kind = Segment::Kind::kWildcard;
    } else if (c == '\'' || c == '"') {
      size_t close = text_.find(c, pos_ + 1);
      if (close == std::string_view::npos) return Error("unterminated quoted name", pos_);
      segment.name = std::string(text_.substr(pos_ + 1, close - pos_ - 1));
      pos_ = close + 1;
    } else if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) {
      size_t start = pos_;
      if (c == '-') ++pos_;
      size_t digits = pos_;
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
      if (pos_ == digits) return Error("expected digits after \"-\"", digits);
      if (pos_ - digits > 9) return Error("index too large", start);
      segment.kind = Segment::Kind::kIndex;
      segment.index = std::stol(std::string(text_.substr(start, pos_ - start)));
    } else if (c == '?' || c == '(') {
      return Error("filters and script expressions are not supported", pos_);
    } else {
      return Error("expected an index, \"*\" or a quoted name after \"[\"", pos_);
    }
    if (pos_ < text_.size() && (text_[pos_] == ':' || text_[pos_] == ','))
      return Error("slices and unions are not supported", pos_);
    if (pos_ >= text_.size() || text_[pos_] != ']') return Error("expected \"]\"", pos_);
    ++pos_;
    return segment;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

bool Path::selects_many() const {
  for (const Segment& s : segments)
    if (s.kind == Segment::Kind::kWildcard) return true;
  return false;
}

StatusOr<Path> ParsePath(std::string_view text) { return Parser(text).Parse(); }

std::vector<const Json*> Select(const Path& path, const Json& document) {
  std::vector<const Json*> current = {&document};
  std::vector<const Json*> next;
  for (const Segment& s : path.segments) {
    next.clear();
    for (const Json* node : current) {
      switch (s.kind) {
        case Segment::Kind::kMember:
          if (node->is_object()) {
            auto it = node->find(s.name);
            if (it != node->end()) next.push_back(&*it);
          }
          break;
        case Segment::Kind::kIndex:
          if (node->is_array()) {
            long size = static_cast<long>(node->size());
            long i = s.index < 0 ? size + s.index : s.index;
            if (i >= 0 && i < size) next.push_back(&(*node)[static_cast<size_t>(i)]);
          }
          break;
        case Segment::Kind::kWildcard:
          if (node->is_object() || node->is_array())
            for (const Json& child : *node) next.push_back(&child);
          break;
      }
    }
    current.swap(next);
    if (current.empty()) break;
  }
  return current;
}

}  // namespace proofup::jsonpath
