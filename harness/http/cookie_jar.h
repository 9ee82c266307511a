// Internal to harness/http: the cookie rules CurlTransport::CookiesFor applies
// to the lines of curl's jar (CURLINFO_COOKIELIST, Netscape format).
#ifndef PROOFUP_HTTP_COOKIE_JAR_H_
#define PROOFUP_HTTP_COOKIE_JAR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/http/http.h"

namespace proofup::http {

struct UrlParts {
  std::string scheme;  // lower case
  std::string host;    // lower case, no port
  std::string path;    // "/" at least
};
// Parsed with curl's URL parser; nullopt for a URL it refuses.
std::optional<UrlParts> SplitUrl(std::string_view url);

// True for a loopback host as SplitUrl gives it: "localhost", 127.0.0.0/8, "::1" or "[::1]".
bool IsLoopbackHost(std::string_view host);

// The cookies of `jar_lines` ("domain\tTRUE\tpath\tFALSE\texpiry\tname\tvalue",
// "#HttpOnly_" prefix allowed) a request to `url` carries at `now_unix`:
// domain (exact, or a subdomain when the second field is TRUE), path prefix
// (RFC 6265 5.1.4), Secure only over https or to a loopback host (as curl and
// Chromium send them), not expired (0 = session cookie). Longer paths first,
// otherwise in the jar's order.
std::vector<Cookie> MatchCookies(const std::vector<std::string>& jar_lines, std::string_view url,
                                 int64_t now_unix);

}  // namespace proofup::http

#endif  // PROOFUP_HTTP_COOKIE_JAR_H_
