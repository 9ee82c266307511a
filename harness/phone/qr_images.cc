#include "harness/phone/qr_images.h"

#include <qrencode.h>

#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#include <stb/stb_image_write.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>

namespace proofup::phone::testing {
namespace {

constexpr int kScale = 4;  // pixels per module
constexpr int kQuiet = 4;  // modules of white border

void AppendBytes(void* context, void* data, int size) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(data), size);
}

std::string Base64(const std::string& bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(n >> shift) & 63];
  }
  if (i + 1 == bytes.size()) {
    uint32_t n = uint8_t(bytes[i]) << 16;
    out += std::string{kAlphabet[(n >> 18) & 63], kAlphabet[(n >> 12) & 63], '=', '='};
  } else if (i + 2 == bytes.size()) {
    uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8);
    out += std::string{kAlphabet[(n >> 18) & 63], kAlphabet[(n >> 12) & 63],
                       kAlphabet[(n >> 6) & 63], '='};
  }
  return out;
}

}  // namespace

std::string QrPng(const std::vector<std::string>& texts) {
  std::vector<std::unique_ptr<QRcode, decltype(&QRcode_free)>> codes;
  int width = kQuiet * kScale, height = 2 * kQuiet * kScale + 21 * kScale;
  for (const std::string& text : texts) {
    QRcode* code = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (code == nullptr) throw std::runtime_error("qrencode failed");
    codes.emplace_back(code, &QRcode_free);
    width += (code->width + kQuiet) * kScale;
    height = std::max(height, (code->width + 2 * kQuiet) * kScale);
  }
  std::vector<uint8_t> pixels(size_t(width) * height, 255);
  int left = kQuiet * kScale;
  for (const auto& code : codes) {
    for (int y = 0; y < code->width * kScale; ++y) {
      for (int x = 0; x < code->width * kScale; ++x) {
        bool dark = code->data[(y / kScale) * code->width + x / kScale] & 1;
        if (dark) pixels[size_t(y + kQuiet * kScale) * width + left + x] = 0;
      }
    }
    left += (code->width + kQuiet) * kScale;
  }
  std::string png;
  stbi_write_png_to_func(AppendBytes, &png, width, height, 1, pixels.data(), width);
  return png;
}

std::string QrDataUri(const std::vector<std::string>& texts) {
  return "data:image/png;base64," + Base64(QrPng(texts));
}

}  // namespace proofup::phone::testing
