// Enrolment QR codes as PNG images inside `data:` URIs, ready for an <img>.
#ifndef PROOFUP_MOCK_IDP_QR_PNG_H_
#define PROOFUP_MOCK_IDP_QR_PNG_H_

#include <string>

#include "harness/base/status.h"

namespace proofup::mockidp {

struct QrPngOptions {
  int module_pixels = 4;  // size of one QR module in the image
  int quiet_zone = 4;     // modules of white border (the QR spec minimum)
};

// Encodes `text` (error correction M) with libqrencode and returns the PNG
// bytes. Error (kInternal) when libqrencode or the PNG writer fails, e.g. for
// a text too long for any QR version. Thread-safe.
StatusOr<std::string> QrPng(const std::string& text, const QrPngOptions& options = {});

// "data:image/png;base64,..." of QrPng(text).
StatusOr<std::string> QrDataUri(const std::string& text, const QrPngOptions& options = {});

// Standard base64 with padding.
std::string Base64Encode(const std::string& bytes);

}  // namespace proofup::mockidp

#endif  // PROOFUP_MOCK_IDP_QR_PNG_H_
