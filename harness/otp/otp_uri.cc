// otpauth:// (Key Uri Format) and phonefactor:// URIs, and the percent-coding they use.
#include <cctype>
#include <charconv>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <system_error>

#include "harness/otp/otp.h"

namespace proofup::otp {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct SplitUri {
  std::string_view host_or_type;  // between "://" and the path or query
  std::string_view path;          // after the '/' that follows the host (no query)
  std::string_view query;         // after '?', without a '#fragment'
};

// Splits "scheme://host/path?query#fragment" when the scheme matches
// (case-insensitively); error naming the expected scheme otherwise.
StatusOr<SplitUri> Split(std::string_view uri, std::string_view scheme) {
  const std::string prefix = std::string(scheme) + "://";
  if (uri.size() < prefix.size() || Lower(uri.substr(0, prefix.size())) != prefix) {
    return Status::InvalidArgument("not a URI starting with " + prefix);
  }
  std::string_view rest = uri.substr(prefix.size());
  if (size_t hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  SplitUri out;
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    out.query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  const size_t slash = rest.find('/');
  out.host_or_type = rest.substr(0, slash);
  if (slash != std::string_view::npos) out.path = rest.substr(slash + 1);
  return out;
}

// key -> percent-decoded value. Keys are matched case-insensitively; a
// repeated key is an error rather than a silent choice between two values.
StatusOr<std::map<std::string, std::string>> ParseQuery(std::string_view query) {
  std::map<std::string, std::string> params;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    const std::string key = Lower(pair.substr(0, eq));
    StatusOr<std::string> value =
        PercentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    if (!value.ok()) {
      return Status::InvalidArgument("parameter '" + key + "': " + value.status().message());
    }
    if (!params.emplace(key, std::move(*value)).second) {
      return Status::InvalidArgument("parameter '" + key + "' given twice");
    }
  }
  return params;
}

// Whole-string decimal integer, or nullopt-like failure via the bool.
template <typename Int>
bool ParseDecimal(std::string_view text, Int& out) {
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

Status ApplyParams(const std::map<std::string, std::string>& q, OtpAuthUri& u) {
  auto secret = q.find("secret");
  if (secret == q.end() || secret->second.empty()) {
    return Status::InvalidArgument("otpauth URI: missing secret");
  }
  StatusOr<std::string> key = Base32Decode(secret->second);
  if (!key.ok())
    return Status::InvalidArgument("otpauth URI: bad secret: " + key.status().message());
  if (key->empty()) return Status::InvalidArgument("otpauth URI: secret is empty");
  u.params.key = std::move(*key);

  if (auto it = q.find("algorithm"); it != q.end()) {
    StatusOr<Algorithm> algorithm = ParseAlgorithm(it->second);
    if (!algorithm.ok())
      return Status::InvalidArgument("otpauth URI: " + algorithm.status().message());
    u.params.algorithm = *algorithm;
  }
  if (auto it = q.find("digits"); it != q.end()) {
    int digits = 0;
    if (!ParseDecimal(it->second, digits) || digits < 6 || digits > 8) {
      return Status::InvalidArgument("otpauth URI: digits must be 6 to 8, got '" + it->second +
                                     "'");
    }
    u.params.digits = digits;
  }
  if (auto it = q.find("period"); it != q.end()) {
    int64_t period = 0;
    if (!ParseDecimal(it->second, period)) {
      return Status::InvalidArgument("otpauth URI: period is not a number: '" + it->second + "'");
    }
    if (period <= 0 || period > INT32_MAX) {
      return Status::InvalidArgument("otpauth URI: period must be positive, got " + it->second);
    }
    u.params.period_seconds = static_cast<int>(period);
  }
  if (auto it = q.find("counter"); it != q.end()) {
    if (!ParseDecimal(it->second, u.counter)) {
      return Status::InvalidArgument("otpauth URI: counter is not a number: '" + it->second + "'");
    }
  } else if (u.type == OtpType::kHotp) {
    return Status::InvalidArgument("otpauth URI: hotp without counter");
  }
  return Status::Ok();
}

}  // namespace

StatusOr<std::string> PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    const int hi = i + 1 < text.size() ? HexValue(text[i + 1]) : -1;
    const int lo = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      return Status::InvalidArgument("malformed percent escape at position " + std::to_string(i));
    }
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  return out;
}

