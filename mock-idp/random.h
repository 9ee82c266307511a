// Unpredictable identifiers and codes from OpenSSL's CSPRNG. Thread-safe.
#ifndef PROOFUP_MOCK_IDP_RANDOM_H_
#define PROOFUP_MOCK_IDP_RANDOM_H_

#include <string>

namespace proofup::mockidp {

// `bytes` random bytes as lower-case hex (2 * bytes characters).
std::string RandomHex(int bytes);
// `bytes` random raw bytes.
std::string RandomBytes(int bytes);
// `count` uniformly random decimal digits (leading zeros allowed).
std::string RandomDigits(int count);
// Uniform integer in [lo, hi].
int RandomInt(int lo, int hi);
// Compares in time independent of where the strings differ.
bool ConstantTimeEquals(const std::string& a, const std::string& b);

}  // namespace proofup::mockidp

#endif  // PROOFUP_MOCK_IDP_RANDOM_H_
