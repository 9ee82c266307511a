#include "harness/qr/png_check.h"

#include <zlib.h>

#include <string>
#include <vector>

namespace proofup::qr {
namespace {

constexpr std::string_view kSignature("\x89PNG\r\n\x1a\n", 8);
// The bytes a zlib stream may inflate to beyond the exact image size: some
// encoders pad; more than this is no longer pixel data.
constexpr uint64_t kInflateSlack = 4096;

uint32_t Be32(std::string_view bytes, size_t at) {
  auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<uint8_t>(bytes[at + i])); };
  return b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3);
}

struct Header {
  uint32_t width = 0;
  uint32_t height = 0;
  uint32_t bits_per_pixel = 0;
  bool interlaced = false;
  bool apple = false;  // CgBI: raw deflate without the zlib header, as stb reads it
};

StatusOr<uint32_t> BitsPerPixel(uint8_t color_type, uint8_t depth) {
  uint32_t channels = 0;
  switch (color_type) {
    case 0:
      channels = 1;
      break;  // grey
    case 2:
      channels = 3;
      break;  // RGB
    case 3:
      channels = 1;
      break;  // palette index
    case 4:
      channels = 2;
      break;  // grey + alpha
    case 6:
      channels = 4;
      break;  // RGBA
    default:
      return Status::InvalidArgument("corrupt PNG: colour type " + std::to_string(color_type));
  }
  if (depth != 1 && depth != 2 && depth != 4 && depth != 8 && depth != 16) {
    return Status::InvalidArgument("corrupt PNG: bit depth " + std::to_string(depth));
  }
  return channels * depth;
}

// Inflates the concatenated IDAT payloads into a scratch buffer, counting.
Status CheckInflatedSize(const std::vector<std::string_view>& idat, const Header& header) {
  const uint64_t expected =
      PngRawSize(header.width, header.height, header.bits_per_pixel, header.interlaced);
  const uint64_t limit = expected + kInflateSlack;
  z_stream z{};
  if (inflateInit2(&z, header.apple ? -15 : 15) != Z_OK) {
    return Status::Internal("zlib inflateInit2 failed");
  }
  unsigned char scratch[16384];
  uint64_t total = 0;
  int rc = Z_OK;
  size_t next = 0;
  // Until the stream ends, fails, stalls (input used up and no more output:
  // it ends early) or passes the limit.
  while (rc == Z_OK && total <= limit) {
    while (z.avail_in == 0 && next < idat.size()) {  // empty IDATs are allowed
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(idat[next].data()));
      z.avail_in = static_cast<uInt>(idat[next].size());
      ++next;
    }
    z.next_out = scratch;
    z.avail_out = sizeof scratch;
    rc = inflate(&z, Z_NO_FLUSH);
    const size_t produced = sizeof scratch - z.avail_out;
    total += produced;
    if (rc == Z_BUF_ERROR ||
        (rc == Z_OK && produced == 0 && z.avail_in == 0 && next == idat.size())) {
      rc = Z_BUF_ERROR;  // no progress possible: the data ends early
    }
  }
  const std::string zlib_message = z.msg != nullptr ? z.msg : zError(rc);
  inflateEnd(&z);
  const std::string size = std::to_string(header.width) + "x" + std::to_string(header.height);
  if (total > limit) {
    return Status::InvalidArgument("corrupt PNG: pixel data inflates to more than the " +
                                   std::to_string(expected) + " bytes a " + size +
                                   " image needs (decompression bomb?)");
  }
  if (rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
    return Status::InvalidArgument(
        "corrupt PNG: compressed pixel data is invalid (zlib: " + zlib_message + ")");
  }
  return Status::Ok();  // a stream that ends early is stb's to report ("not enough pixels")
}

}  // namespace

uint64_t PngRawSize(uint32_t width, uint32_t height, uint32_t bits_per_pixel, bool interlaced) {
  auto rows = [&](uint64_t w, uint64_t h) { return h * (1 + (w * bits_per_pixel + 7) / 8); };
  if (!interlaced) return rows(width, height);
  // Adam7: pass p covers x = x0[p] + k * dx[p], y = y0[p] + k * dy[p].
  static constexpr uint32_t x0[] = {0, 4, 0, 2, 0, 1, 0}, dx[] = {8, 8, 4, 4, 2, 2, 1};
  static constexpr uint32_t y0[] = {0, 0, 4, 0, 2, 0, 1}, dy[] = {8, 8, 8, 4, 4, 2, 2};
  uint64_t total = 0;
  for (int p = 0; p < 7; ++p) {
    const uint64_t w = width > x0[p] ? (width - x0[p] + dx[p] - 1) / dx[p] : 0;
    const uint64_t h = height > y0[p] ? (height - y0[p] + dy[p] - 1) / dy[p] : 0;
    if (w > 0 && h > 0) total += rows(w, h);
  }
  return total;
}

Status CheckPngStructure(std::string_view bytes) {
  if (bytes.substr(0, kSignature.size()) != kSignature) return Status::Ok();
  Header header;
  bool have_header = false;
  std::vector<std::string_view> idat;
  size_t at = kSignature.size();
  while (at < bytes.size()) {
    if (bytes.size() - at < 8) {
      return Status::InvalidArgument("truncated or corrupt PNG: chunk header cut at byte " +
                                     std::to_string(at));
    }
    const uint32_t length = Be32(bytes, at);
    const std::string type(bytes.substr(at + 4, 4));
    const size_t left = bytes.size() - at - 8;
    // stb reads the 4 CRC bytes after the data too; a missing CRC after IEND is harmless.
    if (length > left || (type != "IEND" && left - length < 4)) {
      return Status::InvalidArgument("truncated or corrupt PNG: chunk '" + type + "' at byte " +
                                     std::to_string(at) + " claims " + std::to_string(length) +
                                     " bytes, " + std::to_string(left) + " are left");
    }
    const std::string_view data = bytes.substr(at + 8, length);
    if (type == "CgBI") header.apple = true;
    if (type == "IHDR" && length == 13 && !have_header) {
      StatusOr<uint32_t> bpp =
          BitsPerPixel(static_cast<uint8_t>(data[9]), static_cast<uint8_t>(data[8]));
      if (!bpp.ok()) return bpp.status();
      header.width = Be32(data, 0);
      header.height = Be32(data, 4);
      header.bits_per_pixel = *bpp;
      header.interlaced = data[12] != 0;
      have_header = true;
    }
    if (type == "IDAT") idat.push_back(data);
    if (type == "IEND") break;
    at += 8 + static_cast<size_t>(length) + 4;
  }
  // No IHDR or no IDAT: stb refuses such a file without allocating pixel memory.
  if (!have_header || idat.empty()) return Status::Ok();
  return CheckInflatedSize(idat, header);
}

}  // namespace proofup::qr
