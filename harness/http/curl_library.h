// Internal to the http module: libcurl, opened with dlopen by the first
// transport (or by PreloadTransportLibrary) instead of at process start.
// Debian's libcurl brings ~25 libraries (librtmp -> GnuTLS, krb5, LDAP,
// libssh2, nghttp2, ...) whose loading and constructors cost every proofup
// start ~5 ms of CPU before main(), also for `--help`, `validate` or `list`.
// The headers give the types; the calls go through these pointers.
#ifndef PROOFUP_HTTP_CURL_LIBRARY_H_
#define PROOFUP_HTTP_CURL_LIBRARY_H_

#include <curl/curl.h>

#include "harness/base/shared_library.h"
#include "harness/base/status.h"

namespace proofup::http {

struct CurlLibrary {
  SharedLibrary library;
  decltype(&::curl_global_init) global_init = nullptr;
  decltype(&::curl_easy_init) easy_init = nullptr;
  decltype(&::curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&::curl_easy_setopt) easy_setopt = nullptr;
  decltype(&::curl_easy_perform) easy_perform = nullptr;
  decltype(&::curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&::curl_easy_strerror) easy_strerror = nullptr;
  decltype(&::curl_slist_append) slist_append = nullptr;
  decltype(&::curl_slist_free_all) slist_free_all = nullptr;
  decltype(&::curl_url) url = nullptr;
  decltype(&::curl_url_cleanup) url_cleanup = nullptr;
  decltype(&::curl_url_set) url_set = nullptr;
  decltype(&::curl_url_get) url_get = nullptr;
  decltype(&::curl_free) free = nullptr;
};

// libcurl.so.4, opened, bound and curl_global_init'ed by the first call from
// any thread (a magic static: the others wait for it); later calls return the
// same library, or the same error: kUnimplemented naming the Debian package
// (libcurl4) when it cannot be loaded or lacks a function. The library stays
// loaded until the process ends. Thread-safe.
const StatusOr<CurlLibrary>& Curl();

}  // namespace proofup::http

#endif  // PROOFUP_HTTP_CURL_LIBRARY_H_
