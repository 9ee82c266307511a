#include "harness/manual/html_words.h"

#include "harness/base/counted.h"

namespace proofup::manual {
namespace {

const HtmlWords kDutch = {
    "nl",
    "Controle van de handleiding",
    "Per stap van de handleiding: welke scenariostappen hem doorlopen en of de teksten die de "
    "handleiding aanhaalt op het scherm stonden dat het portaal daar toonde. Teksten op de "
    "telefoon staan erbij, maar worden niet gecontroleerd.",
    "Stap",
    "Wie",
    "Wat",
    "Doorlopen door",
    "Uitslag",
    "Teksten",
    "Scherm",
    "opgeslagen scherm",
    "Afwijkingen",
    "Soort",
    "In de handleiding",
    "Het portaal nu",
    "op de telefoon, niet gecontroleerd",
    "telefoon",
    "handleiding",
    "scenario's",
};

const HtmlWords kEnglish = {
    "en",
    "Manual check",
    "For each step of the manual: which scenario steps cover it, and whether the labels the "
    "manual quotes were on the screen the portal showed there. Labels on the phone are listed "
    "but not checked.",
    "Step",
    "Who",
    "What",
    "Covered by",
    "Result",
    "Labels",
    "Screen",
    "saved screen",
    "Drift",
    "Kind",
    "The manual says",
    "The portal now",
    "on the phone, not checked",
    "phone",
    "manual",
    "scenarios",
};

bool Dutch(const HtmlWords& w) { return &w == &kDutch; }

}  // namespace

const HtmlWords& WordsFor(const std::string& language) {
  return language.rfind("nl", 0) == 0 ? kDutch : kEnglish;
}

const char* ActorWord(const HtmlWords& w, Actor actor) {
  if (!Dutch(w)) return ActorName(actor);
  return actor == Actor::kPhone ? "telefoon" : "computer";
}

const char* StatusWord(const HtmlWords& w, StepStatus status) {
  if (!Dutch(w)) return StepStatusName(status);
  switch (status) {
    case StepStatus::kMatches:
      return "klopt";
    case StepStatus::kDrift:
      return "wijkt af";
    case StepStatus::kNotChecked:
      return "niet gecontroleerd";
    case StepStatus::kNotCovered:
      return "niet doorlopen";
  }
  return "?";
}

const char* KindWord(const HtmlWords& w, FindingKind kind) {
  if (!Dutch(w)) return FindingKindName(kind);
  switch (kind) {
    case FindingKind::kLabelMissing:
      return "tekst ontbreekt";
    case FindingKind::kReordered:
      return "andere volgorde";
    case FindingKind::kNewScreen:
      return "nieuw scherm";
    case FindingKind::kNotCovered:
      return "niet doorlopen";
  }
  return "?";
}

const char* LabelMatchWord(const HtmlWords& w, LabelMatch match) {
  if (!Dutch(w)) return LabelMatchName(match);
  switch (match) {
    case LabelMatch::kExact:
      return "gelijk";
    case LabelMatch::kCaseOrSpacing:
      return "hoofdletters of spaties anders";
    case LabelMatch::kMissing:
      return "ontbreekt";
    case LabelMatch::kNotChecked:
      return "niet gecontroleerd";
  }
  return "?";
}

const char* OutcomeWord(const HtmlWords& w, Outcome outcome) {
  if (!Dutch(w)) return OutcomeName(outcome);
  switch (outcome) {
    case Outcome::kPassed:
      return "geslaagd";
    case Outcome::kFailed:
      return "mislukt";
    case Outcome::kNotRun:
      return "niet uitgevoerd";
    case Outcome::kFlaky:
      return "wisselend";
    case Outcome::kError:
      return "fout";
    case Outcome::kSkipped:
      return "overgeslagen";
  }
  return "?";
}

std::string NoteText(const HtmlWords& w, const std::string& note) {
  if (!Dutch(w)) return note;
  // In check.cc's words; longer phrases first where one contains another.
  static const std::pair<const char*, const char*> kPhrases[] = {
      {"not compared (no scenario of the run names the manual)",
       "niet vergeleken (geen scenario van deze run volgt de handleiding)"},
      {"not checked (", "niet gecontroleerd ("},
      {"\" did not get this far", "\" kwam niet zo ver"},
      {"\" could not run: ", "\" kon niet draaien: "},
      {"\" stopped at step ", "\" stopte bij stap "},
      {" (manual ", " (handleiding "},
      {"the run saw no page at this step", "de run zag bij deze stap geen pagina"},
      {"the portal showed the screen of step ", "het portaal toonde het scherm van stap "},
      {" instead", " in plaats daarvan"},
  };
  std::string text = note;
  for (const auto& [en, nl] : kPhrases)
    for (size_t at = text.find(en); at != std::string::npos; at = text.find(en, at + 1))
      text.replace(at, std::string(en).size(), nl);
  return text;
}

std::string VerdictLine(const HtmlWords& w, const ManualCheck& c) {
  bool nl = Dutch(w);
  const auto steps = static_cast<long long>(c.steps.size());
  if (c.Matches())
    return nl ? "Klopt (" + Counted(steps, "stap", "stappen") + ")"
              : "Matches (" + Counted(steps, "step") + ")";
  if (!c.Compared())
    return nl ? "Niet vergeleken: geen scenario van deze run volgt de handleiding"
              : "Not compared: no scenario of this run follows the manual";
  int unchecked = 0;
  for (const auto& s : c.steps) unchecked += s.status == StepStatus::kNotChecked;
  const auto findings = static_cast<long long>(c.findings.size());
  if (nl)
    return "Wijkt af: " + Counted(findings, "afwijking", "afwijkingen") + ", " +
           Counted(unchecked, "stap", "stappen") + " niet gecontroleerd";
  return "Drift: " + Counted(findings, "finding") + ", " + Counted(unchecked, "step") +
         " not checked";
}

}  // namespace proofup::manual
