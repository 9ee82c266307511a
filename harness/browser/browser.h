// The browser: pages as a person sees them (parsed with gumbo into one Page
// model) and a session that clicks, fills and submits the way a person names
// things — a button or link by its visible text, a field by its label,
// placeholder, name or id. Two backends behind one interface (Browser): http
// (libcurl, no JavaScript, over an injected http::Transport) and headless
// Chromium.
//
// Visible means: not inside head/script/style/template/noscript, no `hidden`
// attribute, not <input type=hidden>, not styled display:none or
// visibility:hidden (inline style only; the Chromium backend marks elements
// its computed style hides with `hidden` before parsing).
//
// Thread safety: Page is a plain value (copy it freely; the parsed document
// inside is immutable and shared). A Browser is one virtual user's session:
// use it from one thread at a time; different Browsers are independent.
#ifndef PROOFUP_BROWSER_BROWSER_H_
#define PROOFUP_BROWSER_BROWSER_H_

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/base/status.h"
#include "harness/http/http.h"

namespace proofup::browser {

struct Document;  // the parsed node tree, internal (document.h)

// <h1>..<h6>, or an element with role="heading" (level from aria-level, 2 when absent).
struct Heading {
  int level = 1;  // 1..6
  std::string text;
};

struct Link {
  std::string text;  // visible text, else aria-label/title/alt of an inner image
  std::string href;  // absolute; "" when the <a> has no href
  std::string id;
  int node = -1;  // position in document order
};

// An <img src>; a visible inline <svg> (src then a "data:image/svg+xml;base64,"
// URI of its markup as a standalone SVG document, alt its aria-label or
// <title>); or an image drawn on the page: <canvas>, or an element with
// role="img" (src "", alt its aria-label).
struct Image {
  std::string src;  // absolute URL, or the data: URI exactly as written; "" when drawn
  std::string alt;
  std::string id;
  int node = -1;
};

enum class FieldKind {
  kText,
  kPassword,
  kEmail,
  kTel,
  kNumber,
  kHidden,
  kRadio,
  kCheckbox,
  kSelect,
  kTextarea,
  kOther,  // any other <input type>, e.g. search, url, date: filled like text
};

struct SelectOption {
  std::string text;
  std::string value;  // the value attribute, else the text
  bool selected = false;
  bool disabled = false;
};

// An input, select or textarea. `value` and `checked`/`selected` are the
// current state: the page's defaults, then whatever Fill/Select/Check set.
struct Field {
  FieldKind kind = FieldKind::kText;
  std::string type;  // lower-case input type, or "select" / "textarea"
  std::string name, id;
  std::string label;  // text of <label for=id>, else of the wrapping <label>
  // Text of the <label> the control sits inside, "" if none. A radio button
  // or checkbox is named by it first: a group's <label for> ("Method:") often
  // points at the group's first button, whose own label says "TOTP".
  std::string wrapping_label;
  std::string placeholder, aria_label;
  std::string value;                  // radio/checkbox: the value sent when checked ("on" default)
  bool checked = false;               // radio/checkbox
  bool multiple = false;              // select
  std::vector<SelectOption> options;  // select
  bool disabled = false, readonly = false, visible = true;
  int form = -1;  // index into Page::forms, -1 outside any form
  int node = -1;  // position in document order (orders the submission)
};

// <button> (default type submit), <input type=submit|button|reset|image>, or
// any other element with role="button" (type "button": only script makes it act).
struct Button {
  std::string text;  // visible text / value attribute, else aria-label
  std::string type;  // "submit", "button" or "reset"
  std::string name, value, id;
  std::string form_action, form_method;  // formaction/formmethod overrides, "" if none
  bool disabled = false, visible = true;
  int form = -1;
  int node = -1;
};

struct Form {
  std::string action;   // absolute; the page URL when absent
  std::string method;   // "GET" or "POST"
  std::string enctype;  // as written; only urlencoded submission is implemented
  std::string id, name;
};

struct MetaRefresh {
  double seconds = 0;
  std::string url;  // absolute; the page's own URL when the content names none
};

struct Page {
  std::string url;  // final URL after redirects
  int status = 0;   // HTTP status of the final response
  std::string html;
  std::string title;
  std::vector<Heading> headings;  // visible, document order
  std::string text;               // visible text, one line per block element
  std::vector<Link> links;        // visible
  std::vector<Image> images;      // visible
  std::vector<Form> forms;
  std::vector<Field> fields;    // all, visible or not (hidden ones still submit)
  std::vector<Button> buttons;  // all; Click only considers visible, enabled ones
  std::optional<MetaRefresh> meta_refresh;
  std::shared_ptr<const Document> document;

