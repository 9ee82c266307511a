#include "mock-idp/testing/client.h"

namespace proofup::mockidp::testing {
namespace {

size_t WriteBody(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

size_t WriteHeader(char* data, size_t size, size_t n, void* user) {
  auto* headers = static_cast<std::vector<std::pair<std::string, std::string>>*>(user);
  std::string line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) headers->clear();  // a new response after a redirect
  const size_t colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
    headers->emplace_back(name, value);
  }
  return size * n;
}

std::string Encode(CURL* curl, const std::string& s) {
  char* e = curl_easy_escape(curl, s.c_str(), static_cast<int>(s.size()));
  std::string out = e ? e : "";
  curl_free(e);
  return out;
}

}  // namespace

std::string HttpResponse::Header(const std::string& lower_name) const {
  for (const auto& [k, v] : headers) {
    if (k == lower_name) return v;
  }
  return "";
}

std::string HttpResponse::Path() const {
  const size_t scheme = url.find("://");
  const size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (slash == std::string::npos) return "/";
  return url.substr(slash, url.find('?', slash) - slash);
}

nlohmann::json HttpResponse::Json() const { return nlohmann::json::parse(body, nullptr, false); }

HttpClient::HttpClient(std::string base_url, std::string ca_file)
    : base_url_(std::move(base_url)), ca_file_(std::move(ca_file)), curl_(curl_easy_init()) {
  curl_easy_setopt(curl_, CURLOPT_COOKIEFILE, "");  // in-memory cookie engine
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl_, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(curl_, CURLOPT_TCP_NODELAY, 1L);
}

HttpClient::~HttpClient() { curl_easy_cleanup(curl_); }

void HttpClient::ClearCookies() { curl_easy_setopt(curl_, CURLOPT_COOKIELIST, "ALL"); }

HttpResponse HttpClient::Send(const std::string& method, const std::string& path,
                              const std::string& body, const std::vector<std::string>& headers,
                              bool follow) {
  HttpResponse r;
  const std::string url = path.rfind("http", 0) == 0 ? path : base_url_ + path;
  curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl_, CURLOPT_FOLLOWLOCATION, follow ? 1L : 0L);
  curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, WriteBody);
  curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, WriteHeader);
  curl_easy_setopt(curl_, CURLOPT_HEADERDATA, &r.headers);
  if (!ca_file_.empty()) curl_easy_setopt(curl_, CURLOPT_CAINFO, ca_file_.c_str());
  curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, nullptr);
  if (method == "GET") {
    curl_easy_setopt(curl_, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(curl_, CURLOPT_POST, 1L);
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    if (method != "POST") curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  curl_slist* list = nullptr;
  for (const std::string& h : headers) list = curl_slist_append(list, h.c_str());
  list = curl_slist_append(list, "Expect:");
  curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, list);
  const CURLcode rc = curl_easy_perform(curl_);
  curl_slist_free_all(list);
  if (rc != CURLE_OK) {
    r.error = curl_easy_strerror(rc);
    return r;
  }
  curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &r.status);
  double seconds = 0;
  long redirects = 0;
  curl_easy_getinfo(curl_, CURLINFO_TOTAL_TIME, &seconds);
  curl_easy_getinfo(curl_, CURLINFO_REDIRECT_COUNT, &redirects);
  http_seconds_ += seconds;
  requests_ += 1 + static_cast<int>(redirects);
  char* effective = nullptr;
  curl_easy_getinfo(curl_, CURLINFO_EFFECTIVE_URL, &effective);
  r.url = effective ? effective : url;
  r.location = r.Header("location");
  return r;
}

HttpResponse HttpClient::Get(const std::string& path, bool follow,
                             const std::vector<std::string>& headers) {
  return Send("GET", path, "", headers, follow);
}

HttpResponse HttpClient::PostForm(const std::string& path, const Form& form, bool follow) {
  std::string body;
  for (const auto& [k, v] : form) {
    if (!body.empty()) body += "&";
    body += Encode(curl_, k) + "=" + Encode(curl_, v);
  }
  return Send("POST", path, body, {"Content-Type: application/x-www-form-urlencoded"}, follow);
}

HttpResponse HttpClient::PostJson(const std::string& path, const nlohmann::json& body,
                                  const std::vector<std::string>& headers) {
  std::vector<std::string> h = headers;
  h.push_back("Content-Type: application/json");
  return Send("POST", path, body.dump(), h, false);
}

std::string HtmlUnescape(const std::string& s) {
  static const std::pair<const char*, const char*> kEntities[] = {{"&lt;", "<"},    {"&gt;", ">"},
                                                                  {"&quot;", "\""}, {"&apos;", "'"},
                                                                  {"&#39;", "'"},   {"&amp;", "&"}};
  std::string out = s;
  for (const auto& [from, to] : kEntities) {
    for (size_t pos = out.find(from); pos != std::string::npos; pos = out.find(from, pos + 1)) {
      out.replace(pos, std::string(from).size(), to);
    }
  }
  return out;
}

std::string Between(const std::string& html, const std::string& open, const std::string& close) {
  const size_t b = html.find(open);
  if (b == std::string::npos) return "";
  const size_t e = html.find(close, b + open.size());
  if (e == std::string::npos) return "";
  return HtmlUnescape(html.substr(b + open.size(), e - b - open.size()));
}

std::string Title(const std::string& html) { return Between(html, "<title>", "</title>"); }
std::string H1(const std::string& html) { return Between(html, "<h1>", "</h1>"); }
std::string H2(const std::string& html) { return Between(html, "<h2>", "</h2>"); }
std::string Csrf(const std::string& html) { return Between(html, "name=\"csrf\" value=\"", "\""); }
std::string ErrorText(const std::string& html) {
  return Between(html, "<div class=\"error\" role=\"alert\">", "</div>");
}
std::string StatusText(const std::string& html) {
  return Between(html, "<p class=\"result\" role=\"status\">", "</p>");
}
std::string QrSrc(const std::string& html) {
  const size_t img = html.find("<img");
  return img == std::string::npos ? "" : Between(html.substr(img), "src=\"", "\"");
}
std::string MatchNumber(const std::string& html) {
  return Between(html, "<div class=\"number-match\" id=\"number\">", "</div>");
}

std::string LinkHref(const std::string& html, const std::string& text) {
  const std::string open = "<a href=\"";
  for (size_t pos = html.find(open); pos != std::string::npos; pos = html.find(open, pos + 1)) {
    const size_t href_end = html.find("\">", pos + open.size());
    const size_t text_end = html.find("</a>", href_end);
    if (href_end == std::string::npos || text_end == std::string::npos) break;
    if (HtmlUnescape(html.substr(href_end + 2, text_end - href_end - 2)) == text) {
      return HtmlUnescape(html.substr(pos + open.size(), href_end - pos - open.size()));
    }
  }
  return "";
}

std::string ButtonLabel(const std::string& html, const std::string& value) {
  return Between(html, "name=\"action\" value=\"" + value + "\">", "</button>");
}

std::string VisibleText(const std::string& html) {
  std::string out;
  bool in_tag = false;
  for (char c : html) {
    if (c == '<') {
      in_tag = true;
      out.push_back(' ');
    } else if (c == '>') {
      in_tag = false;
    } else if (!in_tag) {
      out.push_back(c);
    }
  }
  return HtmlUnescape(out);
}

}  // namespace proofup::mockidp::testing
