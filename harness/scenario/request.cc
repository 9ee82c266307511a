// `request:` steps: an HTTP request beside the page, the checks on its answer
// and the variables captured from it. Short form: `request: /api/me` (a GET).
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>

#include "harness/jsonpath/jsonpath.h"
#include "harness/scenario/yaml_reader.h"

namespace proofup::scenario {
namespace {

using Json = nlohmann::ordered_json;

const std::vector<std::string> kMethods = {"GET",    "POST", "PUT",    "PATCH",
                                           "DELETE", "HEAD", "OPTIONS"};
const std::vector<std::string> kRequestKeys = {"method", "url",  "headers", "form",
                                               "json",   "body", "expect",  "capture"};
const std::vector<std::string> kExpectKeys = {"status", "headers", "body", "body matches"};
const std::vector<std::string> kCheckKeys = {"equals", "matches", "exists"};

// A plain (unquoted) scalar as YAML's core schema types it: null, a boolean,
// an integer, a float, else a string. Quoted scalars are always strings.
Json ScalarToJson(const YAML::Node& node) {
  const std::string& s = node.Scalar();
  if (node.Tag() != "?") return s;
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  // Digits, sign, point and exponent only: strtod alone would take "inf", "nan" and hex.
  if (s.find_first_not_of("0123456789+-.eE") != std::string::npos) return s;
  if (!std::isdigit(static_cast<unsigned char>(s.back()))) return s;
  errno = 0;
  char* end = nullptr;
  long long integer = std::strtoll(s.c_str(), &end, 10);
  if (*end == '\0' && errno == 0) return integer;
  errno = 0;
  double number = std::strtod(s.c_str(), &end);
  if (*end == '\0' && errno == 0) return number;
  return s;
}

// A YAML value as JSON. Recursion is bounded: the loader refuses files nested
// deeper than LoadOptions::max_yaml_depth before any step is parsed.
std::optional<Json> ToJson(YamlReader& r, const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return Json(nullptr);
  if (node.IsScalar()) return ScalarToJson(node);
  if (node.IsSequence()) {
    Json out = Json::array();
    for (const YAML::Node& item : node) {
      auto v = ToJson(r, item);
      if (!v) return std::nullopt;
      out.push_back(std::move(*v));
    }
    return out;
  }
  Json out = Json::object();
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar()) {
      r.Error(it->first.Mark(),
              "expected a JSON member name (text), got " + YamlReader::KindOf(it->first));
      return std::nullopt;
    }
    auto v = ToJson(r, it->second);
    if (!v) return std::nullopt;
    out[it->first.Scalar()] = std::move(*v);
  }
  return out;
}

// A mapping of name: value or name: check, its keys in the order written,
// each once. Each entry is labelled `<what> "<name>"`.
std::optional<std::vector<Entry>> NamedEntries(YamlReader& r, const Entry& e,
                                               const std::string& expected,
                                               const std::string& what) {
  if (!e.value.IsMap() || e.value.size() == 0) {
    r.Error(e.value_mark(),
            "expected " + expected + " for " + e.label + ", got " + YamlReader::KindOf(e.value));
    return std::nullopt;
  }
  std::vector<Entry> out;
  std::map<std::string, int> seen;
  int before = r.error_count();
  for (auto it = e.value.begin(); it != e.value.end(); ++it) {
    if (!it->first.IsScalar() || it->first.Scalar().empty()) {
      r.Error(it->first.Mark(), "expected a " + what + " (text) in " + e.label + ", got " +
                                    YamlReader::KindOf(it->first));
      continue;
    }
    Entry k{it->first.Scalar(), it->first, it->second, what + " \"" + it->first.Scalar() + "\""};
    if (auto [pos, inserted] = seen.emplace(k.key, k.mark().line + 1); !inserted) {
      r.Error(k.mark(), "duplicate key \"" + k.key + "\" (first at line " +
                            std::to_string(pos->second) + ")");
      continue;
    }
    out.push_back(std::move(k));
  }
  if (r.error_count() != before) return std::nullopt;
  return out;
}

std::optional<std::vector<std::pair<std::string, std::string>>> TextPairs(YamlReader& r,
                                                                          const Entry& e,
                                                                          const std::string& what) {
  auto entries = NamedEntries(r, e, "a mapping of " + what + ": value", what);
  if (!entries) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> out;
  bool ok = true;
  for (const Entry& k : *entries) {
    auto v = r.Text(k, /*allow_empty=*/true);
    if (v) out.emplace_back(k.key, *v);
    ok = ok && v.has_value();
  }
  if (!ok) return std::nullopt;
  return out;
}

