// Text that is safe to put into XML 1.0 (and HTML) documents.
#ifndef PROOFUP_REPORT_XML_TEXT_H_
#define PROOFUP_REPORT_XML_TEXT_H_

#include <string>
#include <string_view>

namespace proofup::report_internal {

// Returns `text` as valid UTF-8 holding only characters XML 1.0 allows: each
// byte of an invalid UTF-8 sequence and each forbidden character (C0 controls
// other than tab/LF/CR, surrogates, U+FFFE, U+FFFF) becomes U+FFFD, so the
// reader still sees that something was there.
std::string ToValidXmlText(std::string_view text);

// ToValidXmlText, then escapes markup characters. In attribute values tab, LF
// and CR are written as character references so that parsers' attribute-value
// normalisation keeps them; in element content only CR is (parsers fold CRLF).
std::string XmlEscape(std::string_view text, bool attribute);

// ToValidXmlText as one or more CDATA sections, so a log keeps its spaces,
// '<' and '&' byte for byte in the file: every "]]>" in the text is split over
// two sections ("]]" ends one, ">" starts the next). A CR is written as LF
// (parsers would fold it to LF anyway). Empty text gives an empty section.
std::string XmlCdata(std::string_view text);

}  // namespace proofup::report_internal

#endif  // PROOFUP_REPORT_XML_TEXT_H_
