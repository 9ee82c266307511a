// Test support for mock-idp: a libcurl HTTP client with its own cookie jar
// (one per simulated browser or phone), and helpers that pick the pieces the
// tests need out of the portal's HTML. Not thread-safe per object; use one
// client per thread.
#ifndef PROOFUP_MOCK_IDP_TESTING_CLIENT_H_
#define PROOFUP_MOCK_IDP_TESTING_CLIENT_H_

#include <curl/curl.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace proofup::mockidp::testing {

struct HttpResponse {
  long status = 0;  // 0: transport error (see error)
  std::string body;
  std::string url;       // final URL (after redirects when following)
  std::string location;  // Location header of a redirect that was not followed
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string error;
  std::string Header(const std::string& lower_name) const;
  std::string Path() const;     // path of `url`, without query
  nlohmann::json Json() const;  // discarded value when not JSON
};

using Form = std::vector<std::pair<std::string, std::string>>;

class HttpClient {
 public:
  // `ca_file`: trust this CA for https:// (the test CA); empty = system store.
  explicit HttpClient(std::string base_url, std::string ca_file = "");
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Relative paths are resolved against the base URL. Redirects are
  // followed (POST becomes GET after 303) unless `follow` is false.
  HttpResponse Get(const std::string& path, bool follow = true,
                   const std::vector<std::string>& headers = {});
  HttpResponse PostForm(const std::string& path, const Form& form, bool follow = true);
  HttpResponse Send(const std::string& method, const std::string& path, const std::string& body,
                    const std::vector<std::string>& headers, bool follow = false);
  HttpResponse PostJson(const std::string& path, const nlohmann::json& body,
                        const std::vector<std::string>& headers = {});
  const std::string& base_url() const { return base_url_; }
  // Drops all cookies (a new browser profile).
  void ClearCookies();
  // Time spent in HTTP exchanges (curl's total time, summed) and their count,
  // since construction: what the benchmark reports as time spent in the server.
  double http_seconds() const { return http_seconds_; }
  int requests() const { return requests_; }

 private:
  std::string base_url_;
  std::string ca_file_;
  CURL* curl_;
  double http_seconds_ = 0;
  int requests_ = 0;
};

// ---- HTML scraping (the portal's markup is regular; see PROTOCOL.md) ----

std::string HtmlUnescape(const std::string& s);
// The text between the first `open` and the next `close` after it,
// unescaped; "" when absent. (Plain string search: no std::regex, whose
// libstdc++ 12 code trips -Wmaybe-uninitialized in the sanitizer build.)
std::string Between(const std::string& html, const std::string& open, const std::string& close);
std::string Title(const std::string& html);
std::string H1(const std::string& html);
std::string H2(const std::string& html);
std::string Csrf(const std::string& html);
std::string ErrorText(const std::string& html);    // <div class="error" role="alert">
std::string StatusText(const std::string& html);   // <p class="result" role="status">
std::string QrSrc(const std::string& html);        // the QR <img> src
std::string MatchNumber(const std::string& html);  // <div class="number-match">
// href of the <a> whose text is `text`.
std::string LinkHref(const std::string& html, const std::string& text);
// Label of the submit button with name=action value=`value`.
std::string ButtonLabel(const std::string& html, const std::string& value);
// Text with tags removed and entities decoded (for "contains" checks).
std::string VisibleText(const std::string& html);

}  // namespace proofup::mockidp::testing

#endif  // PROOFUP_MOCK_IDP_TESTING_CLIENT_H_
