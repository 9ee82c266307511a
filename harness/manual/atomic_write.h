// Internal: the manual's report files are written whole or not at all.
#ifndef PROOFUP_MANUAL_ATOMIC_WRITE_H_
#define PROOFUP_MANUAL_ATOMIC_WRITE_H_

#include <string>

#include "harness/base/status.h"

namespace proofup::manual {

// Writes `contents` to a temporary file next to `path` and renames it over
// `path`. Returns OK, or kIoError naming `path` (the temporary file removed).
Status WriteAtomically(const std::string& path, const std::string& contents);

}  // namespace proofup::manual

#endif  // PROOFUP_MANUAL_ATOMIC_WRITE_H_
