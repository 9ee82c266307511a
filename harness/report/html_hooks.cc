#include "harness/report/html_hooks.h"

#include "harness/report/report_text.h"
#include "harness/report/xml_text.h"

namespace proofup::report_internal {

void AddRunHooks(const RunResult& run, kainjow::mustache::data& page) {
  namespace mustache = kainjow::mustache;
  mustache::list rows;
  bool setup_failed = false, teardown_failed = false;
  for (const auto* phase : {&run.setup, &run.teardown})
    for (const StepResult& hook : *phase) {
      const bool failed = hook.outcome == Outcome::kFailed;
      (phase == &run.setup ? setup_failed : teardown_failed) |= failed;
      mustache::data row;
      row.set("phase", phase == &run.setup ? "before" : "after");
      row.set("name", ToValidXmlText(hook.description.empty() ? hook.action : hook.description));
      row.set("outcome", OutcomeName(hook.outcome));
      row.set("outcome_class", hook.outcome == Outcome::kNotRun ? "notrun"
                               : failed                         ? "failed"
                                                                : "passed");
      row.set("duration",
              hook.outcome == Outcome::kNotRun ? "\u2014" : FormatDuration(hook.duration_ms));
      row.set("failed", failed);
      row.set("failure", ToValidXmlText(failed ? hook.failure : ""));
      rows.push_back(std::move(row));
    }
  page.set("has_run_hooks", !rows.empty());
  page.set("run_hooks", rows);
  // The exit code is 1 after a failed run-level hook, whatever the scenarios
  // did: a banner of its own says so next to the scenarios' verdict.
  page.set("run_hook_failed", setup_failed || teardown_failed);
  page.set("run_hook_banner", setup_failed ? "A run-level before hook failed: no scenario ran"
                                           : "A run-level after hook failed");
}

}  // namespace proofup::report_internal
