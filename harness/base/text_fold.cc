#include "harness/base/text_fold.h"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

namespace proofup {
namespace {

bool IsAsciiSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string CollapseAsciiSpaces(std::string_view text, bool lower) {
  std::string out;
  bool pending = false;
  for (unsigned char c : text) {
    if (IsAsciiSpace(c)) {
      pending = !out.empty();
      continue;
    }
    if (pending) out += ' ';
    pending = false;
    out += static_cast<char>(lower && c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return out;
}

// Unicode white space (category Zs, and the line/paragraph separators) as
// an ASCII space, so that collapsing sees it.
std::string UnicodeSpacesToAscii(const utf8proc_uint8_t* text, utf8proc_ssize_t length) {
  std::string out;
  out.reserve(static_cast<size_t>(length));
  for (utf8proc_ssize_t i = 0; i < length;) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(text + i, length - i, &cp);
    if (n <= 0) return std::string(reinterpret_cast<const char*>(text), length);
    const utf8proc_category_t category = utf8proc_category(cp);
    if (cp >= 0x80 && (category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL ||
                       category == UTF8PROC_CATEGORY_ZP)) {
      out += ' ';
    } else {
      out.append(reinterpret_cast<const char*>(text + i), static_cast<size_t>(n));
    }
    i += n;
  }
  return out;
}

}  // namespace

std::string FoldForMatch(std::string_view text) {
  bool ascii = true;
  for (unsigned char c : text) ascii = ascii && c < 0x80;
  if (ascii) return CollapseAsciiSpaces(text, true);  // the common case, without allocation games
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t length =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                   static_cast<utf8proc_ssize_t>(text.size()), &mapped,
                   static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                                  UTF8PROC_CASEFOLD | UTF8PROC_IGNORE));
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(mapped, &std::free);
  if (length < 0) return CollapseAsciiSpaces(text, true);  // invalid UTF-8
  return CollapseAsciiSpaces(UnicodeSpacesToAscii(mapped, length), false);
}

bool SameFolded(std::string_view a, std::string_view b) {
  return FoldForMatch(a) == FoldForMatch(b);
}

std::string_view WithoutTrailingColon(std::string_view label) {
  auto trim_end = [](std::string_view s) {
    while (!s.empty() && IsAsciiSpace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    // U+00A0 no-break space, as "Naam&nbsp;:" writes it.
    while (s.ends_with("\xC2\xA0")) s.remove_suffix(2);
    return s;
  };
  std::string_view s = trim_end(label);
  if (s.ends_with(':')) {
    s.remove_suffix(1);
  } else if (s.ends_with("\xEF\xBC\x9A")) {  // U+FF1A fullwidth colon
    s.remove_suffix(3);
  } else {
    return label;
  }
  return trim_end(s);
}

}  // namespace proofup
