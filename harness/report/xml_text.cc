#include "harness/report/xml_text.h"

#include <cstdint>

#include "harness/base/markup_escape.h"

namespace proofup::report_internal {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool AllowedInXml(uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

// Decodes one well-formed UTF-8 sequence at text[pos]. Returns its length and
// sets `cp`, or returns 0 for an invalid, overlong or truncated sequence.
size_t DecodeUtf8(std::string_view text, size_t pos, uint32_t& cp) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[pos + i]); };
  uint8_t lead = byte(0);
  size_t length = 0;
  uint32_t min = 0;
  if (lead < 0x80) {
    cp = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (pos + length > text.size()) return 0;
  for (size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return length;
}

}  // namespace

std::string ToValidXmlText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    uint32_t cp = 0;
    size_t length = DecodeUtf8(text, pos, cp);
    if (length == 0) {
      out += kReplacement;
      pos += 1;
      continue;
    }
    if (AllowedInXml(cp)) {
      out.append(text.substr(pos, length));
    } else {
      out += kReplacement;
    }
    pos += length;
  }
  return out;
}

std::string XmlEscape(std::string_view text, bool attribute) {
  const std::string valid = ToValidXmlText(text);
  std::string out;
  out.reserve(valid.size() + valid.size() / 8);
  // The markup characters as everywhere (base's escaping, quotes included);
  // only the white space that parsers would normalise differs.
  size_t from = 0;
  for (size_t at = valid.find_first_of("\r\n\t"); at != std::string::npos;
       at = valid.find_first_of("\r\n\t", from)) {
    AppendEscapedMarkup(std::string_view(valid).substr(from, at - from), true, out);
    const char c = valid[at];
    if (c == '\r') {
      out += "&#13;";
    } else if (!attribute) {
      out += c;
    } else {
      out += c == '\n' ? "&#10;" : "&#9;";
    }
    from = at + 1;
  }
  AppendEscapedMarkup(std::string_view(valid).substr(from), true, out);
  return out;
}

std::string XmlCdata(std::string_view text) {
  std::string valid = ToValidXmlText(text);
  std::string out = "<![CDATA[";
  out.reserve(valid.size() + 16);
  for (size_t i = 0; i < valid.size(); ++i) {
    if (valid.compare(i, 3, "]]>") == 0) {
      out += "]]]]><![CDATA[>";
      i += 2;
    } else if (valid[i] == '\r') {
      if (i + 1 >= valid.size() || valid[i + 1] != '\n') out += '\n';
    } else {
      out += valid[i];
    }
  }
  return out + "]]>";
}

}  // namespace proofup::report_internal
