// Errors as values, after LevelDB's Status: a kind plus a human message.
// Functions that can fail return Status (or StatusOr<T>) instead of throwing
// across module borders. A default-constructed Status is OK.
//
// Thread safety: Status and StatusOr are plain values; distinct objects may be
// used from different threads freely.
#ifndef PROOFUP_BASE_STATUS_H_
#define PROOFUP_BASE_STATUS_H_

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace proofup {

class Status {
 public:
  enum class Kind {
    kOk,
    kInvalidArgument,     // the caller's input is malformed (bad base32, bad URI, ...)
    kParseError,          // a file or document could not be parsed
    kNotFound,            // the thing asked for is not there
    kIoError,             // reading or writing a file failed
    kNetworkError,        // connection refused, TLS failure, DNS, ...
    kTimeout,             // a deadline passed
    kFailedPrecondition,  // the operation is not valid in the current state
    kInternal,            // a bug or an unexpected library failure
    kUnimplemented,       // this implementation cannot do it (e.g. a screenshot without pixels)
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) {
    return {Kind::kInvalidArgument, std::move(msg)};
  }
  static Status ParseError(std::string msg) { return {Kind::kParseError, std::move(msg)}; }
  static Status NotFound(std::string msg) { return {Kind::kNotFound, std::move(msg)}; }
  static Status IoError(std::string msg) { return {Kind::kIoError, std::move(msg)}; }
  static Status NetworkError(std::string msg) { return {Kind::kNetworkError, std::move(msg)}; }
  static Status Timeout(std::string msg) { return {Kind::kTimeout, std::move(msg)}; }
  static Status FailedPrecondition(std::string msg) {
    return {Kind::kFailedPrecondition, std::move(msg)};
  }
  static Status Internal(std::string msg) { return {Kind::kInternal, std::move(msg)}; }
  static Status Unimplemented(std::string msg) { return {Kind::kUnimplemented, std::move(msg)}; }

  bool ok() const { return kind_ == Kind::kOk; }
  Kind kind() const { return kind_; }
  const std::string& message() const { return message_; }

  // "OK", or e.g. "invalid argument: bad base32 character '1' at position 4".
  std::string ToString() const;

 private:
  Status(Kind kind, std::string message) : kind_(kind), message_(std::move(message)) {}
  Kind kind_ = Kind::kOk;
  std::string message_;
};

// Name of a kind as used in ToString(), e.g. "invalid argument".
const char* KindName(Status::Kind kind);

// Either a value or a non-OK Status. Constructing from an OK Status is a bug and
// is turned into an kInternal error so that it can never pass as a value.
template <typename T>
class StatusOr {
 public:
  StatusOr(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  StatusOr(Status status)                      // NOLINT: implicit by design
      : v_(status.ok() ? Status::Internal("StatusOr built from an OK status") : std::move(status)) {
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  // OK when a value is held.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(v_); }

  // Precondition: ok().
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  std::variant<Status, T> v_;
};

}  // namespace proofup

#endif  // PROOFUP_BASE_STATUS_H_
