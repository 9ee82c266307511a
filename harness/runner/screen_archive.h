// Saves the screens a scenario passed through, so a person can open them
// offline later and see what the portal showed: scripts dropped, stylesheets
// inlined, secrets masked, and the QR image replaced by a placeholder unless
// secrets are shown. Internal to the runner; one per scenario run.
#ifndef PROOFUP_RUNNER_SCREEN_ARCHIVE_H_
#define PROOFUP_RUNNER_SCREEN_ARCHIVE_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/base/status.h"

namespace proofup::runner {

// Fetches a stylesheet URL (absolute) and returns its text, or an error.
using StylesheetFetcher = std::function<StatusOr<std::string>(const std::string& href)>;

// Resolves `href` against `base` (the page URL); kept minimal for stylesheets.
using UrlResolver = std::function<std::string(const std::string& href)>;

// `html` made self-contained and inert, so opening a saved screen runs
// nothing: a strict Content-Security-Policy meta tag first (default-src
// 'none'; img-src data:; style-src 'unsafe-inline'), <script>, frames,
// <object>/<embed>, <base> and meta refresh removed, on* event handlers,
// srcdoc and javascript:/vbscript:/data:text/html URLs stripped from every
// tag; <link rel=stylesheet>
// replaced by <style> with the fetched text (a failed fetch leaves a comment),
// and, when `mask_images` is set, every <img> whose src is a data: URI (the QR
// code is one) replaced by a labelled placeholder.
std::string MakeOffline(std::string_view html, const UrlResolver& resolve,
                        const StylesheetFetcher& fetch, bool mask_images);

// What a screenshot shows, so that a later step can tell whether it may reuse it.
struct ShotContent {
  std::string html;                 // the page's markup when the shot was taken
  std::vector<std::string> masked;  // the secrets painted over
  std::string outline;              // the framed element's text; "" = none
};

class ScreenArchive {
 public:
  // Screens go to <run_dir>/screens/<scenario_dir>/. An empty run_dir disables saving.
  ScreenArchive(std::string run_dir, std::string scenario_dir);

  // Writes `html` for step `index` and returns its path relative to run_dir.
  // When `html` equals the last saved screen, the earlier file is returned
  // instead of writing a copy. Error: kIoError naming the file.
  StatusOr<std::string> Save(int index, const std::string& html);

  // Writes the PNG `png` for step `index` (step-NN.png next to the HTML) and
  // returns its path relative to run_dir; `content` says what it shows (for
  // ReusableShot). Error: kIoError naming the file.
  StatusOr<std::string> SavePng(int index, const std::string& png, ShotContent content = {});

  // The last PNG SavePng wrote, when a step whose shot would show `content`
  // may use it instead of a fresh one (a phone step, a note: the page stayed
  // as it was, and a screenshot costs far more than this comparison): same
  // markup, same frame, and every secret of content.masked either painted
  // over in that shot or absent from the markup. The latter only for secrets
  // of characters markup never escapes; any other new secret needs a fresh
  // shot. "" when it needs one.
  std::string ReusableShot(const ShotContent& content) const;

  bool enabled() const { return !run_dir_.empty(); }

 private:
  // Writes <run_dir>/screens/<scenario_dir>/step-NN.<extension>; returns its
  // path relative to run_dir. Error: kIoError naming the file.
  StatusOr<std::string> WriteStepFile(int index, const char* extension,
                                      const std::string& bytes) const;

  std::string run_dir_;
  std::string scenario_dir_;
  std::string last_html_;
  std::string last_file_;
  ShotContent last_shot_;
  std::string last_shot_file_;  // "" before the first PNG
};

}  // namespace proofup::runner

#endif  // PROOFUP_RUNNER_SCREEN_ARCHIVE_H_
