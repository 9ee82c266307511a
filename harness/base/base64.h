// Standard base64 (RFC 4648 section 4), as carried by data: URIs. Shared by the
// browser (data: images) and the QR decoder. Pure and thread-safe.
#ifndef PROOFUP_BASE_BASE64_H_
#define PROOFUP_BASE_BASE64_H_

#include <string>
#include <string_view>

#include "harness/base/status.h"

namespace proofup {

// Decodes `text`; whitespace is ignored and '=' padding is optional.
// Error (kInvalidArgument): a character outside the alphabet or data after
// padding, named with its 0-based position, or a length that cannot be whole bytes.
StatusOr<std::string> Base64Decode(std::string_view text);

// Encodes `bytes` with '=' padding, no line breaks.
std::string Base64Encode(std::string_view bytes);

}  // namespace proofup

#endif  // PROOFUP_BASE_BASE64_H_
