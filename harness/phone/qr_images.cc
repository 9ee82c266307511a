#include "harness/phone/qr_images.h"

#include <qrencode.h>

#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#include <stb/stb_image_write.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>

#include "harness/base/base64.h"

namespace proofup::phone::testing {
namespace {

constexpr int kScale = 4;  // pixels per module
constexpr int kQuiet = 4;  // modules of white border

void AppendBytes(void* context, void* data, int size) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(data), size);
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
  return "data:image/png;base64," + Base64Encode(QrPng(texts));
}

}  // namespace proofup::phone::testing
