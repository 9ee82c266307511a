// Base32 (RFC 4648 section 6) as used for OTP secrets.
#include <cstdint>
#include <string>
#include <string_view>

#include "harness/otp/otp.h"

namespace proofup::otp {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// Value 0..31 of an alphabet character (either case), -1 otherwise.
int Base32Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

// Printable form of a character for an error message ("'1'", or "0x0a").
std::string Describe(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return std::string("'") + c + "'";
  static constexpr char kHex[] = "0123456789abcdef";
  return std::string("byte 0x") + kHex[u >> 4] + kHex[u & 0xf];
}

}  // namespace

StatusOr<std::string> Base32Decode(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 5 / 8);
  uint32_t buffer = 0;
  int bits = 0;
  size_t symbols = 0;
  bool in_padding = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '-') continue;
    if (c == '=') {
      in_padding = true;
      continue;
    }
    const int v = Base32Value(c);
    if (v < 0) {
      return Status::InvalidArgument("invalid base32 character " + Describe(c) + " at position " +
                                     std::to_string(i));
    }
    if (in_padding) {
      return Status::InvalidArgument("invalid base32: character " + Describe(c) +
                                     " after '=' padding at position " + std::to_string(i));
    }
    buffer = (buffer << 5) | static_cast<uint32_t>(v);
    bits += 5;
    ++symbols;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  // A final group of 1, 3 or 6 symbols cannot come from whole bytes: such a
  // secret was truncated or mistyped, and guessing would produce wrong codes.
  const size_t tail = symbols % 8;
  if (tail == 1 || tail == 3 || tail == 6) {
    return Status::InvalidArgument("invalid base32 length: " + std::to_string(symbols) +
                                   " symbols do not encode whole bytes (truncated secret?)");
  }
  return out;
}

std::string Base32Encode(std::string_view bytes, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 4) / 5 * 8);
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kAlphabet[(buffer >> bits) & 0x1f]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 0x1f]);
  if (pad) {
    while (out.size() % 8 != 0) out.push_back('=');
  }
  return out;
}

}  // namespace proofup::otp
