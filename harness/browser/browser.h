// The headless browser: pages as a person sees them (parsed with gumbo) and a
// session that clicks, fills and submits the way a person names things — a
// button or link by its visible text, a field by its label, placeholder, name
// or id — over an injected http::Transport (after Ninja's "mockable seam").
//
// No JavaScript. Visible means: not inside head/script/style/template/
// noscript, no `hidden` attribute, not <input type=hidden>, not styled
// display:none or visibility:hidden (inline style only).
//
// Thread safety: Page is a plain value (copy it freely; the parsed document
// inside is immutable and shared). A Browser is one virtual user's session:
// use it from one thread at a time; different Browsers are independent.
#ifndef PROOFUP_BROWSER_BROWSER_H_
#define PROOFUP_BROWSER_BROWSER_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/base/status.h"
#include "harness/http/http.h"

namespace proofup::browser {

struct Document;  // the parsed node tree, internal (document.h)

struct Heading {
  int level = 1;  // 1..6
  std::string text;
};

struct Link {
  std::string text;  // visible text, else aria-label/title/alt of an inner image
  std::string href;  // absolute; "" when the <a> has no href
  std::string id;
};

struct Image {
  std::string src;  // absolute URL, or the data: URI exactly as written
  std::string alt;
  std::string id;
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
  std::string placeholder, aria_label;
  std::string value;                  // radio/checkbox: the value sent when checked ("on" default)
  bool checked = false;               // radio/checkbox
  bool multiple = false;              // select
  std::vector<SelectOption> options;  // select
  bool disabled = false, readonly = false, visible = true;
  int form = -1;  // index into Page::forms, -1 outside any form
  int node = -1;  // position in document order (orders the submission)
};

// <button> (default type submit) or <input type=submit|button|reset|image>.
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

// Parses `html` served at absolute `url`. Never fails: gumbo repairs any
// input, so broken HTML yields whatever a browser would show.
Page ParsePage(std::string_view html, std::string_view url, int status = 200);

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

class Browser {
 public:
  // Takes ownership of `transport`, which carries the session (cookies).
  explicit Browser(std::unique_ptr<http::Transport> transport, BrowserOptions options = {});
  ~Browser();
  Browser(const Browser&) = delete;
  Browser& operator=(const Browser&) = delete;

  // Navigation. Each follows redirects (301/302/303 -> GET without body;
  // 307/308 keep method and body; at most max_redirects hops, Location
  // resolved against the hop's URL) and then makes the final response the
  // current page, whatever its status (check page().status). On error the
  // current page is unchanged. Errors: the transport's kNetworkError or
  // kTimeout (also when the hops together exceed navigation_timeout_ms); kNetworkError "too many
  // redirects"; kInvalidArgument for a URL that cannot be resolved.

  // GET `url`; relative URLs resolve against the current page.
  Status Open(std::string_view url);
  // Clicks the visible, enabled button or link whose text is `text`: exact
  // match first, then ignoring case and whitespace differences. A submit
  // button submits its form (its name/value included); a link GETs its href
  // (a "#..." link changes nothing). Errors: kNotFound when nothing matches,
  // kFailedPrecondition when several different targets match or the button
  // does nothing without JavaScript; messages list the buttons and links on
  // the page.
  Status Click(std::string_view text);
  // Sets the value of the visible text-like field (text, password, email,
  // tel, number, textarea, other) named by `field`: its label, placeholder,
  // aria-label, name or id — exact first, then ignoring case and whitespace.
  // Errors: kNotFound / kFailedPrecondition (ambiguous, read-only or
  // disabled), listing the fields on the page. The value never appears in
  // messages.
  Status Fill(std::string_view field, std::string_view value);
  // Selects the option of a <select> whose text or value is `option`.
  Status Select(std::string_view field, std::string_view option);
  // Checks / unchecks a checkbox named like Fill's fields.
  Status Check(std::string_view field);
  Status Uncheck(std::string_view field);
  // Chooses the radio button whose label (or value) is `label`; the others of
  // its group are unchecked.
  Status Choose(std::string_view label);
  // GETs the current page's <meta http-equiv=refresh> target at once (the
  // delay is the caller's business). kFailedPrecondition without one.
  Status FollowMetaRefresh();
  // GETs the current page's URL again (a page reached by POST is re-fetched
  // with GET, as after the redirect a portal normally sends).
  Status Reload();

  // Queries on the current page (see Page::TextsOf). TextOf returns the
  // first match and fails with kNotFound when nothing visible matches.
  StatusOr<std::string> TextOf(std::string_view selector) const;
  StatusOr<bool> Exists(std::string_view selector) const;

  // Bytes behind an image src: a data: URI is decoded locally, any other URL
  // (relative to the current page) is fetched with this session's cookies.
  // Errors: transport errors, kNotFound for a non-2xx status,
  // kInvalidArgument for a malformed data: URI.
  StatusOr<std::string> FetchBytes(std::string_view url);

  bool has_page() const { return page_ != nullptr; }
  // Precondition: has_page(). The reference stays valid until the next navigation.
  const Page& page() const { return *page_; }

  // Every exchange since the last TakeLog() (or construction), then clears it.
  std::vector<RequestRecord> TakeLog();

 private:
  StatusOr<http::Response> Exchange(http::Request request);  // follows redirects, logs hops
  Status Navigate(http::Request request, bool from_page);
  Status Submit(const Button* button, int form);
  std::vector<Field*> FindFields(std::string_view query, bool (*kind_ok)(FieldKind),
                                 std::string_view what, Status& error);

  std::unique_ptr<http::Transport> transport_;
  BrowserOptions options_;
  std::unique_ptr<Page> page_;
  std::vector<RequestRecord> log_;
};

}  // namespace proofup::browser

#endif  // PROOFUP_BROWSER_BROWSER_H_
