// The folder a run writes into: reports/<run id>/ plus the reports/latest link.
#ifndef PROOFUP_RUNNER_RUN_FOLDER_H_
#define PROOFUP_RUNNER_RUN_FOLDER_H_

#include <string>

#include "harness/base/status.h"

namespace proofup::runner {

struct RunFolder {
  std::string run_id;  // e.g. "20261124-181500-3fa2"
  std::string path;    // <reports root>/<run id>
};

// A new run id from the current UTC time plus 4 random hex digits, so two runs
// started in the same second do not collide.
std::string NewRunId();

// Creates <reports_root>/<run_id>/ (and reports_root itself) and points
// <reports_root>/latest at it (a relative symlink, replaced atomically).
// Error: kIoError naming the path.
StatusOr<RunFolder> CreateRunFolder(const std::string& reports_root, const std::string& run_id);

// Lower-case ASCII letters, digits and '-' only: safe as a file name on any system.
std::string Slug(const std::string& text);

}  // namespace proofup::runner

#endif  // PROOFUP_RUNNER_RUN_FOLDER_H_
