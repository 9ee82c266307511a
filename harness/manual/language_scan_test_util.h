// Test-only: finds words of the wrong language in a generated HTML page, so
// a test can prove a Dutch manual holds no English and an English one no
// Dutch. Reads what a reader sees: text, and the title, alt and aria-label
// attributes; not <style>, and not <code> (a scenario's own step text, which
// is written in the scenario language), and not paths (chunks with a '/').
#ifndef PROOFUP_MANUAL_LANGUAGE_SCAN_TEST_UTIL_H_
#define PROOFUP_MANUAL_LANGUAGE_SCAN_TEST_UTIL_H_

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace proofup::manual::testing {

// Common words of the page's furniture in each language; none is a word of
// the other (words both use, such as "account", "computer", "school" and
// "sms", are left out).
inline const std::set<std::string>& EnglishWords() {
  static const std::set<std::string> words = {
      "the",     "step",    "steps",   "screen",   "phone",   "matches",  "drift",  "passed",
      "failed",  "checked", "covered", "missing",  "exact",   "click",    "next",   "yes",
      "agree",   "skip",    "add",     "approve",  "sign",    "enter",    "number", "shown",
      "picture", "with",    "and",     "not",      "manual",  "labels",   "kind",   "result",
      "who",     "what",    "saved",   "messages", "work",    "personal", "other",  "your",
      "done",    "spacing", "error",   "run",      "changed", "now",      "says"};
  return words;
}
inline const std::set<std::string>& DutchWords() {
  static const std::set<std::string> words = {
      "stap",       "stappen",     "scherm",    "telefoon",
      "klopt",      "wijkt",       "niet",      "gecontroleerd",
      "doorlopen",  "het",         "een",       "van",
      "ja",         "nee",         "volgende",  "gereed",
      "akkoord",    "overslaan",   "toevoegen", "berichten",
      "goedkeuren", "afbeelding",  "geen",      "uitslag",
      "teksten",    "afwijkingen", "soort",     "handleiding",
      "werk",       "klik",        "uw",        "op",
      "voer",       "wie",         "geslaagd",  "mislukt",
      "ontbreekt",  "opgeslagen",  "portaal",   "nu"};
  return words;
}

// The words of `html` (lower-case, in order of first appearance, each once)
// that belong to the other language than `language` ("nl" or "en").
inline std::vector<std::string> WordsOfOtherLanguage(std::string html,
                                                     const std::string& language) {
  const std::set<std::string>& wrong = language == "nl" ? EnglishWords() : DutchWords();
  html = std::regex_replace(html, std::regex("<style[^]*?</style>|<code[^]*?</code>"), " ");
  std::string seen;  // text and the attributes a reader is shown
  std::regex attribute(R"re((?:title|alt|aria-label)="([^"]*)")re");
  for (std::sregex_iterator it(html.begin(), html.end(), attribute), end; it != end; ++it)
    seen += " " + (*it)[1].str();
  seen += " " + std::regex_replace(html, std::regex("<[^>]*>"), " ");
  std::vector<std::string> found;
  std::istringstream chunks(seen);
  for (std::string chunk; chunks >> chunk;) {
    if (chunk.find('/') != std::string::npos) continue;  // a path, not a word of the page
    std::string word;
    auto flush = [&] {
      if (wrong.count(word) && std::find(found.begin(), found.end(), word) == found.end())
        found.push_back(word);
      word.clear();
    };
    for (char c : chunk) {
      if (std::isalpha(static_cast<unsigned char>(c)))
        word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      else
        flush();
    }
    flush();
  }
  return found;
}

}  // namespace proofup::manual::testing

#endif  // PROOFUP_MANUAL_LANGUAGE_SCAN_TEST_UTIL_H_
