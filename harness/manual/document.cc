// `proofup manual build`: the manual as a document to hand out, step by step
// in the manual's language, with the portal's current screens and drawings
// of the phone's screen as the run left it.
#include <sstream>

#include "harness/base/markup_escape.h"
#include "harness/manual/manual.h"

namespace proofup::manual {
namespace {

using Kind = PhoneScreen::Kind;

std::string Escape(const std::string& s) { return EscapeMarkup(s); }

// Print: A4, kStepsPerPrintedPage (2) steps a page, each kept whole (a new
// page before steps 3, 5, ...; pictures at most 84 mm high, the phone beside
// the screen), so the page count follows from the number of steps.
const char* kDocumentCss =
    R"(body{font:14px/1.5 "Segoe UI",Arial,sans-serif;color:#1b1b1b;margin:0 auto;max-width:46rem;padding:1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}.step{page-break-inside:avoid;break-inside:avoid;margin:1.4rem 0;border-top:1px solid #ccc;padding-top:.8rem}
h2{font-size:1.1rem;margin:.2rem 0 .4rem}.who{font-size:.8rem;color:#666;text-transform:uppercase;letter-spacing:.05em}
img.shot{max-width:100%;border:1px solid #bbb;margin-top:.5rem}
.phones{display:flex;gap:18px;flex-wrap:wrap}
.phone{width:190px;min-height:250px;margin:.6rem 0;border:10px solid #222;border-radius:26px;padding:16px 12px;background:#fafafa;font-size:.85rem}
.phone .app{font-weight:600;border-bottom:1px solid #ddd;padding-bottom:6px;margin-bottom:10px}
.phone .item{display:block;padding:6px 8px;margin:5px 0;border:1px solid #ddd;border-radius:6px;background:#fff}
.phone .tap{display:block;background:#0067b8;color:#fff;border-radius:6px;padding:7px 10px;margin:8px 0;text-align:center}
.phone .chosen{outline:3px solid #e3008c;outline-offset:2px}
.phone .digits{font-size:1.6rem;font-weight:600;text-align:center;letter-spacing:.2em;border:1px solid #999;border-radius:6px;background:#fff;margin:8px 0}
.phone .answers{display:flex;gap:8px}.phone .answers span{flex:1}
.phone .bubble{background:#e5e5ea;border-radius:14px;padding:8px 10px;margin:8px 0}
.phone .note{color:#555}.figure{display:flex;gap:18px;flex-wrap:wrap;align-items:flex-start}
@page{size:A4;margin:12mm 15mm}
@media print{body{max-width:none;padding:0;font-size:10.5pt;line-height:1.35}h1{margin:0 0 3mm}
.step{margin:0;padding-top:2mm;border-top:0}.step:nth-of-type(2n+3){break-before:page}
.figure{flex-wrap:nowrap;gap:4mm}.figure .phones{flex:none;gap:4mm}
.phone{width:40mm;min-height:58mm;margin:1mm 0;border-width:2.5mm;border-radius:6mm;padding:3mm 2.5mm;font-size:7.5pt}
img.shot{flex:0 1 auto;min-width:0;max-height:84mm;width:auto;height:auto;margin-top:1mm}})";

// Every fixed word of the document, so a Dutch manual holds no English and
// an English one no Dutch. The app's words are Microsoft Authenticator's.
struct DocumentWords {
  const char* lang;
  const char* step;
  const char* computer;
  const char* phone;
  const char* app;
  const char* no_picture;
  const char* privacy;  // the app's first screen
  const char* agree;
  const char* sign_in;  // the sign-in offer after the terms
  const char* skip;
  const char* accounts;
  const char* add_account;
  const char* which_kind;
  const char* personal;
  const char* work;
  const char* other;
  const char* approve_title;
  const char* enter_number;
  const char* yes;
  const char* no;
  const char* messages;
};
const DocumentWords kNl = {"nl",
                           "Stap",
                           "computer",
                           "telefoon",
                           "Authenticator-app",
                           "(geen afbeelding: het portaal toonde dit scherm niet)",
                           "Microsoft respecteert uw privacy",
                           "Ik ga akkoord",
                           "Aanmelden met Microsoft",
                           "Overslaan",
                           "Accounts",
                           "Account toevoegen",
                           "Wat voor soort account voegt u toe?",
                           "Persoonlijk account",
                           "Werk- of schoolaccount",
                           "Ander (Google, Facebook enz.)",
                           "Aanmelding goedkeuren?",
                           "Voer het getal in dat wordt weergegeven om u aan te melden.",
                           "Ja",
                           "Nee",
                           "Berichten"};
const DocumentWords kEn = {"en",
                           "Step",
                           "computer",
                           "phone",
                           "Authenticator app",
                           "(no picture: the portal did not show this screen)",
                           "Microsoft respects your privacy",
                           "I agree",
                           "Sign in with Microsoft",
                           "Skip",
                           "Accounts",
                           "Add account",
                           "What kind of account are you adding?",
                           "Personal account",
                           "Work or school account",
                           "Other (Google, Facebook, etc.)",
                           "Approve sign-in?",
                           "Enter the number shown to sign in.",
                           "Yes",
                           "No",
                           "Messages"};

void OpenPhone(const DocumentWords& w, const char* title, std::ostringstream& h) {
  h << "<div class=\"phone\" role=\"img\" aria-label=\"" << w.phone << ": " << Escape(title)
    << "\"><div class=\"app\">" << Escape(title) << "</div>";
}

void AccountList(const DocumentWords& w, const PhoneScreen& p, std::ostringstream& h) {
  OpenPhone(w, w.accounts, h);
  for (size_t i = 0; i < p.accounts.size(); ++i)
    h << "<span class=\"item" << (i + 1 == p.accounts.size() ? " chosen" : "") << "\">"
      << Escape(p.accounts[i]) << "</span>";
  h << "</div>";
}

// The phone's screen(s) as the run left them at this step.
void StateDrawing(const DocumentWords& w, const PhoneScreen& p, std::ostringstream& h) {
  h << "<div class=\"phones\">";
  switch (p.kind) {
    case Kind::kNone:
      break;
    case Kind::kInstalled:
      OpenPhone(w, w.privacy, h);
      h << "<span class=\"tap chosen\">" << w.agree << "</span></div>";
      break;
    case Kind::kTermsAccepted:
      OpenPhone(w, w.sign_in, h);
      h << "<span class=\"tap\">" << w.sign_in << "</span><span class=\"item chosen\">" << w.skip
        << "</span></div>";
      break;
    case Kind::kAccountAdded:
      OpenPhone(w, w.add_account, h);
      h << "<div class=\"note\">" << w.which_kind << "</div>";
      for (const char* kind : {w.personal, w.work, w.other}) {
        bool chosen = p.work_account ? kind == w.work : kind == w.other;
        h << "<span class=\"item" << (chosen ? " chosen" : "") << "\">" << kind << "</span>";
      }
      h << "</div>";
      AccountList(w, p, h);
      break;
    case Kind::kNumberMatching:
      OpenPhone(w, w.approve_title, h);
      h << "<div class=\"note\">" << Escape(p.account) << "</div><div class=\"note\">"
        << w.enter_number << "</div><div class=\"digits\">" << Escape(p.number)
        << "</div><div class=\"answers\"><span class=\"item" << (p.approved ? "" : " chosen")
        << "\">" << w.no << "</span><span class=\"tap" << (p.approved ? " chosen" : "") << "\">"
        << w.yes << "</span></div></div>";
      break;
    case Kind::kSms:
      OpenPhone(w, w.messages, h);
      h << "<div class=\"bubble\">" << Escape(p.sms_text) << "</div></div>";
      break;
  }
  h << "</div>\n";
}

// No state from the run: the app with the labels the manual has the user tap.
void LabelDrawing(const DocumentWords& w, const ManualStep& step, std::ostringstream& h) {
  h << "<div class=\"phones\">";
  OpenPhone(w, w.app, h);
  if (step.phone_labels.empty()) h << "<div class=\"note\">" << Escape(step.summary) << "</div>";
  for (const auto& label : step.phone_labels)
    h << "<span class=\"tap\">" << Escape(label) << "</span>";
  h << "</div></div>\n";
}

}  // namespace

std::string ManualDocumentHtml(const Manual& manual, const std::vector<DocumentStep>& steps) {
  const DocumentWords& w = manual.language.rfind("nl", 0) == 0 ? kNl : kEn;
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"" << w.lang << "\"><head><meta charset=\"utf-8\"><title>"
    << Escape(manual.title) << "</title><style>" << kDocumentCss << "</style></head><body>\n<h1>"
    << Escape(manual.title) << "</h1>\n";
  for (size_t i = 0; i < manual.steps.size(); ++i) {
    const ManualStep& step = manual.steps[i];
    const DocumentStep shown = i < steps.size() ? steps[i] : DocumentStep{};
    bool phone = step.actor == Actor::kPhone;
    h << "<section class=\"step\" id=\"step-" << step.number << "\"><div class=\"who\">"
      << (phone ? w.phone : w.computer) << "</div><h2>" << w.step << " " << i + 1 << "</h2>\n<p>"
      << Escape(step.instruction.empty() ? step.summary : step.instruction) << "</p>\n";
    // The phone and the screen side by side, so that in print a step with
    // both still takes half a page.
    h << "<div class=\"figure\">";
    if (shown.phone.kind != Kind::kNone)
      StateDrawing(w, shown.phone, h);
    else if (phone)
      LabelDrawing(w, step, h);
    if (!shown.image.empty()) {
      h << "<img class=\"shot\" src=\"" << Escape(shown.image) << "\" alt=\"" << w.step << " "
        << i + 1 << "\">\n";
    } else if (!phone && !step.screens.empty()) {
      h << "<p class=\"note\">" << w.no_picture << "</p>\n";
    }
    h << "</div></section>\n";
  }
  h << "</body></html>\n";
  return h.str();
}

}  // namespace proofup::manual
