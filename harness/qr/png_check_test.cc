// The PNG checks that keep stb_image from allocating what a hostile file
// claims (issue 11, a fuzz_qr finding: 2 GiB for one IDAT length).
#include "harness/qr/png_check.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <chrono>
#include <string>

#include "harness/qr/jpeg_check.h"
#include "harness/qr/qr.h"

namespace proofup::qr {
namespace {

std::string Be32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

// A chunk with a correct CRC; `length` overrides the real data length.
std::string Chunk(const std::string& type, const std::string& data, int64_t length = -1) {
  std::string typed = type + data;
  uLong crc = crc32(0, reinterpret_cast<const Bytef*>(typed.data()), typed.size());
  return Be32(length < 0 ? data.size() : static_cast<uint32_t>(length)) + typed +
         Be32(static_cast<uint32_t>(crc));
}

std::string Zlib(const std::string& raw) {
  uLongf size = compressBound(raw.size());
  std::string out(size, '\0');
  EXPECT_EQ(compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                      reinterpret_cast<const Bytef*>(raw.data()), raw.size(), 9),
            Z_OK);
  out.resize(size);
  return out;
}

// An 8-bit grey PNG whose IDAT holds `idat` (already compressed).
std::string GreyPng(uint32_t width, uint32_t height, const std::string& idat) {
  std::string ihdr = Be32(width) + Be32(height) + std::string("\x08\x00\x00\x00\x00", 5);
  return std::string("\x89PNG\r\n\x1a\n", 8) + Chunk("IHDR", ihdr) + Chunk("IDAT", idat) +
         Chunk("IEND", "");
}

// Rows of filter byte 0 then white pixels: a valid 100 x 100 grey image.
std::string WhiteRows(uint32_t width, uint32_t height) {
  std::string raw;
  for (uint32_t y = 0; y < height; ++y) raw += '\0' + std::string(width, '\xff');
  return raw;
}

void ExpectRefused(const Status& status, const std::string& needle) {
  ASSERT_FALSE(status.ok()) << "expected an error containing '" << needle << "'";
  EXPECT_EQ(status.kind(), Status::Kind::kInvalidArgument);
  EXPECT_NE(status.message().find(needle), std::string::npos) << status.message();
}

TEST(PngRawSize, RowsWithFilterBytesAndAdam7Passes) {
  EXPECT_EQ(PngRawSize(1920, 1080, 24, false), 1080u * (1 + 1920 * 3));
  EXPECT_EQ(PngRawSize(10, 3, 1, false), 3u * (1 + 2));  // 10 bits round up to 2 bytes
  // 8 x 8 grey, interlaced: passes of 1x1, 1x1, 2x1, 2x2, 4x2, 4x4, 8x4 pixels.
  EXPECT_EQ(PngRawSize(8, 8, 8, true), 2u + 2 + 3 + 2 * 3 + 2 * 5 + 4 * 5 + 4 * 9);
  EXPECT_EQ(PngRawSize(1, 1, 8, true), 2u);  // only the first pass has pixels
}

TEST(CheckPngStructure, AcceptsAValidPngAndOtherFormats) {
  const std::string png = GreyPng(100, 100, Zlib(WhiteRows(100, 100)));
  EXPECT_TRUE(CheckPngStructure(png).ok()) << CheckPngStructure(png).ToString();
  auto decoded = DecodeImage(png);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_TRUE(decoded->empty());  // white: an image, no QR code
  EXPECT_TRUE(CheckPngStructure("BM not a png").ok());
  // Pixel data split over several IDAT chunks, one of them empty, as encoders may write it.
  const std::string z = Zlib(WhiteRows(100, 100));
  std::string ihdr = Be32(100) + Be32(100) + std::string("\x08\x00\x00\x00\x00", 5);
  const std::string split = std::string("\x89PNG\r\n\x1a\n", 8) + Chunk("IHDR", ihdr) +
                            Chunk("IDAT", z.substr(0, 10)) + Chunk("IDAT", "") +
                            Chunk("IDAT", z.substr(10)) + Chunk("IEND", "");
  EXPECT_TRUE(CheckPngStructure(split).ok()) << CheckPngStructure(split).ToString();
  EXPECT_TRUE(DecodeImage(split).ok());
}

// The fuzz_qr finding: stb_image 2.27 reallocates its IDAT buffer to the
// claimed chunk length before it reads the data (2 GiB here).
TEST(CheckPngStructure, RefusesAChunkLongerThanTheFile) {
  std::string png = GreyPng(100, 100, "");
  png = png.substr(0, png.size() - 24);  // keep signature + IHDR
  png += Chunk("IDAT", "x\x9c", 0x7ffffff0);
  ExpectRefused(CheckPngStructure(png), "chunk 'IDAT' at byte 33 claims 2147483632 bytes");
  ExpectRefused(DecodeImage(png).status(), "truncated or corrupt PNG");
}

// 50 MB of zeros compress to ~50 KB; the header says 100 x 100 (10,100 bytes).
TEST(CheckPngStructure, RefusesADecompressionBombQuickly) {
  const std::string png = GreyPng(100, 100, Zlib(std::string(50'000'000, '\0')));
  ASSERT_LT(png.size(), 100'000u);
  const auto start = std::chrono::steady_clock::now();
  ExpectRefused(DecodeImage(png).status(),
                "pixel data inflates to more than the 10100 bytes a 100x100 image needs");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST(CheckPngStructure, RefusesInvalidCompressedDataAndBadHeaders) {
  ExpectRefused(CheckPngStructure(GreyPng(100, 100, "this is no zlib stream")),
                "compressed pixel data is invalid (zlib: incorrect header check)");
  std::string ihdr = Be32(1) + Be32(1) + std::string("\x08\x05\x00\x00\x00", 5);
  ExpectRefused(CheckPngStructure(std::string("\x89PNG\r\n\x1a\n", 8) + Chunk("IHDR", ihdr) +
                                  Chunk("IDAT", Zlib("\0\0")) + Chunk("IEND", "")),
                "colour type 5");
  ExpectRefused(CheckPngStructure(std::string("\x89PNG\r\n\x1a\n\0\0", 10)), "cut at byte 8");
}

// fuzz_qr (UBSan): stb_image 2.27 writes past its Huffman size table when a
// DHT segment's 16 counts add up to more than 256; stbi_info already reads it.
TEST(CheckJpegHuffmanTables, RefusesMoreThan256CodesBeforeStbReadsThem) {
  const std::string crash(
      "\xff\xff\xff\xd8\xff\xc4\x09\x08\x00\x89PNG\r\n\x1a\n\x00\x00\x00"
      "\x02\x41tRNS\xff\xff\xc8\xb5\xdc\x4em",
      33);
  ExpectRefused(CheckJpegHuffmanTables(crash), "Huffman table at byte 6 defines");
  ExpectRefused(DecodeImage(crash).status(), "(at most 256)");
  // A table of 16 x 16 = 256 codes is still allowed through (stb then judges it).
  std::string full("\xff\xd8\xff\xc4\x01\x13\x00", 7);
  full += std::string(16, '\x10') + std::string(256, '\x01') + "\xff\xd9";
  EXPECT_TRUE(CheckJpegHuffmanTables(full).ok());
  EXPECT_TRUE(CheckJpegHuffmanTables(GreyPng(1, 1, Zlib(WhiteRows(1, 1)))).ok());  // not a JPEG
}

}  // namespace
}  // namespace proofup::qr
