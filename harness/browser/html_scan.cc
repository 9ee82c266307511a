#include "harness/browser/html_scan.h"

#include <cctype>

namespace proofup::browser {

size_t HtmlTagEnd(std::string_view html, size_t lt) {
  char quote = 0;
  for (size_t i = lt + 1; i < html.size(); ++i) {
    char c = html[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if ((c == '"' || c == '\'') &&
               (html[i - 1] == '=' || std::isspace(static_cast<unsigned char>(html[i - 1])))) {
      quote = c;
    } else if (c == '>') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

}  // namespace proofup::browser
