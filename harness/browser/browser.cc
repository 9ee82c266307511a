#include "harness/browser/browser.h"

#include <algorithm>
#include <chrono>
#include <tuple>

#include "harness/browser/locate.h"
#include "harness/browser/url.h"

namespace proofup::browser {
namespace {

bool IsRedirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

bool IsTextLike(FieldKind k) {
  return k == FieldKind::kText || k == FieldKind::kPassword || k == FieldKind::kEmail ||
         k == FieldKind::kTel || k == FieldKind::kNumber || k == FieldKind::kTextarea ||
         k == FieldKind::kOther;
}
bool IsSelect(FieldKind k) { return k == FieldKind::kSelect; }
bool IsCheckbox(FieldKind k) { return k == FieldKind::kCheckbox; }
bool IsRadio(FieldKind k) { return k == FieldKind::kRadio; }

Status NoPage() { return Status::FailedPrecondition("no page is open yet"); }

// The name/value pairs a submission sends: successful controls of `form` in
// document order, the clicked button at its own position.
std::vector<std::pair<std::string, std::string>> FormData(const Page& page, int form,
                                                          const Button* button) {
  std::vector<std::tuple<int, std::string, std::string>> data;
  for (const Field& f : page.fields) {
    if (f.form != form || f.disabled || f.name.empty()) continue;
    if (f.kind == FieldKind::kRadio || f.kind == FieldKind::kCheckbox) {
      if (f.checked) data.emplace_back(f.node, f.name, f.value);
    } else if (f.kind == FieldKind::kSelect) {
      for (const SelectOption& o : f.options) {
        if (o.selected && !o.disabled) data.emplace_back(f.node, f.name, o.value);
      }
    } else {
      data.emplace_back(f.node, f.name, f.value);
    }
  }
  if (button && !button->name.empty()) data.emplace_back(button->node, button->name, button->value);
  std::stable_sort(data.begin(), data.end(),
                   [](const auto& a, const auto& b) { return std::get<0>(a) < std::get<0>(b); });
  std::vector<std::pair<std::string, std::string>> pairs;
  for (auto& [node, name, value] : data) pairs.emplace_back(std::move(name), std::move(value));
  return pairs;
}

}  // namespace

Browser::Browser(std::unique_ptr<http::Transport> transport, BrowserOptions options)
    : transport_(std::move(transport)), options_(options) {}

Browser::~Browser() = default;

StatusOr<http::Response> Browser::Exchange(http::Request request) {
  std::string first_url = request.url;
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(options_.navigation_timeout_ms);
  for (int hop = 0;; ++hop) {
    request.url = StripFragment(request.url);
    if (options_.navigation_timeout_ms > 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) {
        return Status::Timeout("GET " + first_url + ": no answer within " +
                               std::to_string(options_.navigation_timeout_ms) + " ms over " +
                               std::to_string(hop) + " redirects, last to " + request.url);
      }
      request.timeout_ms = static_cast<long>(left.count());
    }
    StatusOr<http::Response> response = transport_->Send(request);
    if (!response.ok()) {
      log_.push_back({request.method, request.url, 0, 0, response.status().message()});
      return response.status();
    }
    response->url = request.url;
    log_.push_back({request.method, request.url, response->status, response->elapsed_ms, ""});
    std::string location = response->HeaderValue("Location");
    if (!IsRedirect(response->status) || location.empty()) return response;
    if (hop >= options_.max_redirects) {
      return Status::NetworkError("too many redirects (more than " +
                                  std::to_string(options_.max_redirects) + ") starting at " +
                                  first_url + ", last to " + location);
    }
    StatusOr<std::string> next = ResolveUrl(request.url, location);
    if (!next.ok()) return next.status();
    request.url = *next;
    if (response->status <= 303 && request.method != "HEAD") {
      request.method = "GET";
      request.body.clear();
      std::erase_if(request.headers, [](const http::Header& h) {
        return TextMatches(h.name, "content-type", true);
      });
    }
  }
}

Status Browser::Navigate(http::Request request, bool from_page) {
  if (from_page && page_) request.headers.push_back({"Referer", page_->url});
  StatusOr<http::Response> response = Exchange(std::move(request));
  if (!response.ok()) return response.status();
  page_ = std::make_unique<Page>(ParsePage(response->body, response->url, response->status));
  return Status::Ok();
}

