#include "harness/base/counted.h"

namespace proofup {

std::string NounFor(long long n, std::string_view singular, std::string_view plural) {
  if (n == 1) return std::string(singular);
  return plural.empty() ? std::string(singular) + "s" : std::string(plural);
}

std::string Counted(long long n, std::string_view singular, std::string_view plural) {
  return std::to_string(n) + " " + NounFor(n, singular, plural);
}

}  // namespace proofup
