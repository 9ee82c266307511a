// The mustache template of index.html, kept apart from the code that fills it.
#ifndef PROOFUP_REPORT_HTML_TEMPLATE_H_
#define PROOFUP_REPORT_HTML_TEMPLATE_H_

namespace proofup::report_internal {

// A self-contained page: inline CSS and SVG, no scripts, no external resources.
// Every {{name}} is HTML-escaped by mustache; the template uses no {{{raw}}} tags.
extern const char kHtmlReportTemplate[];

}  // namespace proofup::report_internal

#endif  // PROOFUP_REPORT_HTML_TEMPLATE_H_