// A value (equals), or {equals: v} / {matches: pattern} / {exists: yes|no}.
// Body checks compare JSON; header checks compare text.
std::optional<ValueCheck> Check(YamlReader& r, const Entry& e, bool json) {
  ValueCheck check;
  auto equals = [&](const Entry& k) -> bool {
    if (!json) {
      auto t = r.Text(k, /*allow_empty=*/true);
      if (t) check.value = *t;
      return t.has_value();
    }
    auto v = ToJson(r, k.value);
    if (v) check.value = v->dump();
    return v.has_value();
  };
  if (!e.value.IsMap()) {
    if (!equals(e)) return std::nullopt;
    return check;
  }
  int before = r.error_count();
  std::vector<Entry> entries = r.MappingEntries(e.value, kCheckKeys, e.label);
  if (r.error_count() != before) return std::nullopt;
  if (entries.size() != 1) {
    r.Error(e.value_mark(), e.label + " needs exactly one of equals, matches, exists" +
                                (json ? " (compare an object with {equals: {...}})" : ""));
    return std::nullopt;
  }
  const Entry& k = entries[0];
  if (k.key == "equals") {
    if (!equals(k)) return std::nullopt;
  } else if (k.key == "matches") {
    auto p = r.Regex(k);
    if (!p) return std::nullopt;
    check.kind = ValueCheck::Kind::kMatches;
    check.value = *p;
  } else {
    auto yes = r.YesNo(k);
    if (!yes) return std::nullopt;
    check.kind = ValueCheck::Kind::kExists;
    check.exists = *yes;
  }
  return check;
}

std::optional<std::string> Path(YamlReader& r, const Entry& e) {
  auto t = r.Text(e);
  if (!t) return std::nullopt;
  if (auto parsed = jsonpath::ParsePath(*t); !parsed.ok()) {
    r.Error(e.value_mark(), "invalid JSONPath: " + parsed.status().message());
    return std::nullopt;
  }
  return t;
}

std::optional<std::vector<int>> Statuses(YamlReader& r, const Entry& e) {
  std::vector<Entry> items;
  if (e.value.IsSequence()) {
    for (const YAML::Node& item : e.value) items.push_back(ItemEntry(e, item));
  } else {
    items.push_back(e);
  }
  std::vector<int> out;
  bool ok = !items.empty();
  if (!ok) r.Error(e.value_mark(), "expected an HTTP status or a list of them for \"status\"");
  for (const Entry& item : items) {
    auto n = r.Integer(item);
    if (n && (*n < 100 || *n > 599)) {
      r.Error(item.value_mark(), "HTTP status " + std::to_string(*n) + " is outside 100..599");
      n.reset();
    }
    if (n) out.push_back(static_cast<int>(*n));
    ok = ok && n.has_value();
  }
  if (!ok) return std::nullopt;
  return out;
}

bool ParseExpect(YamlReader& r, const Entry& e, HttpRequest& q) {
  int before = r.error_count();
  for (const Entry& k : r.Entries(e, "a mapping with " + std::string("status, headers, body"),
                                  kExpectKeys, "\"expect\"")) {
    if (k.key == "status") {
      if (auto s = Statuses(r, k)) q.status = *s;
    } else if (k.key == "body matches") {
      auto list = r.TextList(k);
      if (!list) continue;
      if (k.value.IsScalar()) r.Regex(k);
      for (size_t i = 0; k.value.IsSequence() && i < k.value.size(); ++i)
        r.Regex(ItemEntry(k, k.value[i]));
      q.body_matches = *list;
    } else {
      const bool body = k.key == "body";
      auto entries = NamedEntries(r, k,
                                  body ? "a mapping of JSONPath: expected value"
                                       : "a mapping of header name: expected value",
                                  body ? "JSONPath" : "header");
      for (const Entry& c : entries.value_or(std::vector<Entry>{})) {
        auto check = Check(r, c, body);
        if (!check) continue;
        if (!body) {
          q.expect_headers.push_back({c.key, *check});
        } else if (Entry path{c.key, c.key_node, c.key_node, c.label}; Path(r, path)) {
          q.expect_body.push_back({c.key, *check});
        }
      }
    }
  }
  return r.error_count() == before;
}