  // Visible text of every visible element matching `selector`, document
  // order; empty when none match. Error: kInvalidArgument for a selector
  // outside the subset (tag, *, #id, .class, [attr], [attr=value],
  // descendant ' ', child '>').
  StatusOr<std::vector<std::string>> TextsOf(std::string_view selector) const;
  // Attribute `name` of the first visible element matching `selector`.
  // Errors: kNotFound when no visible element matches or it lacks the
  // attribute; kInvalidArgument for a bad selector.
  StatusOr<std::string> AttributeOf(std::string_view selector, std::string_view name) const;
};

// The error messages `page` shows, in document order, each once: the text
// of every visible element marked as an error — role="alert", class
// "errorlist" or "errornote" (Django), "invalid-feedback" (Bootstrap),
// "error" — outermost marker only; then for each visible field with
// aria-invalid="true" the text of the elements its aria-describedby names,
// or `"<label>" is marked invalid` when it names none. Both backends build
// the same Page, so `error:` expectations mean the same on either.
std::vector<std::string> ErrorTexts(const Page& page);

// Parses `html` served at absolute `url`. Never fails: gumbo repairs any
// input, so broken HTML yields whatever a browser would show.
Page ParsePage(std::string_view html, std::string_view url, int status = 200);

// True when `page` shows nothing a person could read or use (no visible
// text, field, button, link or image) yet carries a <script>: an empty shell
// that scripts fill in, which only a backend running JavaScript can show.
// False for any page with visible content, and for an empty page without scripts.
bool DrawnByScripts(const Page& page);

// The message the http backend fails with on such a page.
inline constexpr char kNeedsScriptsMessage[] =
    "this page draws its content with scripts; run with --browser chromium";

// One HTTP exchange made by the browser, a redirect hop included.
struct RequestRecord {
  std::string method;
  std::string url;
  int status = 0;         // 0 when the transport failed
  double elapsed_ms = 0;  // as measured by the transport
  std::string error;      // transport error message, "" on success
};

struct BrowserOptions {
  int max_redirects = 10;
  // One deadline for a whole navigation, every redirect hop included (each hop
  // gets what is left of it); 0 = only the transport's per-exchange timeout.
  long navigation_timeout_ms = 0;
  // Largest image or stylesheet FetchBytes accepts (pages: the transport's
  // max_body_bytes); larger ones fail with kFailedPrecondition.
  size_t max_resource_bytes = 5 * 1024 * 1024;
};

struct ScreenshotOptions {
  // The whole page, not only the viewport (for reading a QR code below the fold).
  bool full_page = false;
  // Paint over every <img>, <canvas> and <svg> (the QR code is one) before the shot.
  bool mask_images = false;
  // Paint over every element whose visible text contains one of these.
  std::vector<std::string> mask_texts;
  // Frame the button or link with this visible text (else the field of the
  // label with it) in a coloured border, as a manual's picture does; "" =
  // none. The frame is gone after the shot.
  std::string outline_text;
  // With mask_images: a data: URI of an image painted over each square image
  // (48 px or more: a QR code) instead of the grey box, e.g. a sample QR code
  // for a printed manual; "" = grey boxes only.
  std::string sample_image;
  // The viewport in CSS pixels and the device scale factor for this shot and
  // the session's later ones (0 = leave as it is): a whole-window shot is
  // width*scale x height*scale pixels. Both Chromium backends (over
  // WebDriver through chromedriver's goog/cdp/execute); the http backend has
  // no pixels.
  int width = 0, height = 0;
  double scale = 0;
  // "" = the viewport (or the page); "dialog" = the box of the nearest
  // dialog, [role=dialog], [role=alertdialog], .card or main around the
  // outlined element (else the page's first one; a form is no card: it often
  // wraps only the button), with the frame and an 8 px margin; any other
  // value is a CSS selector (the outlined element's nearest ancestor matching
  // it, else its first visible match). Nothing found: the viewport. A bad
  // selector fails the shot. Both Chromium backends. Every shot hides the
  // text caret (a blinking caret made two shots of one page differ).
  std::string crop;
};

// Something the page's scripts or network reported: a console error, an
// uncaught exception, or a failed request (transport error or HTTP >= 400).
struct ConsoleEntry {
  std::string kind;  // "console", "exception" or "request"
  std::string text;  // message; for requests "GET <url> -> 404" / "... failed: <reason>"
};

// One virtual user's browser session. Two backends implement it: the http
// backend (libcurl + gumbo, no JavaScript; NewHttpBrowser) and headless
// Chromium (harness/browser/chromium/chromium.h). Both build the same Page
// model and use the same matching rules (locate.h), so a scenario step means
// the same on either.
//
// Navigation (Open, Click on a link or submit button, FollowMetaRefresh,
// Reload) makes the resulting response the current page whatever its status
// (check page().status). On error the current page is unchanged, except
// that the http backend makes a page DrawnByScripts() current and then fails
// with kFailedPrecondition kNeedsScriptsMessage. Errors: the
// transport's kNetworkError or kTimeout (also when the hops together exceed
// BrowserOptions::navigation_timeout_ms); kNetworkError "too many redirects";
// kInvalidArgument for a URL that cannot be resolved.
class Browser {
 public:
  virtual ~Browser() = default;

