// Replace-by-rename file writing, so a report is either the old file, the new
// one, or absent: never half-written.
#ifndef PROOFUP_REPORT_ATOMIC_FILE_H_
#define PROOFUP_REPORT_ATOMIC_FILE_H_

#include <string>
#include <string_view>

#include "harness/base/status.h"

namespace proofup::report_internal {

// Writes `contents` to a temporary file next to `path` (same directory, so the
// rename cannot cross file systems), flushes it to disk and renames it to `path`.
// The result is readable by everyone (0644). On failure the temporary file is
// removed and `path` is untouched. Errors: kIoError "cannot write <path>: <why>".
Status WriteFileAtomically(const std::string& path, std::string_view contents);

}  // namespace proofup::report_internal

#endif  // PROOFUP_REPORT_ATOMIC_FILE_H_
