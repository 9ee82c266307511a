#include "harness/phone/portal_pages.h"

#include <regex>
#include <vector>

#include "harness/otp/otp.h"
#include "harness/phone/json_client.h"

namespace proofup::phone::testing {
namespace {

using Attributes = std::map<std::string, std::string>;

struct Element {
  std::string tag;
  Attributes attributes;
  size_t start = 0;  // of "<tag"
  size_t body = 0;   // after the start tag's '>'
  std::string Attr(const std::string& name) const {
    auto it = attributes.find(name);
    return it == attributes.end() ? "" : it->second;
  }
  bool Has(const std::string& name) const { return attributes.count(name) > 0; }
};

std::string DecodeEntities(std::string text) {
  static const std::pair<const char*, const char*> kEntities[] = {{"&lt;", "<"},    {"&gt;", ">"},
                                                                  {"&quot;", "\""}, {"&#39;", "'"},
                                                                  {"&nbsp;", " "},  {"&amp;", "&"}};
  for (const auto& [entity, replacement] : kEntities) {
    for (size_t at = text.find(entity); at != std::string::npos;
         at = text.find(entity, at + std::string_view(replacement).size())) {
      text.replace(at, std::string_view(entity).size(), replacement);
    }
  }
  return text;
}

// Visible text: tags removed, entities decoded, whitespace collapsed and trimmed.
std::string TextOf(const std::string& html) {
  static const std::regex kTag("<[^>]*>");
  std::string text = DecodeEntities(std::regex_replace(html, kTag, " "));
  std::string out;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<Element> Elements(const std::string& html, size_t from = 0,
                              size_t to = std::string::npos) {
  static const std::regex kStartTag(R"(<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>)");
  static const std::regex kAttribute(
      R"re(([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?)re");
  std::vector<Element> elements;
  if (to == std::string::npos) to = html.size();
  auto begin = html.begin() + from, end = html.begin() + to;
  for (std::sregex_iterator it(begin, end, kStartTag), stop; it != stop; ++it) {
    Element element;
    element.tag = (*it)[1].str();
    for (char& c : element.tag) c = static_cast<char>(std::tolower(c));
    element.start = from + it->position(0);
    element.body = element.start + it->length(0);
    std::string attributes = (*it)[2].str();
    for (std::sregex_iterator a(attributes.begin(), attributes.end(), kAttribute); a != stop; ++a) {
      std::string value = (*a)[2].matched   ? (*a)[2].str()
                          : (*a)[3].matched ? (*a)[3].str()
                                            : (*a)[4].str();
      element.attributes[(*a)[1].str()] = DecodeEntities(value);
    }
    elements.push_back(std::move(element));
  }
  return elements;
}

// The HTML between an element's start tag and its closing tag.
std::string InnerHtml(const std::string& html, const Element& element) {
  size_t close = html.find("</" + element.tag, element.body);
  return html.substr(element.body, close == std::string::npos ? 0 : close - element.body);
}

std::string FirstText(const std::string& html, const std::string& tag) {
  for (const Element& e : Elements(html)) {
    if (e.tag == tag) return TextOf(InnerHtml(html, e));
  }
  return "";
}

}  // namespace

std::string Page::Heading() const { return FirstText(html, "h1"); }
std::string Page::Subheading() const { return FirstText(html, "h2"); }

std::string Page::ErrorText() const {
  for (const Element& e : Elements(html)) {
    if (e.Attr("role") == "alert") return TextOf(InnerHtml(html, e));
  }
  return "";
}

std::string Page::AttributeOf(const std::string& tag, const std::string& key,
                              const std::string& value, const std::string& attribute) const {
  for (const Element& e : Elements(html)) {
    if (e.tag == tag && e.Attr(key) == value) return e.Attr(attribute);
  }
  return "";
}

std::string Page::TextOfId(const std::string& id) const {
  for (const Element& e : Elements(html)) {
    if (e.Attr("id") == id) return TextOf(InnerHtml(html, e));
  }
  return "";
}

std::string Page::Describe() const {
  return "HTTP " + std::to_string(status) + " " + url + " h1=\"" + Heading() + "\" h2=\"" +
         Subheading() + "\" error=\"" + ErrorText() + "\"";
}

PortalPages::PortalPages(std::string base_url)
    : base_url_(std::move(base_url)), transport_(http::NewCurlTransport()) {}

std::string PortalPages::Resolve(const std::string& base, const std::string& href) const {
  if (href.starts_with("http://") || href.starts_with("https://")) return href;
  StatusOr<std::string> origin = OriginOf(base);
  std::string root = origin.ok() ? *origin : base_url_;
  if (href.empty()) return base;
  if (href.front() == '/') return root + href;
  if (href.front() == '?') return base.substr(0, base.find('?')) + href;
  std::string directory = base.substr(0, base.find('?'));
  return directory.substr(0, directory.rfind('/') + 1) + href;
}

StatusOr<Page> PortalPages::Send(http::Request request) {
  request.url = Resolve(base_url_, request.url);
  for (int hop = 0; hop < 10; ++hop) {
    StatusOr<http::Response> response = transport_->Send(request);
    if (!response.ok()) return response.status();
    int status = response->status;
    if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
      return Page{request.url, status, response->body};
    }
    request.url = Resolve(request.url, response->HeaderValue("Location"));
    if (status != 307 && status != 308) {
      request.method = "GET";
      request.body.clear();
      request.headers.clear();
    }
  }
  return Status::FailedPrecondition("more than 10 redirects from " + request.url);
}

StatusOr<Page> PortalPages::Get(const std::string& url) { return Send({"GET", url, {}, ""}); }

StatusOr<Page> PortalPages::FollowLink(const Page& page, const std::string& text) {
  for (const Element& e : Elements(page.html)) {
    if (e.tag == "a" && TextOf(InnerHtml(page.html, e)) == text) {
      return Get(Resolve(page.url, e.Attr("href")));
    }
  }
  return Status::NotFound("no link \"" + text + "\" on " + page.Describe());
}

StatusOr<Page> PortalPages::Click(const Page& page, const std::string& button,
                                  const std::map<std::string, std::string>& fields) {
  const std::string& html = page.html;
  for (const Element& form : Elements(html)) {
    if (form.tag != "form") continue;
    size_t form_end = html.find("</form", form.body);
    std::vector<Element> inside = Elements(html, form.body, form_end);
    const Element* clicked = nullptr;
    for (const Element& e : inside) {
      if (e.tag == "button" && TextOf(InnerHtml(html, e)) == button) clicked = &e;
    }
    if (clicked == nullptr) continue;

    std::vector<std::pair<std::string, std::string>> values;  // form order
    auto set = [&values](const std::string& name, const std::string& value, bool replace) {
      if (replace) std::erase_if(values, [&](const auto& v) { return v.first == name; });
      values.emplace_back(name, value);
    };
    for (const Element& e : inside) {
      std::string type = e.Attr("type");
      if (e.tag == "input" && e.Has("name")) {
        bool checkable = type == "radio" || type == "checkbox";
        if (!checkable || e.Has("checked")) set(e.Attr("name"), e.Attr("value"), false);
      } else if (e.tag == "select" && e.Has("name")) {
        std::vector<Element> options = Elements(html, e.body, html.find("</select", e.body));
        if (!options.empty()) set(e.Attr("name"), options.front().Attr("value"), false);
      }
    }
    for (const auto& [label, value] : fields) {
      std::string id;
      for (const Element& e : inside) {
        if (e.tag == "label" && TextOf(InnerHtml(html, e)) == label) id = e.Attr("for");
      }
      const Element* field = nullptr;
      for (const Element& e : inside) {
        if ((!id.empty() && e.Attr("id") == id) || (id.empty() && e.Attr("name") == label)) {
          field = &e;
        }
      }
      if (field == nullptr)
        return Status::NotFound("no field \"" + label + "\" on " + page.Describe());
      std::string type = field->Attr("type");
      if (type == "radio" || type == "checkbox") {
        set(field->Attr("name"), field->Has("value") ? field->Attr("value") : "on",
            type == "radio");
      } else if (field->tag == "select") {
        size_t end = html.find("</select", field->body);
        std::string chosen;
        for (const Element& option : Elements(html, field->body, end)) {
          if (TextOf(InnerHtml(html, option)) == value) chosen = option.Attr("value");
        }
        if (chosen.empty()) return Status::NotFound("no option \"" + value + "\" in " + label);
        set(field->Attr("name"), chosen, true);
      } else {
        set(field->Attr("name"), value, true);
      }
    }
    if (clicked->Has("name")) set(clicked->Attr("name"), clicked->Attr("value"), true);

    std::string body;
    for (const auto& [name, value] : values) {
      body +=
          (body.empty() ? "" : "&") + otp::PercentEncode(name) + "=" + otp::PercentEncode(value);
    }
    std::string action = form.Has("action") ? Resolve(page.url, form.Attr("action")) : page.url;
    std::string method = form.Attr("method");
    for (char& c : method) c = static_cast<char>(std::toupper(c));
    if (method != "POST")
      return Get(action + (action.find('?') == std::string::npos ? "?" : "&") + body);
    return Send({"POST", action, {{"Content-Type", "application/x-www-form-urlencoded"}}, body});
  }
  return Status::NotFound("no button \"" + button + "\" on " + page.Describe());
}

}  // namespace proofup::phone::testing