  // "http" or "chromium".
  virtual std::string name() const = 0;

  // GET `url`; relative URLs resolve against the current page.
  virtual Status Open(std::string_view url) = 0;
  // Clicks the visible, enabled button or link whose text is `text`: exact
  // match first, then ignoring case and whitespace differences. Errors:
  // kNotFound when nothing matches, kFailedPrecondition when several
  // different targets match (or, http backend, the button does nothing
  // without JavaScript); messages list the buttons and links on the page.
  virtual Status Click(std::string_view text) = 0;
  // Sets the value of the visible text-like field (text, password, email,
  // tel, number, textarea, other) named by `field`: its label, placeholder,
  // aria-label, name or id — exact first, then loosely: Unicode text compared
  // after NFC and case folding, white space runs as one, a trailing colon
  // ignored ("username" finds "Username:"; harness/base/text_fold.h).
  // Errors: kNotFound / kFailedPrecondition (ambiguous, read-only or
  // disabled), listing the fields on the page. The value never appears in
  // messages.
  virtual Status Fill(std::string_view field, std::string_view value) = 0;
  // Selects the option of a <select> whose text or value is `option`.
  virtual Status Select(std::string_view field, std::string_view option) = 0;
  // Checks / unchecks a checkbox named like Fill's fields.
  virtual Status Check(std::string_view field) = 0;
  virtual Status Uncheck(std::string_view field) = 0;
  // Chooses the radio button whose label (or value) is `label`; the others of
  // its group are unchecked. Its own wrapping <label> is tried before any
  // <label for> (at each of the exact and loose stages).
  virtual Status Choose(std::string_view label) = 0;
  // GETs the current page's <meta http-equiv=refresh> target at once (the
  // delay is the caller's business). kFailedPrecondition without one.
  virtual Status FollowMetaRefresh() = 0;
  // GETs the current page's URL again.
  virtual Status Reload() = 0;
  // Looks at the page again while waiting for it to change: the http backend
  // follows a meta refresh at once or reloads (it cannot see a change any
  // other way); Chromium re-reads its live page (following a meta refresh at
  // once, as the http backend does).
  virtual Status Poll() = 0;

  // Waits until the page may show something new by itself (its scripts
  // render, poll or navigate), at most until `deadline`, then reads it again
  // into page(). Expectations and actions call it between attempts, so they
  // retry until the step timeout the way Playwright's web-first assertions
  // do. Chromium: returns once the DOM changed or a navigation ended, or
  // after at most 500 ms (a change the DOM does not show, such as a canvas
  // drawing, is seen on the next look). The http backend returns
  // kUnimplemented at once: a static page does not change by itself, so it
  // is checked once. Errors: those of the backend's page reading.
  virtual Status AwaitChange(std::chrono::steady_clock::time_point deadline);

