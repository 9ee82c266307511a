#include "harness/browser/http/http_browser.h"

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

HttpBrowser::HttpBrowser(std::unique_ptr<http::Transport> transport, BrowserOptions options)
    : transport_(std::move(transport)), options_(options) {}

HttpBrowser::~HttpBrowser() = default;

StatusOr<http::Response> HttpBrowser::Exchange(http::Request request) {
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

Status HttpBrowser::Navigate(http::Request request, bool from_page) {
  if (from_page && page_) request.headers.push_back({"Referer", page_->url});
  StatusOr<http::Response> response = Exchange(std::move(request));
  if (!response.ok()) return response.status();
  page_ = std::make_unique<Page>(ParsePage(response->body, response->url, response->status));
  // Without JavaScript such a page is blank: every expectation would fail
  // with "nothing on the screen"; say what is really wrong instead.
  if (DrawnByScripts(*page_))
    return Status::FailedPrecondition(std::string(kNeedsScriptsMessage) + " (" + page_->url + ")");
  return Status::Ok();
}

Status HttpBrowser::Open(std::string_view url) {
  StatusOr<std::string> target =
      page_ ? ResolveUrl(page_->url, url) : ResolveUrl(url, url);  // absolute when no page
  if (!target.ok()) return target.status();
  return Navigate({"GET", *target, {}, ""}, false);
}

Status HttpBrowser::Click(std::string_view text) {
  if (!page_) return NoPage();
  StatusOr<Clickable> found = FindClickable(*page_, text);
  if (!found.ok()) return found.status();
  const Clickable& target = *found;
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

Status HttpBrowser::Submit(const Button* button, int form_index) {
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

Status HttpBrowser::Fill(std::string_view field, std::string_view value) {
  if (!page_) return NoPage();
  StatusOr<Field*> found = FindField(*page_, field, IsTextLike, "field");
  if (!found.ok()) return found.status();
  Field& f = **found;
  if (f.disabled || f.readonly) {
    return Status::FailedPrecondition("field " + Describe(f) + " is " +
                                      (f.disabled ? "disabled" : "read-only"));
  }
  f.value = std::string(value);
  return Status::Ok();
}

Status HttpBrowser::Select(std::string_view field, std::string_view option) {
  if (!page_) return NoPage();
  StatusOr<Field*> found = FindField(*page_, field, IsSelect, "list");
  if (!found.ok()) return found.status();
  Field& f = **found;
  StatusOr<size_t> chosen = FindOption(f, option);
  if (!chosen.ok()) return chosen.status();
  if (!f.multiple) {
    for (SelectOption& other : f.options) other.selected = false;
  }
  f.options[*chosen].selected = true;
  return Status::Ok();
}

Status HttpBrowser::Check(std::string_view field) {
  if (!page_) return NoPage();
  StatusOr<Field*> found = FindField(*page_, field, IsCheckbox, "checkbox");
  if (!found.ok()) return found.status();
  (*found)->checked = true;
  return Status::Ok();
}

Status HttpBrowser::Uncheck(std::string_view field) {
  if (!page_) return NoPage();
  StatusOr<Field*> found = FindField(*page_, field, IsCheckbox, "checkbox");
  if (!found.ok()) return found.status();
  (*found)->checked = false;
  return Status::Ok();
}

Status HttpBrowser::Choose(std::string_view label) {
  if (!page_) return NoPage();
  StatusOr<Field*> found = FindField(*page_, label, IsRadio, "radio button");
  if (!found.ok()) return found.status();
  Field* chosen = *found;
  for (Field& f : page_->fields) {
    if (f.kind == FieldKind::kRadio && f.form == chosen->form && f.name == chosen->name)
      f.checked = false;
  }
  chosen->checked = true;
  return Status::Ok();
}

Status HttpBrowser::FollowMetaRefresh() {
  if (!page_) return NoPage();
  if (!page_->meta_refresh) {
    return Status::FailedPrecondition("page " + page_->url + " has no <meta http-equiv=refresh>");
  }
  return Navigate({"GET", page_->meta_refresh->url, {}, ""}, true);
}

Status HttpBrowser::Reload() {
  if (!page_) return NoPage();
  return Navigate({"GET", page_->url, {}, ""}, false);
}

Status HttpBrowser::Poll() {
  if (!page_) return NoPage();
  return page_->meta_refresh ? FollowMetaRefresh() : Reload();
}

StatusOr<std::string> HttpBrowser::Screenshot(const ScreenshotOptions&) {
  return Status::Unimplemented("the http browser draws no pixels; run with --browser chromium");
}

StatusOr<std::vector<http::Cookie>> HttpBrowser::Cookies(std::string_view url) {
  if (!IsAbsoluteHttpUrl(url))
    return Status::InvalidArgument("cookies for \"" + std::string(url) +
                                   "\": not an absolute http(s) URL");
  return transport_->CookiesFor(url);
}

StatusOr<std::string> HttpBrowser::FetchBytes(std::string_view url) {
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

std::vector<RequestRecord> HttpBrowser::TakeLog() { return std::exchange(log_, {}); }

namespace {

class HttpLauncher : public BrowserLauncher {
 public:
  StatusOr<std::unique_ptr<Browser>> NewSession(const SessionOptions& options) override {
    return NewHttpBrowser(http::NewCurlTransport(options.transport), options.browsing);
  }
};

}  // namespace

std::unique_ptr<Browser> NewHttpBrowser(std::unique_ptr<http::Transport> transport,
                                        BrowserOptions options) {
  return std::make_unique<HttpBrowser>(std::move(transport), options);
}

std::unique_ptr<BrowserLauncher> NewHttpLauncher() { return std::make_unique<HttpLauncher>(); }

}  // namespace proofup::browser
