// Test-only helpers for qr_test: screen-like canvases, image encoders, and
// the reference tools qrencode and zbarimg run as child processes.
#ifndef PROOFUP_QR_TEST_IMAGES_H_
#define PROOFUP_QR_TEST_IMAGES_H_

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "harness/base/status.h"

namespace proofup::qr::testing {

// 8-bit grayscale raster, rows packed.
struct GrayImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;
  uint8_t At(int x, int y) const { return pixels[static_cast<size_t>(y) * width + x]; }
};

GrayImage Rotate90Clockwise(const GrayImage& image);
GrayImage Inverted(const GrayImage& image);

// RGB raster standing in for a screenshot.
class Canvas {
 public:
  Canvas(int width, int height, uint8_t r, uint8_t g, uint8_t b);
  int width() const { return width_; }
  int height() const { return height_; }
  void FillRect(int x, int y, int w, int h, uint8_t r, uint8_t g, uint8_t b);
  // Window chrome, a menu bar, paragraphs of glyph-like blocks, buttons:
  // everywhere except inside `keep_clear` (x, y, w, h).
  void DrawScreenNoise(std::mt19937& rng, int keep_x, int keep_y, int keep_w, int keep_h);
  void Paste(const GrayImage& image, int x, int y);
  std::string EncodePng() const;
  std::string EncodeBmp() const;
  std::string EncodeJpeg(int quality) const;
  std::string EncodeGif() const;  // 256-level grayscale palette

 private:
  int width_;
  int height_;
  std::vector<uint8_t> rgb_;
};

// PNG with transparency: dark pixels of `image` opaque black, light ones fully
// transparent; `channels` 4 (RGBA) or 2 (grey + alpha).
std::string EncodeTransparentPng(const GrayImage& image, int channels);

// Runs argv (no shell) and returns its stdout; error if it cannot start or exits non-zero.
StatusOr<std::string> RunTool(const std::vector<std::string>& argv);

// PNG bytes from `qrencode -s module_size -m margin -l ec_level text`.
StatusOr<std::string> QrencodePng(const std::string& text, int module_size, int margin,
                                  char ec_level);

// Decodes PNG/BMP/JPEG/GIF bytes to gray with stb (test side).
StatusOr<GrayImage> LoadGray(const std::string& bytes);

// What `zbarimg --raw -q` reads from the image bytes (written to a temp file).
StatusOr<std::string> Zbarimg(const std::string& image_bytes, const std::string& extension);

enum class Variant { kNormal, kInverted, kRotated90 };
const char* VariantName(Variant v);

// A screen-sized canvas with noise and one QR code from qrencode pasted at a
// seed-dependent offset on a plain "card" (dark, light-on-dark, for kInverted).
struct Screenshot {
  Canvas canvas;
  int qr_x = 0, qr_y = 0;  // where the qrencode image (margin included) was pasted
  int qr_size = 0;         // its side in pixels
};
StatusOr<Screenshot> ScreenshotWithQr(const std::string& text, int module_size, int margin,
                                      char ec_level, Variant variant, uint32_t seed,
                                      int width = 1920, int height = 1080);

}  // namespace proofup::qr::testing

#endif  // PROOFUP_QR_TEST_IMAGES_H_
