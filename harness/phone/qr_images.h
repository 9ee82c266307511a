// Test-only: PNG images of QR codes, rendered with libqrencode and encoded
// with stb_image_write, so the phone scans what a screen would show.
#ifndef PROOFUP_PHONE_QR_IMAGES_H_
#define PROOFUP_PHONE_QR_IMAGES_H_

#include <string>
#include <vector>

namespace proofup::phone::testing {

// A PNG with one QR code per text, side by side on a white background;
// no texts gives a blank image.
std::string QrPng(const std::vector<std::string>& texts);

// "data:image/png;base64,..." of QrPng(texts).
std::string QrDataUri(const std::vector<std::string>& texts);

}  // namespace proofup::phone::testing

#endif  // PROOFUP_PHONE_QR_IMAGES_H_
