#include "harness/cli/manual_build_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "harness/base/counted.h"
#include "harness/cli/cli.h"
#include "harness/cli/manual_command.h"
#include "harness/manual/manual.h"
#include "harness/process/process.h"
#include "harness/qr/qr.h"

namespace proofup::cli {
namespace {

namespace fs = std::filesystem;

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool WriteBytes(const fs::path& path, const std::string& bytes) {
  fs::path temporary = path.string() + ".tmp";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file << bytes;
    if (!file.flush()) return false;
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  return !ec;
}

// As the Chromium backend finds it (harness/browser/chromium/chromium.h).
std::string ChromiumBinary() {
  if (const char* env = std::getenv("PROOFUP_CHROMIUM"); env && *env) return env;
  std::error_code ec;
  return fs::exists("/usr/lib/chromium/chromium", ec) ? "/usr/lib/chromium/chromium"
                                                      : "/usr/bin/chromium";
}

// Chromium's print to PDF (Page.printToPDF behind --print-to-pdf) of `html`.
Status PrintToPdf(const fs::path& html, const fs::path& pdf) {
  fs::path profile = fs::temp_directory_path() / ("proofup-pdf-" + std::to_string(getpid()));
  std::vector<std::string> argv = {ChromiumBinary(),
                                   "--headless=new",
                                   "--disable-gpu",
                                   "--no-first-run",
                                   "--user-data-dir=" + profile.string(),
                                   "--no-pdf-header-footer",
                                   "--print-to-pdf=" + pdf.string(),
                                   "file://" + fs::absolute(html).string()};
  if (geteuid() == 0) argv.insert(argv.begin() + 1, "--no-sandbox");  // root cannot start it
  SpawnOptions options;
  // Not inherited: Chromium's helper processes outlive it for a while and
  // would hold proofup's own stdout open. Its one line ("N bytes written") is
  // left unread in the pipe.
  options.capture_stdout = true;
  options.discard_stderr = true;
  auto child = ChildProcess::Spawn(argv, options);
  if (!child.ok()) return child.status();
  auto exit = (*child)->Wait(std::chrono::milliseconds(60'000));
  std::error_code ec;
  fs::remove_all(profile, ec);
  if (!exit.ok()) return exit.status();
  if (!exit->exited || exit->code != 0 || !fs::is_regular_file(pdf, ec))
    return Status::Internal("chromium could not print " + html.string() + " to PDF");
  return Status::Ok();
}

// --window, --scale and --crop as the runner takes them; "" or the problem.
std::string ScreenshotLayoutOf(const ManualBuildArgs& args, runner::ScreenshotLayout& layout) {
  if (!args.window.empty()) {
    int width = 0, height = 0;
    char x = 0, rest = 0;
    if (std::sscanf(args.window.c_str(), "%d%c%d%c", &width, &x, &height, &rest) != 3 ||
        (x != 'x' && x != 'X') || width < 200 || height < 200 || width > 8000 || height > 8000)
      return "--window \"" + args.window +
             "\": expected WIDTHxHEIGHT in CSS pixels, each 200 to 8000 (e.g. 1280x800)";
    layout.width = width;
    layout.height = height;
  }
  if (!(args.scale >= 0.5 && args.scale <= 4))
    return "--scale " + std::to_string(args.scale) + ": expected 0.5 to 4 (e.g. 2 for print)";
  layout.scale = args.scale;
  if (args.crop != "window" && args.crop != "dialog")
    return "--crop \"" + args.crop + "\": expected window or dialog";
  if (args.crop == "dialog") layout.crop = "dialog";
  layout.sample_image = manual::SampleQrDataUri();
  return "";
}

// The phone's screen after the last phone action of each manual step, in
// the scenarios that follow `manual_file`.
std::map<int, PhoneScreen> PhoneScreens(const RunResult& run, const std::string& manual_file) {
  std::map<int, PhoneScreen> screens;
  const fs::path name = fs::path(manual_file).filename();
  for (const ScenarioResult& scenario : run.scenarios) {
    if (fs::path(scenario.manual).filename() != name) continue;
    for (const StepResult& step : scenario.steps)
      if (step.phone.kind != PhoneScreen::Kind::kNone)
        for (int n : step.manual_steps) screens[n] = step.phone;
  }
  return screens;
}

}  // namespace

int ManualBuildCommand(const ManualBuildArgs& args, std::ostream& out, std::ostream& err) {
  auto loaded = LoadManualOrExplain(args.manual, err);
  if (!loaded) return kExitUsage;
  RunArgs run = args.run;
  if (std::string bad = ScreenshotLayoutOf(args, run.screenshots); !bad.empty()) {
    err << "proofup: manual build: " << bad << "\n";
    return kExitUsage;
  }
  run.browser = "chromium";    // screenshots need pixels
  run.survey = true;           // pictures of every screen, also after drift
  run.outline_targets = true;  // the element to act on framed, as in the manual
  RunOutcome outcome = RunScenarios(run, out, err);
  if (!outcome.run) return outcome.exit_code;
  if (outcome.exit_code == kExitTarget) return kExitTarget;
  manual::ManualCheck check = manual::CheckManual(*loaded, *outcome.run);
  out << manual::SummaryLine(check) << "\n";

  std::error_code ec;
  fs::create_directories(args.out, ec);
  std::vector<manual::DocumentStep> document(loaded->steps.size());
  std::map<int, PhoneScreen> phones = PhoneScreens(*outcome.run, args.manual);
  for (size_t i = 0; i < loaded->steps.size(); ++i) {
    auto found = phones.find(loaded->steps[i].number);
    if (found != phones.end()) document[i].phone = found->second;
  }
  int written = 0, unchanged = 0, missing = 0;
  for (size_t i = 0; i < loaded->steps.size() && i < check.steps.size(); ++i) {
    const manual::ManualStep& step = loaded->steps[i];
    if (step.screens.empty()) continue;  // nothing of the computer screen to show
    if (check.steps[i].screenshot.empty()) {
      out << "manual build: step " << step.number << ": no screenshot (the run did not show "
          << "its screen)\n";
      ++missing;
      continue;
    }
    std::string name =
        (step.number < 10 ? "step-0" : "step-") + std::to_string(step.number) + ".png";
    std::string fresh = ReadBytes(fs::path(outcome.run_dir) / check.steps[i].screenshot);
    fs::path target = fs::path(args.out) / name;
    document[i].image = name;
    if (fs::exists(target, ec)) {
      auto share = qr::DifferingPixelShare(ReadBytes(target), fresh);
      if (share.ok() && *share <= args.pixel_threshold) {
        ++unchanged;
        continue;
      }
    }
    if (!WriteBytes(target, fresh)) {
      err << "proofup: cannot write " << target.string() << "\n";
      return kExitFailed;
    }
    ++written;
  }
  fs::path html = fs::path(args.out) / "manual.html";
  if (!WriteBytes(html, manual::ManualDocumentHtml(*loaded, document))) {
    err << "proofup: cannot write " << html.string() << "\n";
    return kExitFailed;
  }
  fs::path pdf = fs::path(args.out) / "manual.pdf";
  Status printed = PrintToPdf(html, pdf);
  if (!printed.ok()) err << "proofup: " << printed.message() << "\n";
  out << "manual build: " << html.string() << ", " << pdf.string() << " ("
      << Counted(written, "screenshot") << " written, " << unchanged << " unchanged, " << missing
      << " missing)\n";
  return printed.ok() && missing == 0 ? kExitPassed : kExitFailed;
}

}  // namespace proofup::cli
