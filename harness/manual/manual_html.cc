// manual.html: the check of a run against the manual, for the people who
// write the manual, in the manual's language.
#include <filesystem>
#include <sstream>

#include "harness/base/markup_escape.h"
#include "harness/manual/atomic_write.h"
#include "harness/manual/html_words.h"
#include "harness/manual/manual.h"

namespace proofup::manual {
namespace {

namespace fs = std::filesystem;

std::string Escape(const std::string& s) { return EscapeMarkup(s); }

// Escaped, with each "${name}" shown as a placeholder: the report shows what
// the step does, not the raw syntax of the scenario file.
std::string WithPlaceholders(const std::string& text) {
  std::string out;
  size_t at = 0;
  for (size_t open; (open = text.find("${", at)) != std::string::npos;) {
    size_t close = text.find('}', open);
    if (close == std::string::npos) break;
    out += Escape(text.substr(at, open - at)) + "<var>" +
           Escape(text.substr(open + 2, close - open - 2)) + "</var>";
    at = close + 1;
  }
  return out + Escape(text.substr(at));
}

const char* kCss =
    R"(body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:74rem;color:#222;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}.verdict{padding:.6rem 1rem;border-radius:4px;font-weight:600}
.ok{background:#e6f4ea;color:#1e6b34}.drift{background:#fdecea;color:#9b1c1c}.unchecked{background:#fff6dd;color:#7a5b00}
.label{display:inline-block;margin:0 .4rem .2rem 0;padding:0 .3rem;border-radius:3px}
.l-exact{background:#e6f4ea}.l-case{background:#fff6dd}.l-missing{background:#fdecea}.l-notchecked{background:#eee;color:#666}
.phone{color:#666;font-style:italic}small{color:#666}var{font-style:italic;color:#555}
img.thumb{width:160px;border:1px solid #bbb}td.old{background:#fdecea}td.new{background:#e6f4ea}
.covered div{font-size:.85em;color:#444})";

std::string LabelClass(LabelMatch m) {
  switch (m) {
    case LabelMatch::kExact:
      return "l-exact";
    case LabelMatch::kCaseOrSpacing:
      return "l-case";
    case LabelMatch::kMissing:
      return "l-missing";
    case LabelMatch::kNotChecked:
      return "l-notchecked";
  }
  return "";
}

std::string StatusClass(StepStatus s) {
  return s == StepStatus::kMatches ? "ok" : s == StepStatus::kDrift ? "drift" : "unchecked";
}

// A path of the run folder as a link from manual.html (in the run folder).
std::string Href(const std::string& relative) {
  std::string out;
  for (char c : relative) {
    if (c == ' ')
      out += "%20";
    else if (c == '#')
      out += "%23";
    else if (c == '?')
      out += "%3F";
    else
      out += c;
  }
  return Escape(out);
}

// The manual file as the user named it when relative (from where proofup
// ran, as in the console); its file name alone when absolute, so the report
// never shows the machine's folders.
std::string ShownPath(const std::string& file) {
  fs::path p(file);
  return p.is_absolute() ? p.filename().string() : p.lexically_normal().string();
}

void DriftTable(const HtmlWords& w, const ManualCheck& c, std::ostringstream& h) {
  if (c.findings.empty()) return;
  h << "<h3>" << w.drift << "</h3>\n<table><tr><th>" << w.step << "</th><th>" << w.kind
    << "</th><th>" << w.manual_says << "</th><th>" << w.portal_shows << "</th></tr>\n";
  for (const auto& f : c.findings) {
    // The message is English data (console, manual.json): a tooltip only in English.
    h << "<tr";
    if (std::string(w.lang) == "en") h << " title=\"" << Escape(f.message) << "\"";
    h << "><td>" << f.step << "</td><td>" << KindWord(w, f.kind) << "</td><td class=\"old\">"
      << Escape(f.subject) << "</td><td class=\"new\">"
      << (f.now.empty() ? "&mdash;" : Escape(f.now)) << "</td></tr>\n";
  }
  h << "</table>\n";
}

void CoveredCell(const HtmlWords& w, const StepCheck& s, std::ostringstream& h) {
  h << "<td class=\"covered\">";
  if (s.covered_by.empty()) h << "&mdash;";
  for (size_t i = 0; i < s.covered_by.size(); ++i) {
    const CoveringStep& cs = s.covered_by[i];
    if (i == 0 || cs.scenario != s.covered_by[i - 1].scenario)
      h << "<b>" << Escape(cs.scenario) << "</b>";
    // The step as written in the scenario language: code, not the page's words.
    h << "<div>#" << cs.index << " <code>" << WithPlaceholders(cs.description) << "</code> <small>("
      << OutcomeWord(w, cs.outcome) << ")</small></div>";
  }
  h << "</td>";
}

void ScreenCell(const HtmlWords& w, const StepCheck& s, std::ostringstream& h) {
  h << "<td>";
  if (!s.screenshot.empty()) {
    h << "<a href=\"" << Href(s.screenshot) << "\"><img class=\"thumb\" src=\""
      << Href(s.screenshot) << "\" alt=\"" << w.step << " " << s.number << "\"></a>";
  } else if (!s.screen_file.empty()) {
    h << "<a href=\"" << Href(s.screen_file) << "\">" << w.saved_screen << "</a>";
  } else {
    h << "&mdash;";
  }
  h << "</td>";
}

void LabelsCell(const HtmlWords& w, const StepCheck& s, std::ostringstream& h) {
  h << "<td>";
  for (const auto& l : s.labels) {
    h << "<span class=\"label " << LabelClass(l.match) << "\" title=\""
      << LabelMatchWord(w, l.match) << "\">&ldquo;" << Escape(l.label) << "&rdquo;";
    if (!l.seen.empty() && l.match != LabelMatch::kExact)
      h << " &rarr; &ldquo;" << Escape(l.seen) << "&rdquo;";
    h << "</span>";
  }
  for (const auto& p : s.phone_labels)
    h << "<span class=\"label phone\" title=\"" << w.phone_not_checked << "\">&ldquo;" << Escape(p)
      << "&rdquo; (" << w.phone << ")</span>";
  h << "</td>";
}

void HtmlCheck(const ManualCheck& c, std::ostringstream& h) {
  const HtmlWords& w = WordsFor(c.language);
  h << "<section lang=\"" << w.lang << "\">\n<h2>"
    << Escape(c.manual_title.empty() ? c.manual_file : c.manual_title) << "</h2>\n";
  h << "<p><small>" << w.manual_file << ": " << Escape(ShownPath(c.manual_file)) << " &middot; "
    << w.scenarios << ": ";
  for (size_t i = 0; i < c.scenarios.size(); ++i) h << (i ? ", " : "") << Escape(c.scenarios[i]);
  h << "</small></p>\n<p class=\"verdict "
    << (c.Matches()          ? "ok"
        : c.findings.empty() ? "unchecked"
                             : "drift")
    << "\">" << Escape(VerdictLine(w, c)) << "</p>\n";
  DriftTable(w, c, h);
  h << "<table><tr><th>" << w.step << "</th><th>" << w.screen << "</th><th>" << w.actor
    << "</th><th>" << w.summary << "</th><th>" << w.covered_by << "</th><th>" << w.status
    << "</th><th>" << w.labels << "</th></tr>\n";
  for (const auto& s : c.steps) {
    h << "<tr id=\"step-" << s.number << "\"><td>" << s.number << "</td>";
    ScreenCell(w, s, h);
    h << "<td>" << ActorWord(w, s.actor) << "</td><td>" << Escape(s.summary) << "</td>";
    CoveredCell(w, s, h);
    h << "<td class=\"" << StatusClass(s.status) << "\">" << StatusWord(w, s.status);
    if (!s.note.empty()) h << "<br><small>" << Escape(NoteText(w, s.note)) << "</small>";
    h << "</td>";
    LabelsCell(w, s, h);
    h << "</tr>\n";
  }
  h << "</table>\n</section>\n";
}

}  // namespace

Status WriteManualHtml(const std::vector<ManualCheck>& checks, const std::string& path) {
  const HtmlWords& w = WordsFor(checks.empty() ? "" : checks.front().language);
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"" << w.lang << "\"><head><meta charset=\"utf-8\"><title>"
    << w.title << "</title><style>" << kCss << "</style></head><body>\n<h1>" << w.title
    << "</h1>\n<p>" << w.intro << "</p>\n";
  for (const auto& c : checks) HtmlCheck(c, h);
  h << "</body></html>\n";
  return WriteAtomically(path, h.str());
}

}  // namespace proofup::manual
