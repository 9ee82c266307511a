// Inline <svg> elements as standalone SVG documents, so that a QR code drawn
// in the page's own markup can be scanned like an <img>. Internal to
// harness/browser (document.cc calls it while copying gumbo's tree).
#ifndef PROOFUP_BROWSER_INLINE_SVG_H_
#define PROOFUP_BROWSER_INLINE_SVG_H_

#include <gumbo.h>

#include <cstddef>
#include <string>

namespace proofup::browser {

// True for an <svg> element in the SVG namespace whose parent is not SVG
// content (the outermost of nested ones).
bool IsOutermostSvg(const GumboNode* node);

// `svg` (an IsOutermostSvg node) serialised as XML: the SVG namespace and
// xlink declared on the root whatever the page wrote, tag and attribute names
// in SVG's camel case (viewBox, linearGradient) as gumbo restores them, text
// and values escaped, comments dropped. "" when it would exceed `max_bytes`.
std::string SerializeSvg(const GumboNode* svg, size_t max_bytes);

}  // namespace proofup::browser

#endif  // PROOFUP_BROWSER_INLINE_SVG_H_
