#include "mock-idp/qr_png.h"

#include <openssl/evp.h>
#include <qrencode.h>

#include <memory>
#include <vector>

// Static linkage keeps these symbols private to this file, so another module
// that also compiles stb can be linked into the same program.
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

namespace proofup::mockidp {
namespace {

struct QrDeleter {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

void AppendBytes(void* context, void* data, int size) {
  auto* out = static_cast<std::string*>(context);
  out->append(static_cast<const char*>(data), static_cast<size_t>(size));
}

}  // namespace

StatusOr<std::string> QrPng(const std::string& text, const QrPngOptions& options) {
  std::unique_ptr<QRcode, QrDeleter> code(
      QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  if (!code) return Status::Internal("libqrencode could not encode the text");
  const int modules = code->width + 2 * options.quiet_zone;
  const int side = modules * options.module_pixels;
  std::vector<unsigned char> pixels(static_cast<size_t>(side) * side, 255);
  for (int y = 0; y < code->width; ++y) {
    for (int x = 0; x < code->width; ++x) {
      if ((code->data[y * code->width + x] & 1) == 0) continue;  // bit 0: dark module
      const int px = (x + options.quiet_zone) * options.module_pixels;
      const int py = (y + options.quiet_zone) * options.module_pixels;
      for (int dy = 0; dy < options.module_pixels; ++dy) {
        for (int dx = 0; dx < options.module_pixels; ++dx) {
          pixels[static_cast<size_t>(py + dy) * side + px + dx] = 0;
        }
      }
    }
  }
  std::string png;
  if (stbi_write_png_to_func(AppendBytes, &png, side, side, 1, pixels.data(), side) == 0) {
    return Status::Internal("PNG encoding failed");
  }
  return png;
}

std::string Base64Encode(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

StatusOr<std::string> QrDataUri(const std::string& text, const QrPngOptions& options) {
  auto png = QrPng(text, options);
  if (!png.ok()) return png.status();
  return "data:image/png;base64," + Base64Encode(*png);
}

}  // namespace proofup::mockidp
