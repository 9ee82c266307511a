// Guessing limits like a real identity provider's (mock-idp/PROTOCOL.md,
// "Limits"): sign-in locks after repeated wrong passwords, TOTP verification
// locks after repeated wrong codes, an accepted TOTP code cannot be used again
// (in any session) within its window, and SMS resends are rate-limited. The
// counters live in UserState, so a control-API reset clears them. Callers hold
// the Store lock; `now` is the user's portal time.
#ifndef PROOFUP_MOCK_IDP_LIMITS_H_
#define PROOFUP_MOCK_IDP_LIMITS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "mock-idp/state.h"

namespace proofup::mockidp {

constexpr int kMaxWrongPasswords = 10;
constexpr int64_t kSignInLockSeconds = 15 * 60;
constexpr int kMaxWrongTotpCodes = 5;
constexpr int64_t kTotpLockSeconds = 5 * 60;
constexpr int kMaxSmsResends = 3;
constexpr int64_t kSmsResendWindowSeconds = 10 * 60;

// True while sign-in is locked (even the right password is refused).
bool SignInLocked(const UserState& user, int64_t now);
// Counts a wrong password; the kMaxWrongPasswords-th locks sign-in (returns true then).
bool NoteWrongPassword(UserState& user, int64_t now);
// A successful sign-in clears the count.
void NoteSignIn(UserState& user);

enum class TotpCheck { kOk, kWrong, kReplayed, kLocked };
// Checks `code` against each of `secrets` (SHA1, 6 digits, 30 s, one step
// either side). kLocked: refused without looking (locked), or this wrong code
// was the kMaxWrongTotpCodes-th in a row. kReplayed: the code's time step (or
// a later one) was already accepted for that secret; not counted as wrong.
TotpCheck CheckTotpLimited(UserState& user, const std::vector<std::string>& secrets,
                           const std::string& code, int64_t now);

// Whether one more SMS resend is allowed now (kMaxSmsResends per
// kSmsResendWindowSeconds); records it when allowed.
bool TakeSmsResend(UserState& user, int64_t now);

}  // namespace proofup::mockidp

#endif  // PROOFUP_MOCK_IDP_LIMITS_H_
