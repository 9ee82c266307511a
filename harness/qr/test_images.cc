#include "harness/qr/test_images.h"

#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#include <stb/stb_image_write.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>

#include "harness/process/process.h"
#include "harness/qr/luminance_image.h"

namespace proofup::qr::testing {
namespace {

void AppendToString(void* context, void* data, int size) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(data),
                                             static_cast<size_t>(size));
}

// GIF LZW bit packer: codes LSB-first into 255-byte sub-blocks.
class GifBitWriter {
 public:
  explicit GifBitWriter(std::string& out) : out_(out) {}
  void Write(unsigned code, int bits) {
    buffer_ |= code << count_;
    count_ += bits;
    while (count_ >= 8) {
      PushByte(static_cast<char>(buffer_ & 0xff));
      buffer_ >>= 8;
      count_ -= 8;
    }
  }
  void Finish() {
    if (count_ > 0) PushByte(static_cast<char>(buffer_ & 0xff));
    if (!block_.empty()) Flush();
    out_.push_back('\0');
  }

 private:
  void PushByte(char b) {
    block_.push_back(b);
    if (block_.size() == 255) Flush();
  }
  void Flush() {
    out_.push_back(static_cast<char>(block_.size()));
    out_ += block_;
    block_.clear();
  }
  std::string& out_;
  std::string block_;
  unsigned buffer_ = 0;
  int count_ = 0;
};

void PutLe16(std::string& out, int v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>((v >> 8) & 0xff));
}

}  // namespace

GrayImage Rotate90Clockwise(const GrayImage& image) {
  GrayImage out{image.height, image.width, std::vector<uint8_t>(image.pixels.size())};
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < image.width; ++x) {
      // (x, y) -> (height-1-y, x)
      out.pixels[static_cast<size_t>(x) * out.width + (image.height - 1 - y)] = image.At(x, y);
    }
  }
  return out;
}

GrayImage Inverted(const GrayImage& image) {
  GrayImage out = image;
  for (uint8_t& p : out.pixels) p = static_cast<uint8_t>(255 - p);
  return out;
}

Canvas::Canvas(int width, int height, uint8_t r, uint8_t g, uint8_t b)
    : width_(width), height_(height), rgb_(static_cast<size_t>(width) * height * 3) {
  FillRect(0, 0, width, height, r, g, b);
}

void Canvas::FillRect(int x, int y, int w, int h, uint8_t r, uint8_t g, uint8_t b) {
  const int x0 = std::max(0, x), y0 = std::max(0, y);
  const int x1 = std::min(width_, x + w), y1 = std::min(height_, y + h);
  for (int yy = y0; yy < y1; ++yy) {
    uint8_t* row = &rgb_[(static_cast<size_t>(yy) * width_ + x0) * 3];
    for (int xx = x0; xx < x1; ++xx, row += 3) {
      row[0] = r;
      row[1] = g;
      row[2] = b;
    }
  }
}

void Canvas::DrawScreenNoise(std::mt19937& rng, int keep_x, int keep_y, int keep_w, int keep_h) {
  auto clear_of_keep = [&](int x, int y, int w, int h) {
    return x + w <= keep_x || x >= keep_x + keep_w || y + h <= keep_y || y >= keep_y + keep_h;
  };
  auto rect = [&](int x, int y, int w, int h, uint8_t r, uint8_t g, uint8_t b) {
    if (clear_of_keep(x, y, w, h)) FillRect(x, y, w, h, r, g, b);
  };
  rect(0, 0, width_, 36, 32, 33, 36);             // window title bar
  rect(0, 36, width_, 28, 0, 103, 184);           // portal header
  rect(0, 64, 220, height_ - 64, 243, 242, 241);  // side navigation
  for (int y = 90; y + 12 < height_; y += 18) {   // paragraphs of "words"
    if (rng() % 7 == 0) continue;                 // blank line between paragraphs
    for (int x = 240 + static_cast<int>(rng() % 20); x < width_ - 40;) {
      const int w = 4 + static_cast<int>(rng() % 40);
      rect(x, y, w, 10, 50, 50, 50);
      x += w + 5 + static_cast<int>(rng() % 4);
    }
  }
  for (int i = 0; i < 6; ++i) {  // buttons
    const int x = 240 + static_cast<int>(rng() % static_cast<unsigned>(width_ - 400));
    const int y = 80 + static_cast<int>(rng() % static_cast<unsigned>(height_ - 140));
    rect(x, y, 120, 32, 0, 120, 212);
  }
}

void Canvas::Paste(const GrayImage& image, int x, int y) {
  for (int yy = 0; yy < image.height; ++yy) {
    for (int xx = 0; xx < image.width; ++xx) {
      const uint8_t v = image.At(xx, yy);
      FillRect(x + xx, y + yy, 1, 1, v, v, v);
    }
  }
}

std::string Canvas::EncodePng() const {
  std::string out;
  stbi_write_png_to_func(AppendToString, &out, width_, height_, 3, rgb_.data(), width_ * 3);
  return out;
}

std::string Canvas::EncodeBmp() const {
  std::string out;
  stbi_write_bmp_to_func(AppendToString, &out, width_, height_, 3, rgb_.data());
  return out;
}

std::string Canvas::EncodeJpeg(int quality) const {
  std::string out;
  stbi_write_jpg_to_func(AppendToString, &out, width_, height_, 3, rgb_.data(), quality);
  return out;
}

