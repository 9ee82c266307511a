// What a run produced: plain data flowing one way from the runner to the
// reporters (after Hurl). The runner fills these; report/ only reads them.
// Secrets are masked by the runner before they land here.
#ifndef PROOFUP_RESULT_RESULT_H_
#define PROOFUP_RESULT_RESULT_H_

#include <string>
#include <vector>

namespace proofup {

enum class Outcome {
  kPassed,
  kFailed,
  kNotRun,  // a step after the first failure, or a scenario cut off by Ctrl-C
  kFlaky,   // scenario level: failed first, passed on a retry
  kError,   // scenario level: the harness could not run it (target down, ...)
  // Scenario level: the target does not offer what the scenario needs (its
  // control API, mock-idp's phone API, an SMS source); skip_reason says which.
  // Neither failed nor passed; the run's exit code ignores it.
  kSkipped,
};
// "passed", "failed", "not run", "flaky", "error", "skipped"
const char* OutcomeName(Outcome outcome);

struct RequestTiming {
  std::string method;
  std::string url;
  int status = 0;
  double elapsed_ms = 0;
};

// What the virtual phone's screen showed after a phone step, so a rebuilt
// manual can draw it (`proofup manual build`); not in report.json.
struct PhoneScreen {
  enum class Kind {
    kNone,            // the step did not use the phone
    kInstalled,       // the app was installed (its welcome: accept the terms)
    kTermsAccepted,   // "Ik ga akkoord" tapped; the sign-in offer ("Overslaan")
    kAccountAdded,    // an account added ("Account toevoegen", "Werk- of schoolaccount")
    kNumberMatching,  // a sign-in approved or denied with the number typed
    kSms,             // the newest SMS
  };
  Kind kind = Kind::kNone;
  std::vector<std::string> accounts;  // the app's accounts, "issuer: name", newest last
  bool work_account = false;          // kAccountAdded: the newest is a work or school account
  std::string account;                // kNumberMatching: the account asked about
  std::string number;                 // kNumberMatching: what the user typed
  bool approved = false;              // kNumberMatching: "Ja" rather than "Nee"
  std::string sms_text;               // kSms: the text, its code masked like every secret
};

struct StepResult {
  int index = 0;                  // 1-based position in the scenario
  std::vector<int> manual_steps;  // manual step numbers this step covers (may be empty)
  std::string file;               // file the step is written in (an include, maybe); "" = unknown
  int line = 0;                   // its line in `file`; 0 = unknown
  int item = 0;                   // its list item number under `steps:` in `file`; 0 = unknown
  std::string included_from;      // "scenarios/x.yaml:14" of the include item; "" if none
  std::string action;             // kind of step, e.g. "click", "expect", "phone.scan_qr"
  std::string description;        // the step as a person reads it: 'click "Volgende"'
  Outcome outcome = Outcome::kNotRun;
  double duration_ms = 0;
  std::string expected;          // expected screen/text, when the step expects one
  std::string observed_title;    // the page after the step
  std::string observed_heading;  // first visible h1 (else h2)
  std::string observed_text;     // visible text of the page after the step (masked)
  std::string failure;           // plain-words reason, empty when passed
  std::string screen_file;       // saved HTML, relative to the run folder; empty if none
  std::string screenshot_file;   // PNG of the step (Chromium), relative to the run folder
  // The page's console errors, uncaught exceptions and failed requests during
  // the step, each "console: ...", "exception: ..." or "request: ..." (masked).
  std::vector<std::string> console;
  std::vector<RequestTiming> requests;
  PhoneScreen phone;  // the phone's screen after the step
};

struct ScenarioResult {
  std::string name;
  std::string file;  // scenario file as given
  std::vector<std::string> tags;
  std::string manual;  // manual file the scenario follows, if any
  Outcome outcome = Outcome::kNotRun;
  int attempts = 0;
  double duration_ms = 0;
  std::string error;              // harness-level error for kError
  std::string skip_reason;        // kSkipped: what the target lacks, in plain words
  std::vector<StepResult> steps;  // of the last attempt
};

struct RunResult {
  std::string run_id;      // e.g. 20261124-181500-ab12
  std::string started_at;  // ISO 8601 UTC
  double duration_ms = 0;
  std::string target;          // base URL that was tested
  std::string browser;         // the browser engine; empty = "http" (libcurl + gumbo)
  bool interrupted = false;    // Ctrl-C cut the run short
  bool secrets_shown = false;  // --show-secrets
  // Run-level hooks (action "hook.before" / "hook.after"), with their times.
  std::vector<StepResult> setup;
  std::vector<StepResult> teardown;
  std::vector<ScenarioResult> scenarios;
};

// How many scenarios ended each way; kError counts in `errors`, not `failed`.
struct OutcomeCounts {
  int passed = 0;
  int failed = 0;
  int flaky = 0;
  int not_run = 0;
  int errors = 0;
  int skipped = 0;
  int total = 0;
  void Add(Outcome outcome);
};
OutcomeCounts CountOutcomes(const std::vector<ScenarioResult>& scenarios);

// Where a step is written, as a person finds it in the file:
// "scenarios/x.yaml:23 (item 4, manual step 6)", with ", included from f:l" for
// an included step; "step 5 (manual step 6)" when the source is unknown.
std::string StepLocation(const StepResult& step);

// The one line the console and the reports show for a failed step:
// StepLocation(step) + ": " + the failure reason.
std::string StepFailureLine(const StepResult& step);

// What ScenarioResult::error says beyond the failures of its failed steps and
// hooks. The runner writes a failure that is also a step's (a browser crash, a
// failed before or after hook) into `error` too, joined by "; also: ";
// those parts are left out, so a report or the console that names every failed
// step says each reason once. Returns the remaining parts joined by "; also: ",
// "" when every part is a step's; the whole error when no step failed.
std::string ErrorBeyondSteps(const ScenarioResult& scenario);

}  // namespace proofup

#endif  // PROOFUP_RESULT_RESULT_H_
