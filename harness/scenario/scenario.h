// Scenarios: YAML files that follow the manual step by step (syntax reference:
// docs/scenarios.md), loaded into a typed model the runner interprets.
//
// The loader checks everything it can before anything runs: YAML syntax, keys
// (an unknown key gets "did you mean"), value types, manual step numbers,
// regular expressions, includes (missing files, cycles) and variable
// references. It collects every problem of a file, each with file:line:column
// and a caret line, instead of stopping at the first.
//
// Includes are expanded by the loader: the runner sees one flat list of steps,
// each of which carries exactly one Action. A step written as
// `expect screen` + one action becomes two model steps, the expectation first.
//
// Variables `${name}` are kept as written; the runner substitutes them with
// Interpolate() when it performs the step.
//
// Thread safety: every function is reentrant (no shared state); the model is
// plain values.
#ifndef PROOFUP_SCENARIO_SCENARIO_H_
#define PROOFUP_SCENARIO_SCENARIO_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "harness/base/status.h"

namespace proofup::scenario {

// ---- Source locations and diagnostics ----

struct SourceLocation {
  std::string file;  // path as given or as joined from the including file
  int line = 0;      // 1-based; 0 = the whole file
  int column = 0;    // 1-based byte column; 0 = unknown
};

struct Diagnostic {
  enum class Severity { kError, kWarning };
  Severity severity = Severity::kError;
  SourceLocation where;
  std::string message;      // e.g. `unknown key "clik" in a step; did you mean "click"?`
  std::string source_line;  // the offending line without its newline; empty if unknown
  std::vector<SourceLocation> included_from;  // innermost include first
};

// Ninja-style text, lines joined by '\n', no trailing newline:
//   scenarios/x.yaml:7:5: error: unknown key "clik" in a step; did you mean "click"?
//     - clik: Volgende
//       ^
//   scenarios/x.yaml:3:5: note: included from here      (one per include level)
// Without a line number: "scenarios/x.yaml: error: message".
std::string FormatDiagnostic(const Diagnostic& diagnostic);

// ---- The model ----

// How a person names a thing on the screen. Exactly one member is non-empty.
struct Locator {
  std::string text;  // visible text of a button/link, a field's label/placeholder/name/id, an
                     // image's alt text
  std::string css;   // CSS selector (tag, #id, .class, [attr=value], descendant)
};

// What a screen must show. Empty members are not checked. Headings and titles
// compare the whole text (whitespace normalised); `text` and `error` are substrings.
struct ScreenExpectation {
  std::string screen;      // short form: the h1 heading or any h2 subheading equals this
  std::string title;       // <title>
  std::string heading;     // the h1
  std::string subheading;  // an h2
  std::vector<std::string> text_contains;  // each a substring of the visible text
  std::vector<std::string> text_matches;   // each an ECMAScript regex searched in the visible text
  std::vector<Locator> present;
  std::vector<Locator> absent;
  std::string error;  // the page's error alert (role="alert") contains this
};

// Browser actions.
struct Open {
  std::string url;  // absolute, or a path resolved against the target
};
struct ExpectScreen {
  ScreenExpectation screen;
};
struct WaitFor {  // re-check the page (following refreshes) until it matches
  ScreenExpectation screen;
  std::chrono::milliseconds timeout{0};  // 0 = the run's step timeout
};
struct FieldValue {
  std::string field;  // label, placeholder, name or id
  std::string value;  // Fill: the text typed; Select: the option's visible text
};
struct Fill {
  std::vector<FieldValue> fields;  // in the order written
};
struct Select {
  std::vector<FieldValue> fields;
};
struct Check {  // a checkbox, by label
  std::string field;
  bool checked = true;  // false for `uncheck`
};
struct Choose {  // a radio button, by label
  std::string option;
};
struct Click {
  Locator target;
};
// Stores a value from the page in a variable. With `from_css` empty the
// source is the page's visible text. With a pattern, the value is its first
// capture group if it has one, else the whole match; no match is a failure.
struct Capture {
  std::string var;
  std::string from_css;
  std::string pattern;  // ECMAScript regex; empty = the whole source text
  bool secret = false;  // mask the value in reports and logs
};
// Manual steps a person does that need no automation (closing applications,
// opening a browser); reported, never failing.
struct Note {
  std::string text;
};

// Phone actions: the Authenticator app and the SIM.
struct InstallApp {};
struct AcceptTerms {};
struct UninstallApp {};
struct ScanQr {                 // the QR image on the current screen
  bool camera_can_read = true;  // false: the scan fails, nothing is added
  // Non-empty: the app or the portal must refuse this scan with a reason
  // containing this text (e.g. "PIN" for a wrong PIN, "expired" for an old
  // code); adding the account is then the failure.
  std::string refused;
};
struct EnterCodeManually {};  // the code and URL the screen shows as text
struct AnswerPush {           // the newest pending notification
  bool approve = true;        // "Ja" / "Nee"
  std::string number;         // typed into the app; may hold ${...}; may be empty for deny
};
struct ReadTotp {  // the app's current code for the account; always secret
  std::string var;
  // How long to wait for the next 30 s window when this window's code was
  // already read; 0 = the run's step timeout. Longer than 30 s makes a second
  // sign-in in the same window always succeed.
  std::chrono::milliseconds timeout{0};
};
struct ReadSms {  // from the newest SMS to the phone's number; always secret
  std::string var;
  std::string pattern = R"(\b(\d{6})\b)";  // first group if any, else whole match
};
struct EnterPin {   // answers the app's PIN prompt
  std::string pin;  // empty = the phone's own PIN (PhoneSetup::pin)
};
struct SetPhoneClock {
  int64_t skew_seconds = 0;  // the phone's clock minus the real time
};
// Adds a TOTP account from a value the scenario holds (captured from a page
// or a request): an otpauth:// URI, or a Base32 secret. Every text may hold
// ${...}; the values are secrets.
struct AddAccount {
  std::string uri;      // otpauth://...; or
  std::string secret;   // Base32 (spaces allowed)
  std::string account;  // for a secret; empty = the scenario's user
  std::string issuer;   // for a secret; may be empty
};

// Target control API (only when the target offers one).
struct SetPortalClock {
  enum class Mode { kAdvance, kOffset };
  Mode mode = Mode::kAdvance;
  int64_t seconds = 0;
};
enum class FaultKind { kLatency, kHttp500, kDropSms, kExpireQr, kDropPush };
const char* FaultKindName(FaultKind kind);  // the control API's name: "drop_sms", ...
struct InjectFault {
  FaultKind kind = FaultKind::kLatency;
  std::string route;                   // kLatency, kHttp500: the route, e.g. "/login"
  std::chrono::milliseconds delay{0};  // kLatency
  int count = 0;                       // 0 = until cleared
  std::string user;                    // user-bound kinds; empty = the scenario's user
};
struct ClearFaults {};
struct ResetUser {};  // the scenario's user back to its fixture state

// Waits, for portals that throttle ("1 s after a failed attempt"); at most 10 minutes.
struct Pause {
  std::chrono::milliseconds duration{0};
};

// An HTTP request beside the page (an endpoint the page's scripts call, or
// test set-up), sent with the browser's cookies for its URL; the answer is
// checked and values are captured from it. Every text may hold ${...}.
struct ValueCheck {
  enum class Kind { kEquals, kMatches, kExists };
  Kind kind = Kind::kEquals;
  // kEquals: for a body check the expected value as JSON text (from the YAML
  // value: 200 is a number, "200" a string; a JSON string of the same text
  // also equals a number or boolean), for a header its text; kMatches: an RE2 pattern.
  std::string value;
  bool exists = true;  // kExists: true = must be there, false = must not
};
struct HeaderCheck {
  std::string name;  // case-insensitive
  ValueCheck check;
};
struct BodyCheck {
  std::string path;  // JSONPath (harness/jsonpath); a wildcard path yields a list
  ValueCheck check;
};
struct RequestCapture {
  std::string var;
  std::string path;     // JSONPath into the JSON body; or
  std::string pattern;  // RE2 over the raw body: first group if any, else the whole match
  bool secret = false;  // masked in reports and logs, and the body excerpt is never shown
};
struct HttpRequest {
  std::string method = "GET";
  std::string url;  // absolute http(s), or a path resolved against the target
  std::vector<std::pair<std::string, std::string>> headers;  // in the order written
  enum class BodyKind { kNone, kForm, kJson, kRaw };
  BodyKind body_kind = BodyKind::kNone;
  std::vector<std::pair<std::string, std::string>> form;  // kForm, urlencoded
  std::string body;         // kJson: JSON text (its strings may hold ${...}); kRaw: as written
  std::vector<int> status;  // the answer's status is one of these; empty = any below 400
  std::vector<HeaderCheck> expect_headers;
  std::vector<BodyCheck> expect_body;
  std::vector<std::string> body_matches;  // RE2 patterns searched in the raw body
  std::vector<RequestCapture> captures;
};

using Action =
    std::variant<Open, ExpectScreen, WaitFor, Fill, Select, Check, Choose, Click, Capture, Note,
                 InstallApp, AcceptTerms, UninstallApp, ScanQr, EnterCodeManually, AnswerPush,
                 ReadTotp, ReadSms, EnterPin, SetPhoneClock, AddAccount, SetPortalClock,
                 InjectFault, ClearFaults, ResetUser, Pause, HttpRequest>;

struct Step {
  SourceLocation where;           // the action's key in the file it was written in
  std::vector<int> manual_steps;  // manual step numbers covered; may be empty
  std::string note;               // the writer's explanation, for reports
  std::string group;              // title of the include group it came from; empty if none
  std::vector<SourceLocation> included_from;  // innermost include first
  Action action;
  int item = 0;  // 1-based list item under `steps:` in the file it was written in
};

struct UserRef {
  std::string username;                 // empty = the scenario names no user
  std::optional<std::string> password;  // unset = from fixtures/users.yaml
  std::string display_name;             // empty = from the fixture
};

struct PhoneSetup {
  bool app_installed = false;
  bool terms_accepted = false;
  std::string pin;            // the phone's unlock PIN; empty = none
  bool asks_for_pin = false;  // the app asks for the PIN before adding an account
  int64_t clock_skew_seconds = 0;
  std::string number;  // the SIM's number in E.164, e.g. "+31612345601"; may be empty
};

// A command run before or after a scenario's steps, or before or after the
// whole run (docs/scenarios.md, "Hooks"), e.g. to reset a test user on a
// real portal and get a one-time sign-in pass. What it prints on stdout (a
// JSON object, or key=value lines) becomes variables.
struct Hook {
  SourceLocation where;  // the hook in the file it was written in
  // The program and its arguments, each of which may hold ${...} (a value
  // with spaces stays one argument). With `shell`: one text for `sh -c`.
  std::vector<std::string> command;
  bool shell = false;
  std::chrono::milliseconds timeout{60'000};  // then its process group is killed
  // The variables it prints that steps use (so the loader knows them); the
  // hook fails when one is missing from its output. Secrets unless in `public_vars`.
  std::vector<std::string> sets;
  std::vector<std::string> public_vars;  // printed variables that are not secrets
  std::vector<std::pair<std::string, std::string>>
      env;  // added to its environment; may hold ${...}
};

struct Scenario {
  std::string file;  // path as given to the loader
  std::string name;
  std::string description;
  std::vector<std::string> tags;
  std::string manual;       // as written (e.g. "fixtures/manual/ms-authenticator.nl.yaml")
  std::string manual_path;  // the existing file it was found at; empty when not found
  UserRef user;
  std::string language;  // "nl", "en"; empty = the user's
  std::string browser;   // "http", "chromium"; empty = the run's --browser (the header wins)
  PhoneSetup phone;
  // What the scenario needs from the target, as declared with `needs:`
  // (kNeedNames); ScenarioNeeds() adds what its steps imply.
  std::vector<std::string> needs;
  std::vector<std::pair<std::string, std::string>> vars;  // in the order written; may hold ${...}
  std::vector<Step> steps;                                // includes expanded
  std::vector<Hook>
      before;               // run in order before the first step; a failure is the scenario's error
  std::vector<Hook> after;  // run after the last step, whatever happened (also on Ctrl-C)
};

// ---- What a scenario needs from the target ----

// "control-api": mock-idp's /__control API (control: steps, the user reset);
// "mock-phone-api": mock-idp's phone-side routes (push approvals, activating a
// work account from its QR); "sms": a source of SMS for the SIM.
inline const std::vector<std::string> kNeedNames = {"control-api", "mock-phone-api", "sms"};

struct Need {
  std::string name;  // one of kNeedNames
  std::string why;   // "declared with needs:", "control: clock at scenarios/x.yaml:12"
};

// The declared needs, then those implied by the steps (control steps ->
// control-api, answering a push -> mock-phone-api, reading an SMS -> sms),
// each name once, with the first reason found.
std::vector<Need> ScenarioNeeds(const Scenario& scenario);

// ---- Loading ----

struct LoadOptions {
  int max_manual_step = 16;             // manual step numbers must lie in 1..max
  std::vector<std::string> extra_vars;  // names given with --var; valid in ${...}
  // Limits against hostile or broken files; each error names the limit.
  size_t max_steps = 10000;         // steps of a scenario after expanding includes
  size_t max_file_bytes = 1 << 20;  // per scenario or group file, checked before reading
  int max_include_depth = 16;       // nested includes below the scenario
  int max_yaml_depth = 100;         // nesting of YAML collections in one file
  // Includes must resolve (after symlinks and "..") inside the folder of the
  // top-level scenario file or inside one of these folders.
  std::vector<std::string> allowed_include_dirs;
};

// Loads and checks one scenario file. Relative include paths resolve against
// the including file's folder; `manual:` against the scenario's folder and
// then each parent folder (so "fixtures/..." works from the repository root).
// Success: the scenario; warnings (e.g. manual file not found) are appended to
// `diagnostics` when non-null. Failure: kIoError when the file cannot be read,
// else kParseError whose message is every error formatted with
// FormatDiagnostic, joined by '\n'; all diagnostics are appended as well.
StatusOr<Scenario> LoadScenarioFile(const std::string& path, const LoadOptions& options = {},
                                    std::vector<Diagnostic>* diagnostics = nullptr);

// As LoadScenarioFile, from text; `path` is used for messages and to resolve
// includes and the manual.
StatusOr<Scenario> LoadScenarioText(std::string_view text, const std::string& path,
                                    const LoadOptions& options = {},
                                    std::vector<Diagnostic>* diagnostics = nullptr);

// For `proofup validate`: loads every file (folders expanded with
// FindScenarioFiles) and returns every diagnostic, errors and warnings, in
// file order. Include groups (files with `group:`) are checked as groups.
// An empty result means every file is valid.
std::vector<Diagnostic> ValidateFiles(const std::vector<std::string>& paths,
                                      const LoadOptions& options = {});

// Expands folders to the scenario files in them (*.yaml, *.yml, recursively,
// skipping folders named "include"), sorted; files are kept as given.
// Failure: kNotFound naming a path that does not exist.
StatusOr<std::vector<std::string>> FindScenarioFiles(const std::vector<std::string>& paths);

// The hooks under the top-level key `key` ("before" or "after") of the YAML
// file `path` whose text is `text` (a target profile: run-level hooks), read
// as a scenario's are. ${...} may name `defined` variables and ${env.NAME};
// "${env:NAME}" is left for the caller to expand. No key: no hooks.
// Failure: kParseError, every problem formatted with FormatDiagnostic.
StatusOr<std::vector<Hook>> LoadHooks(std::string_view text, const std::string& path,
                                      std::string_view key,
                                      const std::vector<std::string>& defined = {});

// A hook as a person reads it: `before: ./reset-user.sh ${user.username}`.
std::string DescribeHook(const Hook& hook, std::string_view when);

// ---- Describing steps (reports, console) ----

// Kind of action as in result.h's StepResult::action: "open", "expect", "wait",
// "fill", "select", "check", "choose", "click", "capture", "note",
// "phone.install_app", "phone.accept_terms", "phone.uninstall_app",
// "phone.scan_qr", "phone.enter_code_manually", "phone.answer_push",
// "phone.read_totp", "phone.read_sms", "phone.enter_pin", "phone.set_clock",
// "control.clock", "control.fault", "control.clear_faults", "control.reset", "pause",
// "request".
const char* ActionKind(const Action& action);

// The action as a person reads it, e.g. `click "Volgende"`,
// `expect screen "Meer informatie vereist"`, `phone: approve with number ${number}`.
// Variables are shown unsubstituted; values typed into fields are included
// as written (`${user.password}` stays a reference, never a secret).
std::string Describe(const Action& action);

// ---- Variables ----

struct VariableRef {
  std::string name;   // e.g. "number", "user.password", "env.HOME"
  size_t offset = 0;  // of the "${" in the text
  size_t length = 0;  // of "${...}"
};

// Every `${name}` in `text`. "$${" is an escaped literal "${" and not a
// reference; any other "$" is literal. Names: letters, digits, '_', '-', '.'.
// Error (kInvalidArgument): `unterminated "${" at offset N`,
// `empty variable name "${}" at offset N`, `invalid variable name "${a b}" at offset N`.
StatusOr<std::vector<VariableRef>> FindVariables(std::string_view text);

// Returns the value of a variable, or nullopt when it is not defined.
using VariableLookup = std::function<std::optional<std::string>(std::string_view name)>;

// Replaces every ${name} by lookup(name) and "$${" by "${"; values are not
// interpolated again. Errors: those of FindVariables, and kNotFound
// `unknown variable "${name}"` when lookup returns nullopt.
StatusOr<std::string> Interpolate(std::string_view text, const VariableLookup& lookup);

}  // namespace proofup::scenario

#endif  // PROOFUP_SCENARIO_SCENARIO_H_
