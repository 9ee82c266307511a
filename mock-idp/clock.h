// The portal's notion of "now": a real clock plus an offset that the control
// API can move, so OTP windows and every expiry (QR, push, SMS, session)
// follow it without tests having to wait. Besides the global offset each user
// may have an own one, so a test that moves one user's time (an expired QR
// code) does not disturb tests of other users running at the same moment.
#ifndef PROOFUP_MOCK_IDP_CLOCK_H_
#define PROOFUP_MOCK_IDP_CLOCK_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace proofup::mockidp {

// Source of Unix time in seconds. Implementations must be thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowUnix() const = 0;
  // "Now" as seen by `user` (a lower-case username; "" = nobody in particular).
  // Clocks without per-user time return NowUnix().
  virtual int64_t NowUnixFor(const std::string& user) const {
    (void)user;
    return NowUnix();
  }
};

// Wall clock. Stateless, thread-safe.
class SystemClock : public Clock {
 public:
  int64_t NowUnix() const override {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// `base` plus an adjustable global offset, plus per user an own offset on top
// of it: NowUnixFor(user) = base + global offset + that user's offset. Does
// not own `base`, which must outlive it. Thread-safe (an atomic global offset,
// a mutex around the per-user ones; never calls out while holding it).
class OffsetClock : public Clock {
 public:
  explicit OffsetClock(const Clock& base) : base_(base) {}
  int64_t NowUnix() const override { return base_.NowUnix() + offset_.load(); }
  int64_t NowUnixFor(const std::string& user) const override {
    return NowUnix() + user_offset(user);
  }
  int64_t offset() const { return offset_.load(); }
  void set_offset(int64_t seconds) { offset_.store(seconds); }
  // Adds to the offset and returns the new offset.
  int64_t Advance(int64_t seconds) { return offset_.fetch_add(seconds) + seconds; }

  // The user's own offset (0 when none was set). `user` as in NowUnixFor.
  int64_t user_offset(const std::string& user) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = user_offsets_.find(user);
    return it == user_offsets_.end() ? 0 : it->second;
  }
  void set_user_offset(const std::string& user, int64_t seconds) {
    std::lock_guard<std::mutex> lock(mu_);
    if (seconds == 0) {
      user_offsets_.erase(user);
    } else {
      user_offsets_[user] = seconds;
    }
  }
  // Adds to the user's offset and returns the new one.
  int64_t AdvanceUser(const std::string& user, int64_t seconds) {
    std::lock_guard<std::mutex> lock(mu_);
    const int64_t next = user_offsets_[user] += seconds;
    if (next == 0) user_offsets_.erase(user);
    return next;
  }
  // Every user back on the global time.
  void ClearUserOffsets() {
    std::lock_guard<std::mutex> lock(mu_);
    user_offsets_.clear();
  }

 private:
  const Clock& base_;
  std::atomic<int64_t> offset_{0};
  mutable std::mutex mu_;
  std::map<std::string, int64_t> user_offsets_;
};

}  // namespace proofup::mockidp

#endif  // PROOFUP_MOCK_IDP_CLOCK_H_
