// Reading the curl cookie jar: which of its cookies a request to a URL
// carries. libcurl applies these rules itself when it sends, but has no call
// that answers the question for another client (a scenario's `request:`).
#include "harness/http/cookie_jar.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <ctime>
#include <memory>

#include "harness/http/curl_library.h"

namespace proofup::http {
namespace {

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> fields;
  size_t start = 0;
  for (size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
    fields.push_back(line.substr(start, tab - start));
  fields.push_back(line.substr(start));
  return fields;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool DomainMatches(const std::string& host, std::string domain, bool subdomains) {
  domain = Lower(domain);
  if (!domain.empty() && domain[0] == '.') domain.erase(0, 1);
  if (host == domain) return true;
  return subdomains && host.size() > domain.size() &&
         host.compare(host.size() - domain.size(), domain.size(), domain) == 0 &&
         host[host.size() - domain.size() - 1] == '.';
}

// RFC 6265 5.1.4.
bool PathMatches(const std::string& path, const std::string& cookie_path) {
  if (cookie_path.empty() || path == cookie_path) return true;
  if (path.rfind(cookie_path, 0) != 0) return false;
  return cookie_path.back() == '/' || path[cookie_path.size()] == '/';
}

// Secure cookies go over https, and (as curl and Chromium do) to loopback
// hosts over http: a portal tested on 127.0.0.1 behaves as it will in production.
bool SecureContext(const UrlParts& url) {
  return url.scheme == "https" || IsLoopbackHost(url.host);
}

struct UrlDeleter {
  const CurlLibrary* curl;
  void operator()(CURLU* u) const { curl->url_cleanup(u); }
};
struct CurlString {
  const CurlLibrary* curl;
  char* text = nullptr;
  ~CurlString() { curl->free(text); }
};

}  // namespace

bool IsLoopbackHost(std::string_view host) {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  in_addr v4{};
  return inet_pton(AF_INET, std::string(host).c_str(), &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127;
}

std::optional<UrlParts> SplitUrl(std::string_view url) {
  const StatusOr<CurlLibrary>& loaded = Curl();
  if (!loaded.ok()) return std::nullopt;  // no libcurl: no transport, no jar to match
  const CurlLibrary* curl = &*loaded;
  std::unique_ptr<CURLU, UrlDeleter> u(curl->url(), UrlDeleter{curl});
  if (!u || curl->url_set(u.get(), CURLUPART_URL, std::string(url).c_str(), 0) != CURLUE_OK)
    return std::nullopt;
  CurlString scheme{curl}, host{curl}, path{curl};
  if (curl->url_get(u.get(), CURLUPART_SCHEME, &scheme.text, 0) != CURLUE_OK ||
      curl->url_get(u.get(), CURLUPART_HOST, &host.text, 0) != CURLUE_OK ||
      curl->url_get(u.get(), CURLUPART_PATH, &path.text, 0) != CURLUE_OK)
    return std::nullopt;
  return UrlParts{Lower(scheme.text), Lower(host.text), path.text};
}

std::vector<Cookie> MatchCookies(const std::vector<std::string>& jar_lines, std::string_view url,
                                 int64_t now_unix) {
  std::vector<Cookie> out;
  std::vector<size_t> path_lengths;
  auto parts = SplitUrl(url);
  if (!parts) return out;
  for (std::string line : jar_lines) {
    if (line.rfind("#HttpOnly_", 0) == 0) line.erase(0, 10);
    std::vector<std::string> f = SplitTabs(line);
    if (f.size() < 7 || line.empty() || line[0] == '#') continue;
    const bool subdomains = f[1] == "TRUE", secure = f[3] == "TRUE";
    const int64_t expires = std::strtoll(f[4].c_str(), nullptr, 10);
    if (!DomainMatches(parts->host, f[0], subdomains) || !PathMatches(parts->path, f[2])) continue;
    if (secure && !SecureContext(*parts)) continue;
    if (expires != 0 && expires <= now_unix) continue;
    out.push_back(Cookie{f[5], f[6]});
    path_lengths.push_back(f[2].size());
  }
  // RFC 6265 5.4: longer paths first; otherwise the jar's order.
  std::vector<size_t> order(out.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return path_lengths[a] > path_lengths[b]; });
  std::vector<Cookie> sorted;
  for (size_t i : order) sorted.push_back(std::move(out[i]));
  return sorted;
}

std::string CookieHeader(const std::vector<Cookie>& cookies) {
  std::string header;
  for (const Cookie& c : cookies) header += (header.empty() ? "" : "; ") + c.name + "=" + c.value;
  return header;
}

std::vector<Cookie> CookiesForRequest(const std::vector<StoredCookie>& stored, std::string_view url,
                                      int64_t now_unix) {
  std::vector<std::string> lines;
  for (const StoredCookie& c : stored)
    lines.push_back(c.domain + "\t" + (c.include_subdomains ? "TRUE" : "FALSE") + "\t" + c.path +
                    "\t" + (c.secure ? "TRUE" : "FALSE") + "\t" + std::to_string(c.expiry) + "\t" +
                    c.name + "\t" + c.value);
  return MatchCookies(lines, url, now_unix);
}

std::string HostOf(std::string_view url) {
  std::optional<UrlParts> parts = SplitUrl(url);
  return parts ? parts->host : "";
}

}  // namespace proofup::http
