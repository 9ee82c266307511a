// Keeps secrets out of reports and logs. Every secret a scenario handles
// (password, activation code, OTP secret and codes, SMS codes) is registered
// here as it appears; Mask() replaces each occurrence in text that is about to
// be stored. One SecretMask per scenario run: not thread-safe, not shared.
#ifndef PROOFUP_RUNNER_SECRET_MASK_H_
#define PROOFUP_RUNNER_SECRET_MASK_H_

#include <string>
#include <string_view>
#include <vector>

namespace proofup::runner {

inline constexpr std::string_view kMasked = "••••••";

class SecretMask {
 public:
  // Registers `secret`. Strings shorter than 4 characters are ignored: masking
  // them would blank out ordinary text (the 2-digit number-match value is not a secret).
  void Add(std::string_view secret);

  // `text` with every registered secret replaced by kMasked, longest first so a
  // secret containing another is masked whole.
  std::string Mask(std::string_view text) const;

  bool empty() const { return secrets_.empty(); }
  // The registered secrets (to paint over them in screenshots).
  const std::vector<std::string>& secrets() const { return secrets_; }

 private:
  std::vector<std::string> secrets_;  // sorted longest first
};

}  // namespace proofup::runner

#endif  // PROOFUP_RUNNER_SECRET_MASK_H_
