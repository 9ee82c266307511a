#include "harness/cli/manual_command.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "harness/cli/cli.h"
#include "harness/manual/manual.h"
#include "harness/report/report.h"

namespace proofup::cli {
namespace {

namespace fs = std::filesystem;

// Writes manual.json and manual.html into `run_dir`; prints any failure.
bool WriteManualReports(const std::vector<manual::ManualCheck>& checks, const std::string& run_dir,
                        std::ostream& err) {
  bool ok = true;
  for (const Status& s :
       {manual::WriteManualJson(checks, (fs::path(run_dir) / "manual.json").string()),
        manual::WriteManualHtml(checks, (fs::path(run_dir) / "manual.html").string())}) {
    if (!s.ok()) {
      err << "proofup: " << s.message() << "\n";
      ok = false;
    }
  }
  return ok;
}

// A finished run given as report.json or as its folder; empty when `paths` are scenarios.
std::string ReportPath(const std::vector<std::string>& paths) {
  if (paths.size() != 1) return "";
  std::error_code ec;
  fs::path p(paths[0]);
  if (fs::is_directory(p, ec) && fs::is_regular_file(p / "report.json", ec))
    return (p / "report.json").string();
  if (fs::is_regular_file(p, ec) && p.extension() == ".json") return p.string();
  return "";
}

// --update: writes the manual with the check's drift written in; prints what
// changed. True when every finding was written back.
bool UpdateManual(const manual::Manual& loaded, const manual::ManualCheck& check, std::ostream& out,
                  std::ostream& err) {
  std::ifstream in(loaded.file, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  manual::ManualUpdate update = manual::UpdateManualText(text, loaded, check);
  bool complete = true;
  for (const auto& f : check.findings)
    complete &=
        f.kind == manual::FindingKind::kLabelMissing || f.kind == manual::FindingKind::kReordered;
  for (const auto& change : update.changes) {
    out << "update: " << change << "\n";
    complete &= change.find(" left as is ") == std::string::npos;
  }
  if (update.text == text) {
    out << "update: " << loaded.file << " unchanged\n";
    return complete;
  }
  std::string temporary = loaded.file + ".proofup-update";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file << update.text;
    if (!file.flush()) {
      err << "proofup: cannot write " << temporary << "\n";
      return false;
    }
  }
  std::error_code ec;
  fs::rename(temporary, loaded.file, ec);
  if (ec) {
    err << "proofup: cannot replace " << loaded.file << ": " << ec.message() << "\n";
    fs::remove(temporary, ec);
    return false;
  }
  out << "update: wrote " << loaded.file << " (review with git diff):\n"
      << "--- " << loaded.file << " (before)\n+++ " << loaded.file << " (now)\n"
      << manual::LineDiff(text, update.text);
  return complete;
}

}  // namespace

std::optional<manual::Manual> LoadManualOrExplain(const std::string& path, std::ostream& err) {
  std::vector<scenario::Diagnostic> diagnostics;
  auto loaded = manual::LoadManualFile(path, &diagnostics);
  if (loaded.ok()) return std::move(*loaded);
  if (diagnostics.empty()) err << "proofup: " << loaded.status().message() << "\n";
  PrintDiagnostics(diagnostics, err);
  return std::nullopt;
}

int ManualCheckCommand(const ManualCheckArgs& args, std::ostream& out, std::ostream& err) {
  auto loaded = LoadManualOrExplain(args.manual, err);
  if (!loaded) return kExitUsage;

  RunResult run;
  std::string run_dir;
  int run_exit = kExitPassed;
  if (std::string report = ReportPath(args.run.paths); !report.empty()) {
    auto read = ReadJsonReport(report);
    if (!read.ok()) {
      err << "proofup: " << read.status().message() << "\n";
      return kExitUsage;
    }
    run = std::move(*read);
    fs::path folder = fs::path(report).parent_path();
    run_dir = (folder.empty() ? fs::path(".") : folder).string();
  } else {
    RunArgs survey = args.run;
    survey.survey = true;  // walk to the end past drift, to list all of it
    RunOutcome outcome = RunScenarios(survey, out, err);
    if (!outcome.run) return outcome.exit_code;
    run = std::move(*outcome.run);
    run_dir = outcome.run_dir;
    run_exit = outcome.exit_code;
  }

  manual::ManualCheck check = manual::CheckManual(*loaded, run);
  out << FormatConsoleTable(check);
  bool written = WriteManualReports({check}, run_dir, err);
  out << "manual check: " << (fs::path(run_dir) / "manual.html").string() << " (manual.json)\n";
  if (run_exit == kExitTarget) return kExitTarget;
  if (!written) return kExitFailed;
  if (!check.Compared()) return kExitPassed;  // nothing followed the manual: no drift
  if (args.update && !check.Matches())
    return UpdateManual(*loaded, check, out, err) ? kExitPassed : kExitFailed;
  return check.Matches() ? kExitPassed : kExitFailed;
}

std::vector<LoadedManual> LoadManuals(const std::vector<std::string>& paths) {
  std::vector<LoadedManual> loaded;
  for (const auto& path : paths) {
    std::ostringstream explained;
    LoadedManual m;
    m.manual = LoadManualOrExplain(path, explained);
    m.explained = explained.str();
    loaded.push_back(std::move(m));
  }
  return loaded;
}

std::future<std::vector<LoadedManual>> LoadManualsAsync(std::vector<std::string> paths) {
  return std::async(std::launch::async, [paths = std::move(paths)] { return LoadManuals(paths); });
}

void CheckManualsAfterRun(RunOutcome& outcome, std::ostream& out, std::ostream& err) {
  if (!outcome.run || outcome.manuals.empty() || outcome.run_dir.empty()) return;
  std::vector<LoadedManual> loaded = outcome.manuals_loading.valid() ? outcome.manuals_loading.get()
                                                                     : LoadManuals(outcome.manuals);
  std::vector<manual::ManualCheck> checks;
  for (size_t i = 0; i < outcome.manuals.size() && i < loaded.size(); ++i) {
    err << loaded[i].explained;
    if (!loaded[i].manual) {
      out << "manual: " << fs::path(outcome.manuals[i]).filename().string()
          << " could not be loaded\n";
      continue;
    }
    checks.push_back(manual::CheckManual(*loaded[i].manual, *outcome.run));
    out << manual::SummaryLine(checks.back()) << "\n";
  }
  if (!checks.empty() && WriteManualReports(checks, outcome.run_dir, err))
    out << "manual check: " << (fs::path(outcome.run_dir) / "manual.html").string()
        << " (manual.json)\n";
}

}  // namespace proofup::cli
