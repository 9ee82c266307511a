// Normalising the mobile numbers people type into the portal's phone step to
// E.164, the form the SMS gateway files messages under.
#ifndef PROOFUP_MOCK_IDP_PHONE_NUMBER_H_
#define PROOFUP_MOCK_IDP_PHONE_NUMBER_H_

#include <string>
#include <string_view>
#include <vector>

#include "harness/base/status.h"

namespace proofup::mockidp {

struct Country {
  std::string iso;           // "NL"
  std::string name;          // "Nederland" (as the dropdown shows it, in every language)
  std::string calling_code;  // "31"
};

// The countries of the phone step's dropdown, in display order. Nederland first.
const std::vector<Country>& SupportedCountries();

// Normalises `input` as a mobile number of the country with ISO code
// `country_iso` ("NL", "BE", "DE", "GB", "US"). Spaces, dashes, dots, slashes
// and parentheses are ignored; "0612345678", "06-12345678", "612345678" and
// "+31612345678" all give "+31612345678". An input starting with "+" or "00"
// carries its own country code, which must be a supported one.
// Returns kInvalidArgument (message names the reason) for anything that is not
// a plausible mobile number of that country. Pure, thread-safe.
StatusOr<std::string> NormalizeMobileNumber(std::string_view country_iso, std::string_view input);

// "+31612345678" -> "+31 612345678" (calling code split off for display).
std::string FormatE164ForDisplay(const std::string& e164);

}  // namespace proofup::mockidp

#endif  // PROOFUP_MOCK_IDP_PHONE_NUMBER_H_
