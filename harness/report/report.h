// Reports of a finished (or interrupted) run: JUnit XML for CI, JSON for tools
// (and for `proofup manual-check`, which reads a run back), and a self-contained
// HTML page for people. Reads harness/result only.
//
// Every writer renders the whole document in memory, writes it to a temporary
// file in the destination directory and renames it over the destination, so a
// reader never sees a half-written report, even when the run is cut short.
//
// Thread safety: all functions are re-entrant and share no state; distinct
// destinations may be written from different threads at once.
#ifndef PROOFUP_REPORT_REPORT_H_
#define PROOFUP_REPORT_REPORT_H_

#include <string>

#include "harness/base/status.h"
#include "harness/result/result.h"

namespace proofup {

// Writes JUnit XML (the schema Jenkins, GitLab and GitHub read): one <testsuite>
// per scenario file in order of first appearance, one <testcase> per scenario.
// A failed scenario carries <failure message="step N (manual M): reason"> with
// the step list in its body; kError becomes <error>, kNotRun <skipped/>, and
// kFlaky a passing testcase with a "flaky" property and a <system-out> note.
// Text is escaped; characters XML 1.0 forbids (and invalid UTF-8) become U+FFFD.
// Returns OK, or kIoError naming `path` (its directory must exist).
Status WriteJunitXml(const RunResult& run, const std::string& path);

// Writes every field of `run` as JSON (outcomes as their OutcomeName strings),
// plus a derived "summary" object that ReadJsonReport ignores. Invalid UTF-8 in
// strings is replaced by U+FFFD. Returns OK, or kIoError naming `path`.
Status WriteJsonReport(const RunResult& run, const std::string& path);

// Reads a file written by WriteJsonReport back into a RunResult. Missing keys
// take the model's defaults, so older reports still load.
// Errors: kIoError (cannot read), kParseError (not JSON, a key of the wrong type,
// an unknown outcome), both naming `path`.
StatusOr<RunResult> ReadJsonReport(const std::string& path);

// Writes run_dir/index.html: one page that opens from disk with no network (no
// scripts, no external resources): a summary, then per scenario a step timeline,
// a side-by-side word diff for the failed step and an SVG chart of step times.
// Links to StepResult::screen_file relative to run_dir. Creates run_dir if needed.
// Returns OK, or kIoError naming the path that could not be written.
Status WriteHtmlReport(const RunResult& run, const std::string& run_dir);

// Writes run_dir/junit.xml, run_dir/report.json and run_dir/index.html, creating
// run_dir if needed. Attempts all three even when one fails, so as much as
// possible is on disk; returns the first error.
Status WriteAll(const RunResult& run, const std::string& run_dir);

}  // namespace proofup

#endif  // PROOFUP_REPORT_REPORT_H_
