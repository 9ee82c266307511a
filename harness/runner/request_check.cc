#include "harness/runner/request_check.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "harness/jsonpath/jsonpath.h"
#include "harness/runner/text_search.h"

namespace proofup::runner {
namespace {

using Json = jsonpath::Json;
using scenario::ValueCheck;

// A value in a message: strings quoted, long values cut.
std::string Shown(const Json& value) {
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  return text.size() > 120 ? text.substr(0, 117) + "..." : text;
}

// The text a pattern or a capture sees: a string as is, anything else as JSON.
std::string TextOf(const Json& value) {
  return value.is_string() ? value.get<std::string>()
                           : value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// JSON equality, and a JSON string equal to the text of an expected number,
// boolean or null (and the other way round): "42" and 42 mean the same to a person.
bool SameValue(const Json& actual, const Json& expected) {
  if (actual == expected) return true;
  if (actual.is_string() && expected.is_primitive() && !expected.is_string())
    return actual.get<std::string>() == expected.dump();
  if (expected.is_string() && actual.is_primitive() && !actual.is_string())
    return expected.get<std::string>() == actual.dump();
  return false;
}

bool Matches(const std::string& pattern, const std::string& text) {
  auto found = FindFirst(pattern, text);
  return found.ok() && found->has_value();
}

// The selection of a path: its only value, or for a wildcard path the list
// of values; nullopt when a path without wildcard selects nothing.
std::optional<Json> Selected(const jsonpath::Path& path, const Json& document) {
  std::vector<const Json*> values = jsonpath::Select(path, document);
  if (path.selects_many()) {
    Json list = Json::array();
    for (const Json* v : values) list.push_back(*v);
    return list;
  }
  if (values.empty()) return std::nullopt;
  return *values[0];
}

std::optional<std::string> BrokenBodyCheck(const scenario::BodyCheck& c,
                                           const std::optional<Json>& document) {
  auto path = jsonpath::ParsePath(c.path);  // checked by the loader
  if (!path.ok()) return c.path + ": " + path.status().message();
  std::optional<Json> value;
  if (document) value = Selected(*path, *document);
  bool found = value && !(path->selects_many() && value->empty());
  const std::string nothing = document ? "nothing (the path selects nothing)" : "no JSON body";
  switch (c.check.kind) {
    case ValueCheck::Kind::kExists:
      if (found == c.check.exists) return std::nullopt;
      return c.path + (c.check.exists ? ": expected to exist, got " + nothing
                                      : ": expected not to exist, got " + Shown(*value));
    case ValueCheck::Kind::kMatches:
      if (found && Matches(c.check.value, TextOf(*value))) return std::nullopt;
      return c.path + ": expected a match of \"" + c.check.value + "\", got " +
             (found ? Shown(*value) : nothing);
    case ValueCheck::Kind::kEquals: {
      Json expected = Json::parse(c.check.value, nullptr, false);
      if (value && SameValue(*value, expected)) return std::nullopt;
      return c.path + ": expected " + Shown(expected) + ", got " +
             (value ? Shown(*value) : nothing);
    }
  }
  return std::nullopt;
}

std::optional<std::string> BrokenHeaderCheck(const scenario::HeaderCheck& c,
                                             const http::Response& response) {
  std::optional<std::string> value;
  if (const http::Header* h = http::FindHeader(response.headers, c.name)) value = h->value;
  const std::string got = value ? "\"" + *value + "\"" : "no such header";
  const std::string name = "header " + c.name;
  switch (c.check.kind) {
    case ValueCheck::Kind::kExists:
      if (value.has_value() == c.check.exists) return std::nullopt;
      return name + (c.check.exists ? ": expected to exist, got " + got
                                    : ": expected not to exist, got " + got);
    case ValueCheck::Kind::kMatches:
      if (value && Matches(c.check.value, *value)) return std::nullopt;
      return name + ": expected a match of \"" + c.check.value + "\", got " + got;
    case ValueCheck::Kind::kEquals:
      if (value && *value == c.check.value) return std::nullopt;
      return name + ": expected \"" + c.check.value + "\", got " + got;
  }
  return std::nullopt;
}

std::string StatusList(const std::vector<int>& statuses) {
  std::string out;
  for (size_t i = 0; i < statuses.size(); ++i)
    out += (i == 0 ? "" : i + 1 == statuses.size() ? " or " : ", ") + std::to_string(statuses[i]);
  return out;
}

}  // namespace

StatusOr<std::string> InterpolateJson(const std::string& json_text,
                                      const scenario::VariableLookup& lookup) {
  Json document = Json::parse(json_text, nullptr, false);
  if (document.is_discarded()) return Status::InvalidArgument("not JSON: " + json_text);
  // Iteratively, like the JSONPath walk: the document came from YAML, but no
  // need for recursion to find its strings.
  std::vector<Json*> pending = {&document};
  while (!pending.empty()) {
    Json* node = pending.back();
    pending.pop_back();
    if (node->is_string()) {
      auto text = scenario::Interpolate(node->get<std::string>(), lookup);
      if (!text.ok()) return text.status();
      *node = *text;
    } else if (node->is_array()) {
      for (Json& item : *node) pending.push_back(&item);
    } else if (node->is_object()) {
      Json renamed = Json::object();
      for (auto& [key, value] : node->items()) {
        auto name = scenario::Interpolate(key, lookup);
        if (!name.ok()) return name.status();
        renamed[*name] = std::move(value);
      }
      *node = std::move(renamed);
      for (auto& [key, value] : node->items()) pending.push_back(&value);
    }
  }
  return document.dump();
}

std::vector<std::string> BrokenExpectations(const scenario::HttpRequest& request,
                                            const http::Response& response) {
  std::vector<std::string> broken;
  if (request.status.empty()) {
    if (response.status >= 400)
      broken.push_back("expected a status below 400 (no \"status\" expected), got " +
                       std::to_string(response.status));
  } else if (std::find(request.status.begin(), request.status.end(), response.status) ==
             request.status.end()) {
    broken.push_back("expected status " + StatusList(request.status) + ", got " +
                     std::to_string(response.status));
  }
  for (const scenario::HeaderCheck& c : request.expect_headers)
    if (auto b = BrokenHeaderCheck(c, response)) broken.push_back(*b);
  if (!request.expect_body.empty()) {
    std::optional<Json> document;
    if (Json parsed = Json::parse(response.body, nullptr, false); !parsed.is_discarded())
      document = std::move(parsed);
    for (const scenario::BodyCheck& c : request.expect_body)
      if (auto b = BrokenBodyCheck(c, document)) broken.push_back(*b);
  }
  for (const std::string& pattern : request.body_matches)
    if (!Matches(pattern, response.body))
      broken.push_back("expected the body to match \"" + pattern + "\"");
  return broken;
}

StatusOr<std::string> CaptureValue(const scenario::RequestCapture& capture,
                                   const http::Response& response) {
  const std::string what = "capture " + capture.var + ": ";
  if (!capture.pattern.empty()) {
    auto found = FindFirst(capture.pattern, response.body);
    if (!found.ok()) return found.status();
    if (!found->has_value())
      return Status::NotFound(what + "nothing in the body matches \"" + capture.pattern + "\"");
    return **found;
  }
  auto path = jsonpath::ParsePath(capture.path);
  if (!path.ok()) return path.status();
  Json document = Json::parse(response.body, nullptr, false);
  if (document.is_discarded())
    return Status::NotFound(what + capture.path + " needs a JSON body, got " +
                            AnswerSummary(response));
  std::optional<Json> value = Selected(*path, document);
  if (!value || (path->selects_many() && value->empty()))
    return Status::NotFound(what + capture.path + " selects nothing");
  return TextOf(*value);
}

std::string AnswerSummary(const http::Response& response) {
  std::string type = response.HeaderValue("Content-Type");
  std::string location = response.HeaderValue("Location");  // a redirect is not followed
  return std::to_string(response.status) + " (" + (type.empty() ? "no Content-Type" : type) + ", " +
         std::to_string(response.body.size()) + " bytes" +
         (location.empty() ? "" : ", Location: " + location) + ")";
}

std::string BodyExcerpt(const std::string& body, size_t limit) {
  std::string out = "\"";
  size_t i = 0;
  for (; i < body.size() && i < limit; ++i) {
    unsigned char c = static_cast<unsigned char>(body[i]);
    size_t length = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool valid = length > 0 && i + length <= body.size();
    for (size_t k = 1; valid && k < length; ++k)
      valid = (static_cast<unsigned char>(body[i + k]) & 0xC0) == 0x80;
    if (length > 1 && valid) {
      if (i + length > limit) break;
      out.append(body, i, length);
      i += length - 1;
    } else if (c == '\n' || c == '\t' || c == '\r' || c == '"' || c == '\\') {
      out += c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r" : c == '"' ? "\\\"" : "\\\\";
    } else if (c < 0x20 || c == 0x7F || length != 1) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += "\"";
  if (i < body.size()) out += "... (" + std::to_string(body.size() - i) + " more bytes)";
  return out;
}

std::string DescribeExpectations(const scenario::HttpRequest& request) {
  std::vector<std::string> parts;
  parts.push_back(request.status.empty() ? "status below 400"
                                         : "status " + StatusList(request.status));
  for (const auto& h : request.expect_headers) parts.push_back("header " + h.name);
  for (const auto& b : request.expect_body) parts.push_back(b.path);
  for (const auto& p : request.body_matches) parts.push_back("body matching \"" + p + "\"");
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out;
}

}  // namespace proofup::runner