Status Browser::Open(std::string_view url) {
  StatusOr<std::string> target =
      page_ ? ResolveUrl(page_->url, url) : ResolveUrl(url, url);  // absolute when no page
  if (!target.ok()) return target.status();
  return Navigate({"GET", *target, {}, ""}, false);
}

Status Browser::Click(std::string_view text) {
  if (!page_) return NoPage();
  std::vector<Clickable> matches = MatchClickables(*page_, text);
  if (matches.empty()) {
    return Status::NotFound("no button or link \"" + std::string(text) + "\"; " +
                            DescribeClickables(*page_));
  }
  if (matches.size() > 1) {
    std::string which;
    for (const Clickable& c : matches) which += (which.empty() ? "" : ", ") + Describe(c);
    return Status::FailedPrecondition("\"" + std::string(text) + "\" is ambiguous: " + which +
                                      "; " + DescribeClickables(*page_));
  }
  const Clickable& target = matches.front();
  if (target.link) {
    if (StripFragment(target.link->href) == StripFragment(page_->url) &&
        target.link->href.find('#') != std::string::npos)
      return Status::Ok();  // in-page anchor: nothing to load
    return Navigate({"GET", target.link->href, {}, ""}, true);
  }
  const Button* button = target.button;
  if (button->type != "submit") {
    return Status::FailedPrecondition("button \"" + button->text + "\" is a " + button->type +
                                      " button: it does nothing without JavaScript");
  }
  if (button->form < 0) {
    return Status::FailedPrecondition("button \"" + button->text + "\" is not in a form");
  }
  return Submit(button, button->form);
}

Status Browser::Submit(const Button* button, int form_index) {
  const Form& form = page_->forms[form_index];
  std::string method = form.method;
  if (button && (button->form_method == "get" || button->form_method == "post"))
    method = button->form_method == "get" ? "GET" : "POST";
  std::string action = button && !button->form_action.empty() ? button->form_action : form.action;
  std::string encoded = FormUrlEncode(FormData(*page_, form_index, button));
  if (method == "GET") return Navigate({"GET", WithQuery(action, encoded), {}, ""}, true);
  return Navigate(
      {"POST", action, {{"Content-Type", "application/x-www-form-urlencoded"}}, encoded}, true);
}

std::vector<Field*> Browser::FindFields(std::string_view query, bool (*kind_ok)(FieldKind),
                                        std::string_view what, Status& error) {
  std::vector<Field*> candidates;
  for (Field& f : page_->fields) {
    if (f.visible && kind_ok(f.kind)) candidates.push_back(&f);
  }
  std::vector<Field*> matches;
  for (bool loose : {false, true}) {
    for (Field* f : candidates) {
      for (const std::string& name : FieldNames(*f)) {
        if (TextMatches(name, query, loose)) {
          matches.push_back(f);
          break;
        }
      }
    }
    if (!matches.empty()) break;
  }
  if (matches.size() == 1) return matches;
  std::string listed;
  for (Field* f : candidates) listed += (listed.empty() ? "" : ", ") + Describe(*f);
  if (listed.empty()) listed = "none";
  if (matches.empty()) {
    error = Status::NotFound("no " + std::string(what) + " \"" + std::string(query) + "\"; " +
                             std::string(what) + "s on the page: " + listed);
  } else {
    error = Status::FailedPrecondition(std::string(what) + " \"" + std::string(query) +
                                       "\" is ambiguous: " + std::to_string(matches.size()) +
                                       " match; " + std::string(what) + "s on the page: " + listed);
  }
  return {};
}

Status Browser::Fill(std::string_view field, std::string_view value) {
  if (!page_) return NoPage();
  Status error;
  std::vector<Field*> found = FindFields(field, IsTextLike, "field", error);
  if (found.empty()) return error;
  Field& f = *found.front();
  if (f.disabled || f.readonly) {
    return Status::FailedPrecondition("field " + Describe(f) + " is " +
                                      (f.disabled ? "disabled" : "read-only"));
  }
  f.value = std::string(value);
  return Status::Ok();
}

