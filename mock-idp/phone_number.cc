#include "mock-idp/phone_number.h"

#include <cctype>

namespace proofup::mockidp {
namespace {

const Country* FindByIso(std::string_view iso) {
  for (const Country& c : SupportedCountries()) {
    if (c.iso == iso) return &c;
  }
  return nullptr;
}

// Longest-prefix match of a supported calling code at the start of `digits`.
const Country* FindByCallingCode(std::string_view digits) {
  const Country* best = nullptr;
  for (const Country& c : SupportedCountries()) {
    if (digits.substr(0, c.calling_code.size()) == c.calling_code &&
        (best == nullptr || c.calling_code.size() > best->calling_code.size())) {
      best = &c;
    }
  }
  return best;
}

// Whether `nsn` (national significant number, no trunk prefix) is a mobile
// number of `iso`.
bool IsMobile(std::string_view iso, std::string_view nsn) {
  auto starts = [&](std::string_view p) { return nsn.substr(0, p.size()) == p; };
  if (iso == "NL") return nsn.size() == 9 && starts("6");
  if (iso == "BE") return nsn.size() == 9 && starts("4");
  if (iso == "DE") {
    return (nsn.size() == 10 || nsn.size() == 11) && (starts("15") || starts("16") || starts("17"));
  }
  if (iso == "GB") return nsn.size() == 10 && starts("7");
  if (iso == "US") return nsn.size() == 10 && nsn[0] >= '2' && nsn[3] >= '2';
  return false;
}

}  // namespace

const std::vector<Country>& SupportedCountries() {
  static const std::vector<Country> kCountries = {
      {"NL", "Nederland", "31"},      {"BE", "België", "32"},       {"DE", "Deutschland", "49"},
      {"GB", "United Kingdom", "44"}, {"US", "United States", "1"},
  };
  return kCountries;
}

StatusOr<std::string> NormalizeMobileNumber(std::string_view country_iso, std::string_view input) {
  const Country* country = FindByIso(country_iso);
  if (country == nullptr) return Status::InvalidArgument("unsupported country");
  std::string digits;
  bool international = false;
  for (size_t i = 0; i < input.size(); ++i) {
    char c = input[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
    } else if (c == '+' && i == input.find_first_not_of(' ') && digits.empty()) {
      international = true;
    } else if (c != ' ' && c != '-' && c != '.' && c != '/' && c != '(' && c != ')') {
      return Status::InvalidArgument("phone number contains a character that is not a digit");
    }
  }
  if (!international && digits.rfind("00", 0) == 0) {
    international = true;
    digits.erase(0, 2);
  }
  if (international) {
    country = FindByCallingCode(digits);
    if (country == nullptr) return Status::InvalidArgument("unsupported country calling code");
    digits.erase(0, country->calling_code.size());
  }
  // Trunk prefix: "0" in Europe (also written "+31 (0)6..."), "1" in the US.
  if (country->iso == "US") {
    if (digits.size() == 11 && digits[0] == '1') digits.erase(0, 1);
  } else if (!digits.empty() && digits[0] == '0') {
    digits.erase(0, 1);
  }
  if (!IsMobile(country->iso, digits)) {
    return Status::InvalidArgument("not a mobile number of " + country->name);
  }
  return "+" + country->calling_code + digits;
}

std::string FormatE164ForDisplay(const std::string& e164) {
  if (e164.size() < 2 || e164[0] != '+') return e164;
  const Country* c = FindByCallingCode(std::string_view(e164).substr(1));
  if (c == nullptr) return e164;
  return "+" + c->calling_code + " " + e164.substr(1 + c->calling_code.size());
}

}  // namespace proofup::mockidp
