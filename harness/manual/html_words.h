// Internal: the fixed words of manual.html (and of the rebuilt manual) in the
// manual's language, so a Dutch manual gets a Dutch page.
#ifndef PROOFUP_MANUAL_HTML_WORDS_H_
#define PROOFUP_MANUAL_HTML_WORDS_H_

#include <string>

#include "harness/manual/manual.h"

namespace proofup::manual {

struct HtmlWords {
  const char* lang;  // the `lang` attribute
  const char* title;
  const char* intro;
  const char* step;
  const char* actor;
  const char* summary;
  const char* covered_by;
  const char* status;
  const char* labels;
  const char* screen;
  const char* saved_screen;  // link text when there is no screenshot
  const char* drift;
  const char* kind;
  const char* manual_says;
  const char* portal_shows;
  const char* phone_not_checked;  // title of a phone label
  const char* phone;              // suffix of a phone label
  const char* manual_file;
  const char* scenarios;
};

// Dutch for "nl" (and "nl-NL", ...), English otherwise.
const HtmlWords& WordsFor(const std::string& language);
const char* ActorWord(const HtmlWords& w, Actor actor);
const char* StatusWord(const HtmlWords& w, StepStatus status);
const char* KindWord(const HtmlWords& w, FindingKind kind);
const char* LabelMatchWord(const HtmlWords& w, LabelMatch match);
const char* OutcomeWord(const HtmlWords& w, Outcome outcome);
// A check's note (StepCheck::note, English data shared with the console and
// manual.json) in the page's language: Dutch through a phrase table of every
// note check.cc writes; names and error texts inside stay as they are.
std::string NoteText(const HtmlWords& w, const std::string& note);
// The verdict line: matches / drift with counts / not compared.
std::string VerdictLine(const HtmlWords& w, const ManualCheck& check);

}  // namespace proofup::manual

#endif  // PROOFUP_MANUAL_HTML_WORDS_H_