Status Browser::Select(std::string_view field, std::string_view option) {
  if (!page_) return NoPage();
  Status error;
  std::vector<Field*> found = FindFields(field, IsSelect, "list", error);
  if (found.empty()) return error;
  Field& f = *found.front();
  for (bool loose : {false, true}) {
    for (SelectOption& o : f.options) {
      if (o.disabled ||
          !(TextMatches(o.text, option, loose) || TextMatches(o.value, option, loose)))
        continue;
      if (!f.multiple) {
        for (SelectOption& other : f.options) other.selected = false;
      }
      o.selected = true;
      return Status::Ok();
    }
  }
  std::string listed;
  for (const SelectOption& o : f.options)
    listed += (listed.empty() ? "\"" : ", \"") + o.text + "\"";
  return Status::NotFound("no option \"" + std::string(option) + "\" in list " + Describe(f) +
                          "; options: " + (listed.empty() ? "none" : listed));
}

Status Browser::Check(std::string_view field) {
  if (!page_) return NoPage();
  Status error;
  std::vector<Field*> found = FindFields(field, IsCheckbox, "checkbox", error);
  if (found.empty()) return error;
  found.front()->checked = true;
  return Status::Ok();
}

Status Browser::Uncheck(std::string_view field) {
  if (!page_) return NoPage();
  Status error;
  std::vector<Field*> found = FindFields(field, IsCheckbox, "checkbox", error);
  if (found.empty()) return error;
  found.front()->checked = false;
  return Status::Ok();
}

Status Browser::Choose(std::string_view label) {
  if (!page_) return NoPage();
  Status error;
  std::vector<Field*> found = FindFields(label, IsRadio, "radio button", error);
  if (found.empty()) return error;
  Field* chosen = found.front();
  for (Field& f : page_->fields) {
    if (f.kind == FieldKind::kRadio && f.form == chosen->form && f.name == chosen->name)
      f.checked = false;
  }
  chosen->checked = true;
  return Status::Ok();
}

Status Browser::FollowMetaRefresh() {
  if (!page_) return NoPage();
  if (!page_->meta_refresh) {
    return Status::FailedPrecondition("page " + page_->url + " has no <meta http-equiv=refresh>");
  }
  return Navigate({"GET", page_->meta_refresh->url, {}, ""}, true);
}

Status Browser::Reload() {
  if (!page_) return NoPage();
  return Navigate({"GET", page_->url, {}, ""}, false);
}

StatusOr<std::string> Browser::TextOf(std::string_view selector) const {
  if (!page_) return NoPage();
  StatusOr<std::vector<std::string>> texts = page_->TextsOf(selector);
  if (!texts.ok()) return texts.status();
  if (texts->empty()) {
    return Status::NotFound("no visible element matches \"" + std::string(selector) + "\" on " +
                            page_->url);
  }
  return texts->front();
}

StatusOr<bool> Browser::Exists(std::string_view selector) const {
  if (!page_) return NoPage();
  StatusOr<std::vector<std::string>> texts = page_->TextsOf(selector);
  if (!texts.ok()) return texts.status();
  return !texts->empty();
}

StatusOr<std::string> Browser::FetchBytes(std::string_view url) {
  if (url.size() >= 5 && TextMatches(url.substr(0, 5), "data:", true)) return DecodeDataUri(url);
  StatusOr<std::string> target = page_ ? ResolveUrl(page_->url, url) : ResolveUrl(url, url);
  if (!target.ok()) return target.status();
  http::Request request{"GET", *target, {{"Accept", "image/*,*/*;q=0.8"}}, ""};
  request.max_body_bytes = options_.max_resource_bytes;
  if (page_) request.headers.push_back({"Referer", page_->url});
  StatusOr<http::Response> response = Exchange(std::move(request));
  if (!response.ok()) return response.status();
  if (response->status < 200 || response->status > 299) {
    return Status::NotFound("GET " + response->url + " returned HTTP " +
                            std::to_string(response->status));
  }
  return std::move(response->body);
}

std::vector<RequestRecord> Browser::TakeLog() { return std::exchange(log_, {}); }

}  // namespace proofup::browser
