#include "mock-idp/random.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstdint>
#include <stdexcept>

namespace proofup::mockidp {

std::string RandomBytes(int bytes) {
  std::string out(static_cast<size_t>(bytes), '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), bytes) != 1) {
    // Without randomness no identifier is safe to hand out; this is caught by
    // the server's exception handler and answered with a 500 page.
    throw std::runtime_error("RAND_bytes failed");
  }
  return out;
}

std::string RandomHex(int bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string raw = RandomBytes(bytes);
  std::string out;
  out.reserve(raw.size() * 2);
  for (unsigned char c : raw) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

int RandomInt(int lo, int hi) {
  const uint32_t range = static_cast<uint32_t>(hi - lo) + 1;
  // Rejection sampling keeps the distribution uniform.
  const uint32_t limit = UINT32_MAX - (UINT32_MAX % range);
  for (;;) {
    std::string raw = RandomBytes(4);
    uint32_t v = 0;
    for (unsigned char c : raw) v = (v << 8) | c;
    if (v < limit) return lo + static_cast<int>(v % range);
  }
}

std::string RandomDigits(int count) {
  std::string out;
  out.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) out.push_back(static_cast<char>('0' + RandomInt(0, 9)));
  return out;
}

bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace proofup::mockidp