StatusOr<OtpAuthUri> ParseOtpAuthUri(std::string_view uri) {
  StatusOr<SplitUri> split = Split(uri, "otpauth");
  if (!split.ok()) return split.status();
  OtpAuthUri u;
  const std::string type = Lower(split->host_or_type);
  if (type == "totp") {
    u.type = OtpType::kTotp;
  } else if (type == "hotp") {
    u.type = OtpType::kHotp;
  } else {
    return Status::InvalidArgument("otpauth URI: unknown type '" +
                                   std::string(split->host_or_type) + "' (expected totp or hotp)");
  }
  StatusOr<std::string> label = PercentDecode(split->path);
  if (!label.ok()) return Status::InvalidArgument("otpauth URI label: " + label.status().message());
  // The label is "Issuer:account" with the colon literal or %3A; the account
  // may be preceded by spaces.
  std::string_view account = *label;
  if (size_t colon = label->find(':'); colon != std::string::npos) {
    u.issuer = label->substr(0, colon);
    account = account.substr(colon + 1);
  }
  while (!account.empty() && account.front() == ' ') account.remove_prefix(1);
  u.account = std::string(account);

  StatusOr<std::map<std::string, std::string>> q = ParseQuery(split->query);
  if (!q.ok()) return Status::InvalidArgument("otpauth URI: " + q.status().message());
  if (Status s = ApplyParams(*q, u); !s.ok()) return s;
  if (auto it = q->find("issuer"); it != q->end()) u.issuer = it->second;
  return u;
}

std::string FormatOtpAuthUri(const OtpAuthUri& u) {
  std::string out = u.type == OtpType::kHotp ? "otpauth://hotp/" : "otpauth://totp/";
  if (!u.issuer.empty()) out += PercentEncode(u.issuer) + ":";
  out += PercentEncode(u.account);
  out += "?secret=" + Base32Encode(u.params.key);
  if (!u.issuer.empty()) out += "&issuer=" + PercentEncode(u.issuer);
  out += "&algorithm=" + std::string(AlgorithmName(u.params.algorithm));
  out += "&digits=" + std::to_string(u.params.digits);
  if (u.type == OtpType::kHotp) {
    out += "&counter=" + std::to_string(u.counter);
  } else {
    out += "&period=" + std::to_string(u.params.period_seconds);
  }
  return out;
}

StatusOr<PhoneFactorUri> ParsePhoneFactorUri(std::string_view uri) {
  StatusOr<SplitUri> split = Split(uri, "phonefactor");
  if (!split.ok()) return split.status();
  if (Lower(split->host_or_type) != "activate_account" || !split->path.empty()) {
    return Status::InvalidArgument("phonefactor URI: expected host activate_account, got '" +
                                   std::string(split->host_or_type) + "'");
  }
  StatusOr<std::map<std::string, std::string>> q = ParseQuery(split->query);
  if (!q.ok()) return Status::InvalidArgument("phonefactor URI: " + q.status().message());
  PhoneFactorUri out;
  auto code = q->find("code");
  if (code == q->end() || code->second.empty()) {
    return Status::InvalidArgument("phonefactor URI: missing code");
  }
  auto url = q->find("url");
  if (url == q->end() || url->second.empty()) {
    return Status::InvalidArgument("phonefactor URI: missing url");
  }
  out.code = code->second;
  out.url = url->second;
  return out;
}

std::string FormatPhoneFactorUri(const PhoneFactorUri& u) {
  return "phonefactor://activate_account?code=" + PercentEncode(u.code) +
         "&url=" + PercentEncode(u.url);
}

}  // namespace proofup::otp
