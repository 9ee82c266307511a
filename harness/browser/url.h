// URL helpers of the browser: reference resolution (RFC 3986 section 5) and
// form encoding (application/x-www-form-urlencoded). Pure functions,
// thread-safe.
#ifndef PROOFUP_BROWSER_URL_H_
#define PROOFUP_BROWSER_URL_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/base/status.h"

namespace proofup::browser {

// Resolves `reference` (absolute, scheme-relative, absolute-path, relative
// path, query-only or fragment-only) against the absolute URL `base`.
// Errors: kInvalidArgument when `base` has no scheme and `reference` is not
// absolute itself. Spaces are percent-encoded; nothing else is re-encoded.
StatusOr<std::string> ResolveUrl(std::string_view base, std::string_view reference);

// True for an absolute http: or https: URL with a host ("http://h/...").
bool IsAbsoluteHttpUrl(std::string_view url);

// `url` without its "#fragment".
std::string StripFragment(std::string_view url);

// `url` with its query replaced by `query` (no "?" when `query` is empty),
// fragment dropped: what a GET form submission does to its action URL.
std::string WithQuery(std::string_view url, std::string_view query);

// name=value pairs joined by '&', each part encoded the way browsers encode
// forms: [A-Za-z0-9*-._] kept, space as '+', every other byte as %XX.
std::string FormUrlEncode(const std::vector<std::pair<std::string, std::string>>& pairs);

// The payload of a data: URI ("data:[type][;base64],payload"), base64 or
// percent-decoded. Errors: kInvalidArgument when not a data: URI or badly encoded.
StatusOr<std::string> DecodeDataUri(std::string_view uri);

}  // namespace proofup::browser

#endif  // PROOFUP_BROWSER_URL_H_
