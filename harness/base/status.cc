#include "harness/base/status.h"

namespace proofup {

const char* KindName(Status::Kind kind) {
  switch (kind) {
    case Status::Kind::kOk:
      return "OK";
    case Status::Kind::kInvalidArgument:
      return "invalid argument";
    case Status::Kind::kParseError:
      return "parse error";
    case Status::Kind::kNotFound:
      return "not found";
    case Status::Kind::kIoError:
      return "I/O error";
    case Status::Kind::kNetworkError:
      return "network error";
    case Status::Kind::kTimeout:
      return "timeout";
    case Status::Kind::kFailedPrecondition:
      return "failed precondition";
    case Status::Kind::kInternal:
      return "internal error";
    case Status::Kind::kUnimplemented:
      return "unimplemented";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string(KindName(kind_)) + ": " + message_;
}

}  // namespace proofup
