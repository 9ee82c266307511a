#include "harness/cli/run_reports.h"

#include <filesystem>

#include "harness/base/counted.h"
#include "harness/cli/console_listener.h"
#include "harness/report/report.h"
#include "harness/runner/runner.h"

namespace proofup::cli {
namespace {

namespace fs = std::filesystem;

// The run folder's reports, then the fixed paths CI asked for (--report-*).
Status WriteEveryReport(const RunResult& run, const RunArgs& args, const std::string& run_dir) {
  Status first = WriteAll(run, run_dir);
  auto keep = [&first](Status s) {
    if (first.ok() && !s.ok()) first = std::move(s);
  };
  for (const std::string& file : {args.report_junit, args.report_json}) {
    std::error_code ec;
    if (!file.empty() && fs::path(file).has_parent_path())
      fs::create_directories(fs::path(file).parent_path(), ec);
  }
  if (!args.report_junit.empty()) keep(WriteJunitXml(run, args.report_junit));
  if (!args.report_json.empty()) keep(WriteJsonReport(run, args.report_json));
  if (!args.report_html.empty()) {
    keep(WriteHtmlReport(run, args.report_html));
    std::error_code ec;
    fs::path screens = fs::path(run_dir) / "screens";
    if (fs::is_directory(screens, ec))
      fs::copy(screens, fs::path(args.report_html) / "screens",
               fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
    if (ec) keep(Status::IoError("cannot copy the screens into " + args.report_html));
  }
  return first;
}

}  // namespace

RunResult UnreachableRun(const std::vector<scenario::Scenario>& scenarios,
                         const std::string& target, const std::string& reason) {
  RunResult run;
  run.target = target;
  for (const auto& s : scenarios)
    run.scenarios.push_back(runner::UnrunResult(s, Outcome::kError, reason));
  return run;
}

int WriteReports(RunResult& run, const RunArgs& args, const runner::RunFolder& folder,
                 std::ostream& out, std::ostream& err, const std::string& unreachable) {
  run.run_id = folder.run_id;
  Status written = WriteEveryReport(run, args, folder.path);
  if (unreachable.empty()) {
    out << SummaryLine(run) << "\n";
  } else {
    out << Counted(static_cast<long long>(run.scenarios.size()), "scenario")
        << " not run: the target is unreachable (" << unreachable << ")\n";
  }
  if (!written.ok()) {
    // stdout must never point at a report that is not there (or is half written).
    err << "proofup: the reports were not written: " << written.message() << "\n";
    out << "reports: NOT written (" << written.message() << ")\n";
    return 1;
  }
  out << "reports: " << folder.path << "/index.html (junit.xml, report.json; also "
      << fs::path(folder.path).parent_path().string() << "/latest)\n";
  return 0;
}

}  // namespace proofup::cli
