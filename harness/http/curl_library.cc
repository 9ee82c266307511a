#include "harness/http/curl_library.h"

#include <utility>

namespace proofup::http {
namespace {

StatusOr<CurlLibrary> LoadCurl() {
  auto library = SharedLibrary::Open("libcurl.so.4", "libcurl4", "sending HTTP requests");
  if (!library.ok()) return library.status();
  CurlLibrary api{std::move(*library)};
  const SharedLibrary& l = api.library;
  const bool bound =
      l.Bind("curl_global_init", api.global_init) && l.Bind("curl_easy_init", api.easy_init) &&
      l.Bind("curl_easy_cleanup", api.easy_cleanup) &&
      l.Bind("curl_easy_setopt", api.easy_setopt) &&
      l.Bind("curl_easy_perform", api.easy_perform) &&
      l.Bind("curl_easy_getinfo", api.easy_getinfo) &&
      l.Bind("curl_easy_strerror", api.easy_strerror) &&
      l.Bind("curl_slist_append", api.slist_append) &&
      l.Bind("curl_slist_free_all", api.slist_free_all) && l.Bind("curl_url", api.url) &&
      l.Bind("curl_url_cleanup", api.url_cleanup) && l.Bind("curl_url_set", api.url_set) &&
      l.Bind("curl_url_get", api.url_get) && l.Bind("curl_free", api.free);
  if (!bound) {
    return Status::Unimplemented(
        "sending HTTP requests needs libcurl 7.62 or later (Debian package libcurl4): a "
        "function is missing from libcurl.so.4");
  }
  // Not thread-safe in libcurl; here it runs once, inside the magic static.
  // Never cleaned up: the process owns it.
  CURLcode code = api.global_init(CURL_GLOBAL_DEFAULT);
  if (code != CURLE_OK) {
    return Status::Internal(std::string("curl_global_init failed: ") + api.easy_strerror(code));
  }
  return api;
}

}  // namespace

const StatusOr<CurlLibrary>& Curl() {
  static const StatusOr<CurlLibrary> curl = LoadCurl();
  return curl;
}

}  // namespace proofup::http
