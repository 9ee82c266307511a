#include "harness/browser/url.h"

#include <cctype>
#include <optional>

#include "harness/base/base64.h"

namespace proofup::browser {
namespace {

// The five parts of RFC 3986 appendix B; `has_*` tells "absent" from "empty".
struct UrlParts {
  std::string scheme, authority, path, query, fragment;
  bool has_scheme = false, has_authority = false, has_query = false, has_fragment = false;
};

std::optional<size_t> SchemeEnd(std::string_view s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return std::nullopt;
  for (size_t i = 1; i < s.size(); ++i) {
    char c = s[i];
    if (c == ':') return i;
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.')
      return std::nullopt;
  }
  return std::nullopt;
}

UrlParts Split(std::string_view s) {
  UrlParts p;
  if (auto end = SchemeEnd(s)) {
    p.has_scheme = true;
    p.scheme = std::string(s.substr(0, *end));
    s.remove_prefix(*end + 1);
  }
  if (auto hash = s.find('#'); hash != std::string_view::npos) {
    p.has_fragment = true;
    p.fragment = std::string(s.substr(hash + 1));
    s = s.substr(0, hash);
  }
  if (auto q = s.find('?'); q != std::string_view::npos) {
    p.has_query = true;
    p.query = std::string(s.substr(q + 1));
    s = s.substr(0, q);
  }
  if (s.starts_with("//")) {
    p.has_authority = true;
    s.remove_prefix(2);
    size_t slash = s.find('/');
    p.authority = std::string(s.substr(0, slash));
    s = slash == std::string_view::npos ? std::string_view() : s.substr(slash);
  }
  p.path = std::string(s);
  return p;
}

std::string Join(const UrlParts& p) {
  std::string out;
  if (p.has_scheme) out += p.scheme + ":";
  if (p.has_authority) out += "//" + p.authority;
  out += p.path;
  if (p.has_query) out += "?" + p.query;
  if (p.has_fragment) out += "#" + p.fragment;
  return out;
}

// RFC 3986 5.2.4.
std::string RemoveDotSegments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.remove_prefix(3);
    } else if (in.starts_with("./")) {
      in.remove_prefix(2);
    } else if (in.starts_with("/./")) {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../") || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      size_t last = out.rfind('/');
      out.erase(last == std::string::npos ? 0 : last);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      size_t next = in.find('/', in[0] == '/' ? 1 : 0);
      size_t n = next == std::string_view::npos ? in.size() : next;
      out.append(in.substr(0, n));
      in.remove_prefix(n);
    }
  }
  return out;
}

std::string MergePaths(const UrlParts& base, const std::string& ref_path) {
  if (base.has_authority && base.path.empty()) return "/" + ref_path;
  size_t slash = base.path.rfind('/');
  if (slash == std::string::npos) return ref_path;
  return base.path.substr(0, slash + 1) + ref_path;
}

std::string EncodeSpaces(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ') {
      out += "%20";
    } else {
      out += c;
    }
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

StatusOr<std::string> ResolveUrl(std::string_view base_url, std::string_view reference) {
  std::string trimmed(reference);
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back())))
    trimmed.pop_back();
  size_t lead = 0;
  while (lead < trimmed.size() && std::isspace(static_cast<unsigned char>(trimmed[lead]))) ++lead;
  UrlParts ref = Split(EncodeSpaces(std::string_view(trimmed).substr(lead)));
  UrlParts base = Split(base_url);
  UrlParts t;
  if (ref.has_scheme) {
    t = ref;
    t.path = RemoveDotSegments(ref.path);
    return Join(t);
  }
  if (!base.has_scheme) {
    return Status::InvalidArgument("cannot resolve \"" + std::string(reference) + "\" against \"" +
                                   std::string(base_url) + "\": the base is not an absolute URL");
  }
  t.has_scheme = true;
  t.scheme = base.scheme;
  if (ref.has_authority) {
    t.has_authority = true;
    t.authority = ref.authority;
    t.path = RemoveDotSegments(ref.path);
    t.has_query = ref.has_query;
    t.query = ref.query;
  } else {
    t.has_authority = base.has_authority;
    t.authority = base.authority;
    if (ref.path.empty()) {
      t.path = base.path;
      t.has_query = ref.has_query || base.has_query;
      t.query = ref.has_query ? ref.query : base.query;
    } else {
      t.path = RemoveDotSegments(ref.path[0] == '/' ? ref.path : MergePaths(base, ref.path));
      t.has_query = ref.has_query;
      t.query = ref.query;
    }
  }
  t.has_fragment = ref.has_fragment;
  t.fragment = ref.fragment;
  return Join(t);
}

std::string StripFragment(std::string_view url) {
  return std::string(url.substr(0, url.find('#')));
}

std::string WithQuery(std::string_view url, std::string_view query) {
  std::string out = StripFragment(url);
  out.erase(std::min(out.find('?'), out.size()));
  if (!query.empty()) out += "?" + std::string(query);
  return out;
}

std::string FormUrlEncode(const std::vector<std::pair<std::string, std::string>>& pairs) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  auto encode = [](std::string_view s, std::string& out) {
    for (unsigned char c : s) {
      if (std::isalnum(c) || c == '*' || c == '-' || c == '.' || c == '_') {
        out += static_cast<char>(c);
      } else if (c == ' ') {
        out += '+';
      } else {
        out += '%';
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
      }
    }
  };
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (!out.empty()) out += '&';
    encode(name, out);
    out += '=';
    encode(value, out);
  }
  return out;
}

StatusOr<std::string> DecodeDataUri(std::string_view uri) {
  if (uri.size() < 5 || (uri.substr(0, 5) != "data:" && uri.substr(0, 5) != "DATA:"))
    return Status::InvalidArgument("not a data: URI");
  size_t comma = uri.find(',');
  if (comma == std::string_view::npos) return Status::InvalidArgument("data: URI without ','");
  std::string_view meta = uri.substr(5, comma - 5);
  std::string_view payload = uri.substr(comma + 1);
  if (meta.ends_with(";base64")) return proofup::Base64Decode(payload);
  std::string out;
  for (size_t i = 0; i < payload.size(); ++i) {
    if (payload[i] == '%' && i + 2 < payload.size() && HexValue(payload[i + 1]) >= 0 &&
        HexValue(payload[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(payload[i + 1]) * 16 + HexValue(payload[i + 2]));
      i += 2;
    } else {
      out += payload[i];
    }
  }
  return out;
}

bool IsAbsoluteHttpUrl(std::string_view url) {
  std::string lower;
  for (char c : url.substr(0, 8))
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t rest = lower.starts_with("https://") ? 8 : lower.starts_with("http://") ? 7 : 0;
  return rest > 0 && url.size() > rest && url[rest] != '/';
}

}  // namespace proofup::browser
