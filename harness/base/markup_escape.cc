#include "harness/base/markup_escape.h"

namespace proofup {

void AppendEscapedMarkup(std::string_view text, bool in_attribute, std::string& out) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += in_attribute ? "&quot;" : "\"";
        break;
      case '\'':
        out += in_attribute ? "&#39;" : "'";
        break;
      default:
        out += c;
    }
  }
}

std::string EscapeMarkup(std::string_view text, bool in_attribute) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  AppendEscapedMarkup(text, in_attribute, out);
  return out;
}

}  // namespace proofup