// name: "$.path", or name: {path: "$.path" | regex: "...", secret: yes}
bool ParseCaptures(YamlReader& r, const Entry& e, HttpRequest& q) {
  auto entries = NamedEntries(r, e, "a mapping of variable: JSONPath", "capture");
  if (!entries) return false;
  int before = r.error_count();
  for (const Entry& k : *entries) {
    RequestCapture c;
    if (auto var = r.VarName(Entry{k.key, k.key_node, k.key_node, k.label})) c.var = *var;
    if (k.value.IsScalar()) {
      if (!k.value.Scalar().starts_with("$")) {
        r.Error(k.value_mark(), k.label +
                                    " needs a JSONPath (\"$.a.b\") or a mapping with path "
                                    "or regex, e.g. {regex: \"code=(\\\\d+)\"}");
        continue;
      }
      if (auto p = Path(r, k)) c.path = *p;
    } else {
      bool source = false;
      for (const Entry& f : r.Entries(k, "a JSONPath or a mapping with path, regex, secret",
                                      {"path", "regex", "secret"}, k.label)) {
        if (f.key == "path" || f.key == "regex") {
          if (source) r.Error(f.mark(), k.label + " takes one of \"path\" and \"regex\"");
          source = true;
          auto v = f.key == "path" ? Path(r, f) : r.Regex(f);
          if (v) (f.key == "path" ? c.path : c.pattern) = *v;
        } else if (auto yes = r.YesNo(f)) {
          c.secret = *yes;
        }
      }
      if (!source && r.error_count() == before)
        r.Error(k.mark(), k.label + " needs \"path\" (a JSONPath) or \"regex\"");
    }
    q.captures.push_back(std::move(c));
  }
  return r.error_count() == before;
}

bool ParseBody(YamlReader& r, const Entry& k, HttpRequest& q) {
  if (q.body_kind != HttpRequest::BodyKind::kNone) {
    r.Error(k.mark(), "a request has one body: \"form\", \"json\" or \"body\"");
    return false;
  }
  if (k.key == "form") {
    auto pairs = TextPairs(r, k, "form field");
    if (!pairs) return false;
    q.form = *pairs;
    q.body_kind = HttpRequest::BodyKind::kForm;
  } else if (k.key == "json") {
    auto json = ToJson(r, k.value);
    if (!json) return false;
    q.body = json->dump();
    q.body_kind = HttpRequest::BodyKind::kJson;
  } else {
    auto text = r.Text(k, /*allow_empty=*/true);
    if (!text) return false;
    q.body = *text;
    q.body_kind = HttpRequest::BodyKind::kRaw;
  }
  return true;
}

}  // namespace

std::optional<Action> ParseRequestAction(YamlReader& r, const Entry& e) {
  HttpRequest q;
  if (e.value.IsScalar()) {
    auto url = r.Text(e);
    if (!url) return std::nullopt;
    q.url = *url;
    return q;
  }
  int before = r.error_count();
  bool has_url = false;
  for (const Entry& k : r.Entries(e, "a URL or a mapping with method, url, headers, body, expect",
                                  kRequestKeys, "\"request\"")) {
    if (k.key == "method") {
      auto m = r.Text(k);
      if (!m) continue;
      std::string upper = *m;
      std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
      if (std::find(kMethods.begin(), kMethods.end(), upper) == kMethods.end()) {
        r.Error(k.value_mark(), UnknownMessage("HTTP method", *m, kMethods));
        continue;
      }
      q.method = upper;
    } else if (k.key == "url") {
      has_url = true;
      if (auto url = r.Text(k)) q.url = *url;
    } else if (k.key == "headers") {
      if (auto h = TextPairs(r, k, "header")) q.headers = *h;
    } else if (k.key == "expect") {
      ParseExpect(r, k, q);
    } else if (k.key == "capture") {
      ParseCaptures(r, k, q);
    } else {
      ParseBody(r, k, q);
    }
  }
  if (r.error_count() == before && !has_url)
    r.Error(e.mark(), "missing required key \"url\" in \"request\"");
  if (r.error_count() == before && q.method == "HEAD" &&
      q.body_kind != HttpRequest::BodyKind::kNone)
    r.Error(e.mark(), "a HEAD request sends no body");
  if (r.error_count() != before) return std::nullopt;
  return q;
}

}  // namespace proofup::scenario
