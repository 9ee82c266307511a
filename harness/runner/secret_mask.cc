#include "harness/runner/secret_mask.h"

#include <algorithm>

namespace proofup::runner {

void SecretMask::Add(std::string_view secret) {
  if (secret.size() < 4) return;
  if (std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end()) return;
  secrets_.emplace_back(secret);
  std::stable_sort(secrets_.begin(), secrets_.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string SecretMask::Mask(std::string_view text) const {
  std::string out(text);
  for (const std::string& s : secrets_) {
    for (size_t pos = out.find(s); pos != std::string::npos; pos = out.find(s, pos)) {
      out.replace(pos, s.size(), kMasked);
      pos += kMasked.size();
    }
  }
  return out;
}

}  // namespace proofup::runner
