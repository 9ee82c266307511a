// Escaping text for HTML and XML markup (saved screens, the manual's report,
// inline SVG rebuilt as a document, the reports' XML). The report's XML
// writer builds on it (harness/report/xml_text.h): it also drops characters
// XML cannot hold and writes white space in attributes as references.
#pragma once

#include <string>
#include <string_view>

namespace proofup {

// Appends `text` to `out` with &, < and > escaped, and with `in_attribute`
// also " and ' (safe inside either quote). Bytes are copied as they are
// otherwise: the caller's text is UTF-8 already. Never fails; thread-safe.
void AppendEscapedMarkup(std::string_view text, bool in_attribute, std::string& out);

// The same, returned.
std::string EscapeMarkup(std::string_view text, bool in_attribute = true);

}  // namespace proofup
