// Small request/response helpers shared by the browser, phone and control
// routes. Pure functions; thread-safe.
#ifndef PROOFUP_MOCK_IDP_HTTP_UTIL_H_
#define PROOFUP_MOCK_IDP_HTTP_UTIL_H_

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

namespace proofup::mockidp {

inline constexpr const char* kSessionCookie = "mockidp_session";

// Value of cookie `name` in the request's Cookie header, "" when absent.
std::string CookieValue(const httplib::Request& req, const std::string& name);
// Set-Cookie value for the session cookie (HttpOnly, SameSite=Lax, Path=/,
// plus Secure over HTTPS); an empty id expires the cookie.
std::string SessionCookieHeader(const std::string& id, bool secure);

// "nl" or "en" from an Accept-Language header by q-value; "" when neither.
std::string LanguageFromAcceptHeader(const std::string& header);

// First value of query/form parameter `name`, "" when absent.
std::string Param(const httplib::Request& req, const std::string& name);

// Headers every response carries (no caching of pages with tokens, no
// framing, a CSP that fits pages without scripts).
void SetSecurityHeaders(httplib::Response& res);

void SendJson(httplib::Response& res, int status, const nlohmann::json& body);

}  // namespace proofup::mockidp

#endif  // PROOFUP_MOCK_IDP_HTTP_UTIL_H_
