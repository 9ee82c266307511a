#include "harness/phone/json_client.h"

namespace proofup::phone {

StatusOr<JsonReply> ExchangeJson(http::Transport& transport, std::string_view method,
                                 const std::string& url, const nlohmann::json& body) {
  http::Request request;
  request.method = std::string(method);
  request.url = url;
  request.headers.push_back({"Accept", "application/json"});
  if (!body.is_null()) {
    request.headers.push_back({"Content-Type", "application/json"});
    request.body = body.dump();
  }
  StatusOr<http::Response> response = transport.Send(request);
  if (!response.ok()) return response.status();

  JsonReply reply;
  reply.status = response->status;
  reply.body = nlohmann::json::parse(response->body, nullptr, /*allow_exceptions=*/false);
  if (reply.body.is_discarded()) {
    reply.body = nullptr;
    if (reply.status >= 200 && reply.status < 300) {
      return Status::ParseError(request.method + " " + url + " answered HTTP " +
                                std::to_string(reply.status) + " without a JSON body");
    }
  }
  return reply;
}

StatusOr<std::string> OriginOf(std::string_view url) {
  size_t scheme_end = url.find("://");
  std::string_view scheme = url.substr(0, scheme_end);
  if (scheme_end == std::string_view::npos || (scheme != "http" && scheme != "https")) {
    return Status::InvalidArgument("not an http(s) URL: \"" + std::string(url) + "\"");
  }
  size_t host_start = scheme_end + 3;
  size_t host_end = url.find_first_of("/?#", host_start);
  if (host_end == std::string_view::npos) host_end = url.size();
  if (host_end == host_start) {
    return Status::InvalidArgument("URL without a host: \"" + std::string(url) + "\"");
  }
  return std::string(url.substr(0, host_end));
}

StatusOr<std::string> StringMember(const nlohmann::json& object, const char* name,
                                   std::string_view what) {
  if (!object.is_object() || !object.contains(name) || !object[name].is_string()) {
    return Status::ParseError(std::string(what) + ": no string \"" + name + "\" in the answer");
  }
  return object[name].get<std::string>();
}

StatusOr<int64_t> IntMember(const nlohmann::json& object, const char* name, std::string_view what) {
  if (!object.is_object() || !object.contains(name) || !object[name].is_number_integer()) {
    return Status::ParseError(std::string(what) + ": no integer \"" + name + "\" in the answer");
  }
  return object[name].get<int64_t>();
}

StatusOr<nlohmann::json> GetJsonList(http::Transport& transport, const std::string& url,
                                     const char* list) {
  StatusOr<JsonReply> reply = ExchangeJson(transport, "GET", url);
  if (!reply.ok()) return reply.status();
  if (reply->status != 200)
    return Status::FailedPrecondition("GET " + url + " answered HTTP " +
                                      std::to_string(reply->status));
  if (!reply->body.is_object() || !reply->body.contains(list) || !reply->body[list].is_array())
    return Status::ParseError("GET " + url + ": no \"" + list + "\" list");
  return std::move(reply->body[list]);
}

std::string RefusalWord(const JsonReply& reply) {
  if (reply.body.is_object() && reply.body.contains("error") && reply.body["error"].is_string()) {
    return reply.body["error"].get<std::string>();
  }
  return "HTTP " + std::to_string(reply.status);
}

}  // namespace proofup::phone
