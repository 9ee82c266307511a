// index.html's section for the run-level hooks (RunResult::setup/teardown:
// --before/--after and a target profile's hooks), kept apart from the
// scenarios' code in html_report.cc.
#ifndef PROOFUP_REPORT_HTML_HOOKS_H_
#define PROOFUP_REPORT_HTML_HOOKS_H_

#include <kainjow/mustache.hpp>

#include "harness/result/result.h"

namespace proofup::report_internal {

// Sets in `page`: "has_run_hooks", "run_hooks" (one row per hook: phase
// before/after, name, status, duration, and for a failed hook its failure,
// which the runner masked and which ends with the hook's stderr), and
// "run_hook_failed" / "run_hook_banner" for the banner that says a hook failed
// (the run then does not pass, whatever its scenarios did). Strings are made
// valid XML text; mustache escapes them.
void AddRunHooks(const RunResult& run, kainjow::mustache::data& page);

}  // namespace proofup::report_internal

#endif  // PROOFUP_REPORT_HTML_HOOKS_H_