std::string Canvas::EncodeGif() const {
  std::string out = "GIF89a";
  PutLe16(out, width_);
  PutLe16(out, height_);
  out += "\xF7";  // global colour table of 256 entries
  out.push_back('\0');
  out.push_back('\0');
  for (int i = 0; i < 256; ++i) out.append(3, static_cast<char>(i));
  out.push_back(',');
  PutLe16(out, 0);
  PutLe16(out, 0);
  PutLe16(out, width_);
  PutLe16(out, height_);
  out.push_back('\0');
  out.push_back('\x08');  // LZW minimum code size
  // "Uncompressed" LZW: 9-bit literal codes with a clear code often enough
  // that the decoder's table never needs 10-bit codes.
  constexpr unsigned kClear = 256, kEnd = 257;
  GifBitWriter bits(out);
  int since_clear = 254;
  for (size_t i = 0; i < rgb_.size(); i += 3) {
    if (since_clear == 254) {
      bits.Write(kClear, 9);
      since_clear = 0;
    }
    const unsigned gray = (rgb_[i] * 77u + rgb_[i + 1] * 150u + rgb_[i + 2] * 29u) >> 8;
    bits.Write(gray, 9);
    ++since_clear;
  }
  bits.Write(kEnd, 9);
  bits.Finish();
  out.push_back(';');
  return out;
}

std::string EncodeTransparentPng(const GrayImage& image, int channels) {
  std::vector<uint8_t> pixels;
  for (uint8_t v : image.pixels) {
    pixels.insert(pixels.end(), static_cast<size_t>(channels) - 1, 0);
    pixels.push_back(v < 128 ? 255 : 0);
  }
  std::string out;
  stbi_write_png_to_func(AppendToString, &out, image.width, image.height, channels, pixels.data(),
                         image.width * channels);
  return out;
}

StatusOr<std::string> RunTool(const std::vector<std::string>& argv) {
  SpawnOptions options;
  // zbarimg complains on stderr about D-Bus in containers; the exit code is what counts.
  options.discard_stderr = true;
  auto child = ChildProcess::Spawn(argv, options);
  if (!child.ok()) return child.status();
  std::string out = (*child)->ReadAllStdout();
  auto exit = (*child)->Wait(std::chrono::minutes(1));
  if (!exit.ok()) return exit.status();
  if (!exit->exited || exit->code != 0) {
    return Status::Internal(argv[0] + " failed with exit code " + std::to_string(exit->code));
  }
  return out;
}

StatusOr<std::string> QrencodePng(const std::string& text, int module_size, int margin,
                                  char ec_level) {
  return RunTool({"qrencode", "-t", "PNG", "-o", "-", "-s", std::to_string(module_size), "-m",
                  std::to_string(margin), "-l", std::string(1, ec_level), "--", text});
}

StatusOr<GrayImage> LoadGray(const std::string& bytes) {
  StatusOr<LuminanceImage> lum = DecodeLuminance(bytes, 100'000'000);
  if (!lum.ok()) return lum.status();
  GrayImage out{lum->width, lum->height, {}};
  out.pixels.assign(lum->pixels.get(),
                    lum->pixels.get() + static_cast<size_t>(lum->width) * lum->height);
  return out;
}

StatusOr<std::string> Zbarimg(const std::string& image_bytes, const std::string& extension) {
  std::string path = "/tmp/proofup-qr-test-XXXXXX." + extension;
  const int fd = mkstemps(path.data(), static_cast<int>(extension.size()) + 1);
  if (fd < 0) return Status::IoError("mkstemps failed");
  const bool written =
      write(fd, image_bytes.data(), image_bytes.size()) == static_cast<ssize_t>(image_bytes.size());
  close(fd);
  StatusOr<std::string> out =
      written ? RunTool({"zbarimg", "--raw", "-q", path}) : Status::IoError("write failed");
  unlink(path.c_str());
  if (out.ok() && !out->empty() && out->back() == '\n') out->pop_back();
  return out;
}

const char* VariantName(Variant v) {
  switch (v) {
    case Variant::kInverted:
      return "inverted";
    case Variant::kRotated90:
      return "rotated90";
    case Variant::kNormal:
      break;
  }
  return "normal";
}

StatusOr<Screenshot> ScreenshotWithQr(const std::string& text, int module_size, int margin,
                                      char ec_level, Variant variant, uint32_t seed, int width,
                                      int height) {
  StatusOr<std::string> png = QrencodePng(text, module_size, margin, ec_level);
  if (!png.ok()) return png.status();
  StatusOr<GrayImage> qr = LoadGray(*png);
  if (!qr.ok()) return qr.status();
  if (variant == Variant::kInverted) *qr = Inverted(*qr);
  if (variant == Variant::kRotated90) *qr = Rotate90Clockwise(*qr);
  std::mt19937 rng(seed);
  constexpr int kPadding = 16;
  const int span_x = width - qr->width - 2 * kPadding - 260;
  const int span_y = height - qr->height - 2 * kPadding - 80;
  if (span_x <= 0 || span_y <= 0) return Status::InvalidArgument("QR larger than the canvas");
  Screenshot shot{Canvas(width, height, 255, 255, 255), 0, 0, qr->width};
  shot.qr_x = 240 + kPadding + static_cast<int>(rng() % static_cast<unsigned>(span_x));
  shot.qr_y = 70 + kPadding + static_cast<int>(rng() % static_cast<unsigned>(span_y));
  const int card_x = shot.qr_x - kPadding, card_y = shot.qr_y - kPadding;
  const int card_side = qr->width + 2 * kPadding;
  shot.canvas.DrawScreenNoise(rng, card_x, card_y, card_side, card_side);
  const uint8_t card = variant == Variant::kInverted ? 0 : 255;
  shot.canvas.FillRect(card_x, card_y, card_side, card_side, card, card, card);
  shot.canvas.Paste(*qr, shot.qr_x, shot.qr_y);
  return shot;
}

}  // namespace proofup::qr::testing
