#include "harness/qr/jpeg_check.h"

#include <cstdint>
#include <string>

namespace proofup::qr {
namespace {

// Reads like stb's stbi__get8 on memory: 0 past the end.
class Bytes {
 public:
  explicit Bytes(std::string_view bytes) : bytes_(bytes) {}
  bool at_end() const { return at_ >= bytes_.size(); }
  size_t at() const { return at_; }
  int Get8() { return at_ < bytes_.size() ? static_cast<uint8_t>(bytes_[at_++]) : (++at_, 0); }
  int Get16() {
    const int high = Get8();
    return high << 8 | Get8();
  }
  void Skip(size_t n) { at_ += n; }

  // stb's stbi__get_marker: -1 when the next byte is no 0xFF.
  int Marker() {
    if (Get8() != 0xff) return -1;
    int x = 0xff;
    while (x == 0xff && !at_end()) x = Get8();
    return x == 0xff ? -1 : x;
  }

  // Skips entropy-coded scan data up to the next marker (0xFF then neither a
  // stuffed 0x00 nor a restart marker 0xD0-0xD7), leaving it unread.
  void SkipScanData() {
    while (at_ + 1 < bytes_.size()) {
      const auto next = static_cast<uint8_t>(bytes_[at_ + 1]);
      if (static_cast<uint8_t>(bytes_[at_]) == 0xff && next != 0x00 && next != 0xff &&
          (next < 0xd0 || next > 0xd7)) {
        return;
      }
      ++at_;
    }
    at_ = bytes_.size();
  }

 private:
  std::string_view bytes_;
  size_t at_ = 0;
};

// One DHT segment, read table by table the way stb reads it (it trusts the
// counts, not the segment length). Sets stb_fails when stb would stop there.
Status CheckDht(Bytes& in, bool& stb_fails) {
  const size_t segment = in.at();
  int left = in.Get16() - 2;
  while (left > 0) {
    const int q = in.Get8();
    if ((q >> 4) > 1 || (q & 15) > 3) {
      stb_fails = true;
      return Status::Ok();
    }
    int codes = 0;
    for (int i = 0; i < 16; ++i) codes += in.Get8();
    if (codes > 256) {
      return Status::InvalidArgument("corrupt JPEG: Huffman table at byte " +
                                     std::to_string(segment) + " defines " + std::to_string(codes) +
                                     " codes (at most 256)");
    }
    in.Skip(static_cast<size_t>(codes));
    left -= 17 + codes;
  }
  stb_fails = left != 0;
  return Status::Ok();
}

}  // namespace

Status CheckJpegHuffmanTables(std::string_view text) {
  Bytes in(text);
  if (in.Marker() != 0xd8) return Status::Ok();  // not a JPEG to stb
  while (!in.at_end()) {
    const int marker = in.Marker();
    if (marker < 0) continue;                 // stb skips a stray byte between markers
    if (marker == 0xd9) return Status::Ok();  // EOI
    if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    if (marker == 0xc4) {
      bool stb_fails = false;
      if (Status st = CheckDht(in, stb_fails); !st.ok()) return st;
      if (stb_fails) return Status::Ok();  // stb stops at this segment; nothing after matters
      continue;
    }
    const size_t start = in.at();
    const int length = in.Get16();
    if (length < 2) return Status::Ok();  // stb refuses a bad segment length
    in.Skip(static_cast<size_t>(length) - (in.at() - start));
    if (marker == 0xda) in.SkipScanData();  // SOS: the scan follows its header
  }
  return Status::Ok();
}

}  // namespace proofup::qr
