// Internal to the phone module: JSON requests to the portal's phone-side routes.
#ifndef PROOFUP_PHONE_JSON_CLIENT_H_
#define PROOFUP_PHONE_JSON_CLIENT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "harness/base/status.h"
#include "harness/http/http.h"

namespace proofup::phone {

struct JsonReply {
  int status = 0;
  nlohmann::json body;  // null when the body was empty or not JSON
};

// Sends `method url` with `body` as JSON (none for a null body). Any HTTP
// status is returned as a reply; transport failures are passed on.
// Error kParseError (naming the URL) when a 2xx answer is not JSON.
StatusOr<JsonReply> ExchangeJson(http::Transport& transport, std::string_view method,
                                 const std::string& url, const nlohmann::json& body = nullptr);

// GET `url` and the array in its member `list` ({"messages": [...]}).
// Transport failures are passed on; kFailedPrecondition ("GET <url> answered
// HTTP <status>") for any status but 200; kParseError when `list` is not an array.
StatusOr<nlohmann::json> GetJsonList(http::Transport& transport, const std::string& url,
                                     const char* list);

// "scheme://host[:port]" of an http(s) URL. kInvalidArgument otherwise.
StatusOr<std::string> OriginOf(std::string_view url);

// Reads a string / integer member; kParseError naming `what` and the member when
// it is missing or of another type.
StatusOr<std::string> StringMember(const nlohmann::json& object, const char* name,
                                   std::string_view what);
StatusOr<int64_t> IntMember(const nlohmann::json& object, const char* name, std::string_view what);

// The "error" word of a refusal body, or "HTTP <status>" when there is none.
std::string RefusalWord(const JsonReply& reply);

}  // namespace proofup::phone

#endif  // PROOFUP_PHONE_JSON_CLIENT_H_
