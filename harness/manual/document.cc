// `proofup manual build`: the manual as a document to hand out, step by step
// in the manual's language, with the portal's current screens and, for phone
// steps, a drawing of the phone's screen.
#include <sstream>

#include "harness/base/markup_escape.h"
#include "harness/manual/manual.h"

namespace proofup::manual {
namespace {

std::string Escape(const std::string& s) { return EscapeMarkup(s); }

const char* kDocumentCss =
    R"(body{font:14px/1.5 "Segoe UI",Arial,sans-serif;color:#1b1b1b;margin:0 auto;max-width:46rem;padding:1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}.step{page-break-inside:avoid;break-inside:avoid;margin:1.4rem 0;border-top:1px solid #ccc;padding-top:.8rem}
h2{font-size:1.1rem;margin:.2rem 0 .4rem}.who{font-size:.8rem;color:#666;text-transform:uppercase;letter-spacing:.05em}
img.shot{max-width:100%;border:1px solid #bbb;margin-top:.5rem}
.phone{width:200px;margin:.6rem 0;border:10px solid #222;border-radius:26px;padding:18px 12px;background:#fafafa}
.phone .app{font-weight:600;border-bottom:1px solid #ddd;padding-bottom:6px;margin-bottom:10px}
.phone .tap{display:block;background:#0067b8;color:#fff;border-radius:6px;padding:7px 10px;margin:8px 0;text-align:center}
.phone .note{font-size:.85rem;color:#555})";

struct DocumentWords {
  const char* lang;
  const char* step;
  const char* computer;
  const char* phone;
  const char* app;
  const char* no_picture;
};
const DocumentWords kNl = {"nl",
                           "Stap",
                           "computer",
                           "telefoon",
                           "Authenticator-app",
                           "(geen afbeelding: het portaal toonde dit scherm niet)"};
const DocumentWords kEn = {"en",
                           "Step",
                           "computer",
                           "phone",
                           "Authenticator app",
                           "(no picture: the portal did not show this screen)"};

// The phone's screen at this step: the app with what the user taps there.
void PhoneDrawing(const DocumentWords& w, const ManualStep& step, std::ostringstream& h) {
  h << "<div class=\"phone\" role=\"img\" aria-label=\"" << w.phone << "\"><div class=\"app\">"
    << w.app << "</div>";
  if (step.phone_labels.empty()) h << "<div class=\"note\">" << Escape(step.summary) << "</div>";
  for (const auto& label : step.phone_labels)
    h << "<span class=\"tap\">" << Escape(label) << "</span>";
  h << "</div>\n";
}

}  // namespace

std::string ManualDocumentHtml(const Manual& manual, const std::vector<std::string>& images) {
  const DocumentWords& w = manual.language.rfind("nl", 0) == 0 ? kNl : kEn;
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"" << w.lang << "\"><head><meta charset=\"utf-8\"><title>"
    << Escape(manual.title) << "</title><style>" << kDocumentCss << "</style></head><body>\n<h1>"
    << Escape(manual.title) << "</h1>\n";
  for (size_t i = 0; i < manual.steps.size(); ++i) {
    const ManualStep& step = manual.steps[i];
    bool phone = step.actor == Actor::kPhone;
    h << "<section class=\"step\" id=\"step-" << step.number << "\"><div class=\"who\">"
      << (phone ? w.phone : w.computer) << "</div><h2>" << w.step << " " << i + 1 << "</h2>\n<p>"
      << Escape(step.instruction.empty() ? step.summary : step.instruction) << "</p>\n";
    const std::string image = i < images.size() ? images[i] : "";
    if (phone) PhoneDrawing(w, step, h);
    if (!image.empty()) {
      h << "<img class=\"shot\" src=\"" << Escape(image) << "\" alt=\"" << w.step << " " << i + 1
        << "\">\n";
    } else if (!phone && !step.screens.empty()) {
      h << "<p class=\"note\">" << w.no_picture << "</p>\n";
    }
    h << "</section>\n";
  }
  h << "</body></html>\n";
  return h.str();
}

}  // namespace proofup::manual
