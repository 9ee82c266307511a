// Internal to the cli module: `proofup manual build`, the manual rebuilt from
// the live portal as HTML and PDF.
#ifndef PROOFUP_CLI_MANUAL_BUILD_COMMAND_H_
#define PROOFUP_CLI_MANUAL_BUILD_COMMAND_H_

#include <ostream>
#include <string>

#include "harness/cli/run_command.h"

namespace proofup::cli {

struct ManualBuildArgs {
  std::string manual;          // --manual FILE
  std::string out = "manual";  // --out DIR
  // Share of pixels that may differ before a screenshot is rewritten.
  double pixel_threshold = 0.002;
  std::string window;           // --window WIDTHxHEIGHT (CSS px); "" = Chromium's 1280x900
  double scale = 1;             // --scale: device scale factor (2 for print)
  std::string crop = "window";  // --crop window|dialog
  RunArgs run;  // the scenarios that name the manual; run.browser becomes "chromium"
};

// Runs the scenarios in survey mode with Chromium (screenshots at `window`
// and `scale`, cropped as `crop` says, every QR code replaced by
// manual::SampleQrDataUri()), then writes into `out`:
// step-NN.png for every manual step with a screen (rewritten only when it
// differs from the one there by more than pixel_threshold), manual.html
// (manual::ManualDocumentHtml) and manual.pdf (Chromium's print to PDF).
// Prints what it wrote. Returns kExitPassed when all was written, kExitFailed
// when a step had no screenshot or the PDF failed, kExitUsage for a bad
// manual file or a bad --window/--scale/--crop (the message says which), kExitTarget when the
// target was down.
int ManualBuildCommand(const ManualBuildArgs& args, std::ostream& out, std::ostream& err);

}  // namespace proofup::cli

#endif  // PROOFUP_CLI_MANUAL_BUILD_COMMAND_H_
