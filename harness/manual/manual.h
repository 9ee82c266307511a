// The manual as data (fixtures/manual/*.yaml) and the check of a run against
// it: does the portal still show what the manual says, step by step?
//
// The check is pure: it works on a Manual and a RunResult (from a run, or read
// back from report.json) and returns plain data; writers turn that into a
// console table, manual.json and manual.html. It only uses what the run
// observed (the page each scenario step saw): a scenario that stopped early
// leaves the later manual steps "not checked", never guessed.
//
// Thread safety: every function is reentrant and shares no state.
#ifndef PROOFUP_MANUAL_MANUAL_H_
#define PROOFUP_MANUAL_MANUAL_H_

#include <string>
#include <string_view>
#include <vector>

#include "harness/base/status.h"
#include "harness/result/result.h"
#include "harness/scenario/scenario.h"

namespace proofup::manual {

// ---- The manual ----

enum class Actor { kComputer, kPhone };
const char* ActorName(Actor actor);  // "computer", "phone"

struct ManualStep {
  int number = 0;  // 1-based, as in the manual
  Actor actor = Actor::kComputer;
  std::string summary;  // one line
  // What the rebuilt manual tells the user at this step (`proofup manual
  // build`), in the manual's language; may be empty (then the summary).
  std::string instruction;
  // Labels the step quotes from the computer screen; checked against the
  // pages the run saw at this step.
  std::vector<std::string> labels;
  // Labels quoted from the phone app ("Ik ga akkoord", "Ja"); listed, never
  // checked (the harness sees no app screens).
  std::vector<std::string> phone_labels;
  // The screens the step's picture shows, named as StepResult::observed_heading
  // names pages: "heading" or "heading / subheading".
  std::vector<std::string> screens;
  int line = 0;  // where the step starts in the file
  // Byte offsets in the file, for --update: the step's first key, and each of
  // `labels`' scalars (in the same order).
  size_t offset = 0;
  std::vector<size_t> label_offsets;
  std::vector<size_t> screen_offsets;  // of each of `screens`' scalars
};

struct Manual {
  std::string file;      // path as given to the loader
  std::string title;     // `manual:`
  std::string language;  // `language:`, e.g. "nl"; may be empty
  // In the order the user goes through them; numbers unique (usually
  // ascending; --update may move steps the portal now shows elsewhere).
  std::vector<ManualStep> steps;
};

// Loads a manual file. Success: the manual; warnings go to `diagnostics`.
// Failure: kIoError when the file cannot be read; kParseError whose message is
// every problem formatted by scenario::FormatDiagnostic (file:line:col, caret
// line; unknown keys and actors name the nearest valid one), joined by '\n';
// the same problems are appended to `diagnostics` when non-null.
StatusOr<Manual> LoadManualFile(const std::string& path,
                                std::vector<scenario::Diagnostic>* diagnostics = nullptr);
// As LoadManualFile, from text; `path` is used in messages.
StatusOr<Manual> LoadManualText(std::string_view text, const std::string& path,
                                std::vector<scenario::Diagnostic>* diagnostics = nullptr);

// ---- The check ----

enum class LabelMatch {
  kExact,          // a line of the page is the label (an option's " (+31)" aside)
  kCaseOrSpacing,  // equal once case and white space are ignored; not drift
  kMissing,        // on no page of the step; `seen` holds the closest line
  kNotChecked,     // the run never showed this step's screen; `reason` says why
};
const char* LabelMatchName(
    LabelMatch match);  // "exact", "case or spacing", "missing", "not checked"

struct LabelCheck {
  std::string label;
  LabelMatch match = LabelMatch::kNotChecked;
  std::string seen;    // kCaseOrSpacing: the line as shown; kMissing: closest line ("" if none)
  std::string reason;  // kNotChecked only
};

// A scenario step that names the manual step.
struct CoveringStep {
  std::string scenario;  // scenario name
  int index = 0;         // StepResult::index
  std::string description;
  Outcome outcome = Outcome::kNotRun;
};

enum class StepStatus {
  kMatches,     // every label seen, on the step's own screen
  kDrift,       // at least one finding names this step
  kNotChecked,  // covered, but the run stopped before (all of) it
  kNotCovered,  // no scenario step names it
};
const char* StepStatusName(StepStatus status);  // "matches", "drift", "not checked", "not covered"

struct StepCheck {
  int number = 0;
  Actor actor = Actor::kComputer;
  std::string summary;
  std::vector<CoveringStep> covered_by;
  std::vector<LabelCheck> labels;         // computer labels, in the manual's order
  std::vector<std::string> phone_labels;  // listed, not checked
  std::vector<std::string> screens_seen;  // distinct observed headings at this step
  // The step's own screen as the run saved it, relative to the run folder
  // (StepResult::screenshot_file / screen_file); "" when none was saved.
  std::string screenshot;
  std::string screen_file;
  StepStatus status = StepStatus::kNotCovered;
  std::string note;  // e.g. "not checked (scenario \"X\" stopped at step 12)"
};

enum class FindingKind {
  kLabelMissing,  // a quoted label is not on the step's screen
  kReordered,     // the portal shows a manual screen at another place than the manual
  kNewScreen,     // the run passed a screen no manual step mentions
  kNotCovered,    // no scenario step names this manual step
};
const char* FindingKindName(
    FindingKind kind);  // "label missing", "reordered", "new screen", "not covered"

struct Finding {
  FindingKind kind = FindingKind::kLabelMissing;
  int step = 0;         // the manual step the finding is about
  std::string subject;  // the label, or the screen (heading) concerned
  std::string now;      // what the portal shows instead; may be empty
  std::string message;  // one line for people, e.g.
                        // `step 8: "Volgende" not found; the screen now reads "Doorgaan"`
};

struct ManualCheck {
  std::string manual_file;
  std::string manual_title;
  std::string language;                // the manual's, "nl"/"en"; may be empty
  std::vector<std::string> scenarios;  // names of the scenarios used
  std::vector<StepCheck> steps;        // one per manual step, in order
  std::vector<Finding> findings;       // drift, in the manual's order of steps
  // Manual step numbers in the order the run finished them (a step's place is
  // its last covering step; covered steps only; the first scenario's order
  // first): --update's new order.
  std::vector<int> run_order;
  // A screen of manual step `from` that the run showed apart from the rest of
  // that step, right after step `to` (a reordered portal split the step, e.g.
  // "Sms geverifieerd" now follows the SMS code while "Gelukt!" stays at the
  // end): --update moves it to the screens of `to`. First scenario only.
  struct MovedScreen {
    std::string screen;
    int from = 0;
    int to = 0;
  };
  std::vector<MovedScreen> moved_screens;
  // False when no scenario of the run names the manual: nothing was compared,
  // which is no drift (every step kNotCovered, no findings).
  bool Compared() const;
  // True when the manual was compared, there are no findings and every step was checked.
  bool Matches() const;
};

// Checks `run` against `manual`. Uses only the scenarios whose `manual` names
// the same file (compared by file name), and of them only the steps tagged
// with manual numbers: a branch scenario never produces drift. Pure: no I/O.
ManualCheck CheckManual(const Manual& manual, const RunResult& run);

// ---- Updating the manual data (`proofup manual-check --update`) ----

struct ManualUpdate {
  std::string text;                  // the manual file's new text
  std::vector<std::string> changes;  // one line each: `step 8: "Volgende" -> "Doorgaan"`
};

// `text` (the file `manual` was loaded from) with the drift of `check`
// written in, every other byte as it was (comments, key order, the quoting of
// untouched labels): each missing label with a replacement (LabelCheck::seen)
// becomes that text, quoted only when YAML needs it; when the check found
// reordered screens, the step items (with the comments right above them) move
// to the order of check.run_order, keeping their numbers, and each of
// check.moved_screens leaves its step's `screens: [...]` for the other's. A
// missing label with nothing similar on the screen (or a screen not in a flow
// list) stays, listed in `changes` as "left as is". Pure.
ManualUpdate UpdateManualText(std::string_view text, const Manual& manual,
                              const ManualCheck& check);

// The lines that differ between two texts, for people: an "@@ line N @@"
// header (N: the line in `before`) per run of changes, then "-" old and "+"
// new lines. "" when the texts are equal.
std::string LineDiff(std::string_view before, std::string_view after);

// ---- The rebuilt manual (`proofup manual build`) ----

// One step of the rebuilt manual as the run showed it.
struct DocumentStep {
  std::string image;  // the step's screenshot, a path relative to the document; "" = none
  PhoneScreen phone;  // the phone after the step's last phone action (kNone: none)
};

// The manual as a self-contained HTML document in its language (nl, else
// en; every fixed word from one catalog): per step, in the file's order and
// numbered 1, 2, ... as handed out, who acts, the instruction (else the
// summary), a drawing of the phone's screen where `steps[i].phone` says what
// it showed (the app's prompts in the manual's language, the number typed,
// the SMS as masked by the runner), else for a phone step the labels to tap,
// and `steps[i].image` as the step's picture. No scripts. Pure.
// Printed (A4, Chromium's print to PDF), every step is kept whole on one
// page and pages hold kStepsPerPrintedPage steps each: step i (1-based, as
// handed out) is on page (i + 1) / 2, so a PDF of n steps has (n + 1) / 2
// pages.
std::string ManualDocumentHtml(const Manual& manual, const std::vector<DocumentStep>& steps);
inline constexpr int kStepsPerPrintedPage = 2;

// What a rebuilt manual's screenshots show instead of the portal's live QR
// code: a sample account of a made-up issuer (the secret is the well-known
// example "JBSWY3DPEHPK3PXP"), scannable but useless to anyone.
inline constexpr char kSampleOtpauthUri[] =
    "otpauth://totp/Voorbeeld:voorbeeld@example.org?secret=JBSWY3DPEHPK3PXP&issuer=Voorbeeld";

// kSampleOtpauthUri as a QR code (libqrencode, level M, a 4-module quiet
// zone), as "data:image/svg+xml;base64,..." for ScreenshotOptions::sample_image;
// "" only if libqrencode fails. Pure.
std::string SampleQrDataUri();

// ---- Writers ----

// The console table: one row per manual step (step, actor, covered by,
// status, labels), then the findings, then a verdict line. Ends with '\n'.
std::string FormatConsoleTable(const ManualCheck& check);

// One line for the end of `proofup run`, e.g.
// "manual: ms-authenticator.nl.yaml matches (16 steps)" or
// "manual: ms-authenticator.nl.yaml drift: 3 labels missing, 1 reordered".
std::string SummaryLine(const ManualCheck& check);

// Writes every check as JSON {"checks":[...]} (enums as their Name strings).
// Returns OK, or kIoError naming `path`. Written to a temporary file and renamed.
Status WriteManualJson(const std::vector<ManualCheck>& checks, const std::string& path);

// Writes a self-contained HTML page (inline CSS, no scripts, text escaped) in
// the manual's language (`lang` and the page's own words: nl, else en): per
// step a thumbnail linking to its screenshot (else a link to its saved
// screen), the covering scenario named once, variables as placeholders
// rather than raw "${...}"; the drift as a table, the manual's text beside
// the portal's. Links are the steps' paths, relative to the run folder
// (write `path` there); the manual's path is shown as given when relative,
// else by its file name only. Returns OK, or kIoError naming `path`. Written
// to a temporary file and renamed.
Status WriteManualHtml(const std::vector<ManualCheck>& checks, const std::string& path);

}  // namespace proofup::manual

#endif  // PROOFUP_MANUAL_MANUAL_H_