  // Why the browser behind this session is gone ("Chromium exited (signal
  // 9)", "the page's renderer crashed"); "" while it works. Once gone, every
  // action fails; the runner ends the scenario in error with this reason.
  virtual std::string crash_reason() const { return ""; }

  // Queries on the current page (see Page::TextsOf). TextOf returns the
  // first match and fails with kNotFound when nothing visible matches.
  StatusOr<std::string> TextOf(std::string_view selector) const;
  StatusOr<bool> Exists(std::string_view selector) const;

  // Bytes behind an image src: a data: URI is decoded locally, any other URL
  // (relative to the current page) is fetched with this session's cookies.
  // Errors: transport errors, kNotFound for a non-2xx status,
  // kInvalidArgument for a malformed data: URI.
  virtual StatusOr<std::string> FetchBytes(std::string_view url) = 0;

  // The cookies this session sends with a request to `url` (absolute), for
  // requests the scenario makes beside the page (a `request:` step): the http
  // backend asks its transport's jar; Chromium asks Network.getCookies of the
  // session's browser context (HttpOnly cookies included). Errors: kInvalidArgument
  // for a URL that is not absolute http(s); Chromium: the browser is gone.
  virtual StatusOr<std::vector<http::Cookie>> Cookies(std::string_view url) = 0;

  // PNG of what the page shows now. kUnimplemented for a backend that draws
  // nothing (http); kFailedPrecondition without a page.
  virtual StatusOr<std::string> Screenshot(const ScreenshotOptions& options) = 0;

  virtual bool has_page() const = 0;
  // Precondition: has_page(). The reference stays valid until the next action.
  virtual const Page& page() const = 0;

  // Every exchange since the last TakeLog() (or construction), then clears it.
  virtual std::vector<RequestRecord> TakeLog() = 0;
  // Console errors, uncaught exceptions and failed requests since the last
  // call, then clears them. Always empty for the http backend.
  virtual std::vector<ConsoleEntry> TakeConsole() = 0;
};

// The http backend over `transport` (which carries the session's cookies;
// ownership taken). No JavaScript.
std::unique_ptr<Browser> NewHttpBrowser(std::unique_ptr<http::Transport> transport,
                                        BrowserOptions options = {});

// What one scenario's browser session needs to know.
struct SessionOptions {
  http::TransportOptions transport;  // TLS settings, timeouts, Accept-Language
  BrowserOptions browsing;           // redirects, step deadline, resource limit (http backend)
};

// Makes browser sessions of one backend for one worker thread (a Chromium
// launcher keeps one browser process and gives each session a fresh browser
// context). Not thread-safe: one per worker; sessions must be destroyed
// before their launcher.
class BrowserLauncher {
 public:
  virtual ~BrowserLauncher() = default;
  // A fresh session sharing no cookies or storage with earlier ones. Errors:
  // the backend cannot start (e.g. Chromium missing: kNotFound naming the
  // package to install).
  virtual StatusOr<std::unique_ptr<Browser>> NewSession(const SessionOptions& options) = 0;
  // A hint: a NewSession with `options` is likely to come (the runner's next
  // scenario). A launcher may start making that session now, in the
  // background, so that the NewSession finds it ready; it keeps at most one
  // (a later hint with other options replaces it), serves it only to a
  // NewSession with equal options (deleting it on a NewSession with others),
  // and deletes it when destroyed if never asked for. Errors come out of the NewSession it serves,
  // as if it had made the session then. Default: nothing (the WebDriver launcher acts on it;
  // Chromium over the pipe prepares its next context itself).
  virtual void PrepareSession(const SessionOptions& /*options*/) {}
  // Lines for the run log said once per launcher (e.g. "Chromium runs with
  // --no-sandbox because proofup runs as root"), then cleared.
  virtual std::vector<std::string> TakeNotices() { return {}; }
};

// Sessions of the http backend: one curl transport each.
std::unique_ptr<BrowserLauncher> NewHttpLauncher();

}  // namespace proofup::browser

#endif  // PROOFUP_BROWSER_BROWSER_H_
