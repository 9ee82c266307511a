// The HTTP transport: the one seam between proofup and the network, kept small
// "so it can be mocked out for tests" (after Ninja). The browser and the phone
// each own a Transport; tests give them a fake one or wrap a real one to
// inject faults (after LevelDB's Env).
//
// A Transport sends exactly one request and returns exactly one response:
// it never follows redirects (the browser does, so it can apply the right
// method rules and record every hop). The curl implementation keeps a cookie
// jar per Transport object, i.e. one per virtual user.
#ifndef PROOFUP_HTTP_HTTP_H_
#define PROOFUP_HTTP_HTTP_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "harness/base/status.h"

namespace proofup::http {

struct Header {
  std::string name;
  std::string value;
};

struct Request {
  std::string method = "GET";
  std::string url;
  std::vector<Header> headers;  // in addition to the transport's defaults
  std::string body;
  // Limit for this exchange in ms, capped by TransportOptions::total_timeout_ms;
  // 0 = that option alone. The browser passes what is left of a navigation's deadline.
  long timeout_ms = 0;
  // Largest body accepted for this exchange, capped by
  // TransportOptions::max_body_bytes; 0 = that option alone.
  size_t max_body_bytes = 0;
};

struct Response {
  int status = 0;
  std::vector<Header> headers;
  std::string body;
  std::string url;        // the URL that was requested
  double elapsed_ms = 0;  // total time of this exchange
  // First header named `name` (case-insensitive), or "" when absent.
  std::string HeaderValue(std::string_view name) const;
};

// A cookie as sent in a Cookie header.
struct Cookie {
  std::string name;
  std::string value;
};

struct TransportOptions {
  long connect_timeout_ms = 5'000;
  long total_timeout_ms = 30'000;
  // A (decompressed) response body larger than this aborts the download at
  // once with kFailedPrecondition: a hostile portal cannot exhaust memory.
  size_t max_body_bytes = 10 * 1024 * 1024;
  bool insecure = false;  // true disables TLS peer and host verification
  std::string ca_file;    // extra CA bundle (PEM) to trust; empty = system store
  std::string user_agent =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/120.0 Safari/537.36 proofup/0.1";
  std::string accept_language = "nl-NL,nl;q=0.9,en;q=0.8";
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Sends `request`. Any HTTP status, including 4xx/5xx, is an OK response.
  // Errors: kNetworkError (refused, DNS, TLS verification, ...) and kTimeout,
  // with a message naming the URL and curl's reason; kInvalidArgument for a
  // scheme other than http/https (file:, gopher:, ... are never fetched);
  // kFailedPrecondition "response body larger than N bytes" when the body
  // passes the limit (the download stops there).
  // Not thread-safe: one Transport per thread/virtual user.
  virtual StatusOr<Response> Send(const Request& request) = 0;
  // The cookies this transport's jar would send with a request to `url`
  // (domain, path, Secure and expiry rules), in the jar's order; none for a
  // URL that does not parse or a transport without a jar (the default).
  virtual std::vector<Cookie> CookiesFor(std::string_view /*url*/) { return {}; }
};

// The first of `headers` named `name` (case-insensitive), or nullptr.
const Header* FindHeader(const std::vector<Header>& headers, std::string_view name);

// "a=1; b=2": the value of a Cookie header carrying `cookies`; "" for none.
std::string CookieHeader(const std::vector<Cookie>& cookies);

// Checks that `path` is a readable PEM file holding at least one X.509
// certificate, as TransportOptions::ca_file must be. Error: kInvalidArgument
// whose message names the file and what is wrong (missing, unreadable, not
// PEM, no certificate). Thread-safe.
Status CheckCaFile(const std::string& path);

// A cookie as a browser stores it (e.g. WebDriver's Get All Cookies).
struct StoredCookie {
  std::string name, value;
  std::string domain;               // lower case, without a leading dot
  bool include_subdomains = false;  // it was set with a Domain attribute
  std::string path = "/";
  bool secure = false;
  int64_t expiry = 0;  // unix seconds; 0 = a session cookie
};

// The cookies of `stored` that a request to absolute `url` carries at
// `now_unix`, by the rules of the curl transport's own jar: domain (exact, or
// a subdomain with include_subdomains), path prefix (RFC 6265 5.1.4), Secure
// only over https or to a loopback host, not expired; longer paths first,
// otherwise in `stored`'s order. None for a URL that does not parse. Thread-safe.
std::vector<Cookie> CookiesForRequest(const std::vector<StoredCookie>& stored, std::string_view url,
                                      int64_t now_unix);

// The host of absolute `url`, lower case, without a port; "" when it does
// not parse. Thread-safe.
std::string HostOf(std::string_view url);

// A libcurl-backed transport with its own cookie engine. libcurl itself is
// opened (dlopen) by the first transport of the process, not at its start:
// its ~25 libraries cost ~5 ms of CPU. When it cannot be loaded, every Send
// returns kUnimplemented naming the Debian package (libcurl4).
std::unique_ptr<Transport> NewCurlTransport(const TransportOptions& options = {});

// Opens libcurl now if no transport has yet, so that the first one does not
// wait for it: call it on a thread of its own early in a process that will
// send requests, and the loading overlaps the process's other start-up work.
// Returns the error a transport's Send would (kUnimplemented: libcurl4
// missing). Thread-safe; once loaded, returns at once.
Status PreloadTransportLibrary();

}  // namespace proofup::http

#endif  // PROOFUP_HTTP_HTTP_H_
