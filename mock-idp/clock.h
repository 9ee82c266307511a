// The portal's notion of "now": a real clock plus an offset that the control
// API can move, so OTP windows and every expiry (QR, push, SMS, session)
// follow it without tests having to wait.
#ifndef PROOFUP_MOCK_IDP_CLOCK_H_
#define PROOFUP_MOCK_IDP_CLOCK_H_

#include <atomic>
#include <chrono>
#include <cstdint>

namespace proofup::mockidp {

// Source of Unix time in seconds. Implementations must be thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowUnix() const = 0;
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

// `base` plus an adjustable offset. Does not own `base`, which must outlive
// it. Thread-safe: the offset is atomic.
class OffsetClock : public Clock {
 public:
  explicit OffsetClock(const Clock& base) : base_(base) {}
  int64_t NowUnix() const override { return base_.NowUnix() + offset_.load(); }
  int64_t offset() const { return offset_.load(); }
  void set_offset(int64_t seconds) { offset_.store(seconds); }
  // Adds to the offset and returns the new offset.
  int64_t Advance(int64_t seconds) { return offset_.fetch_add(seconds) + seconds; }

 private:
  const Clock& base_;
  std::atomic<int64_t> offset_{0};
};

}  // namespace proofup::mockidp

#endif  // PROOFUP_MOCK_IDP_CLOCK_H_
