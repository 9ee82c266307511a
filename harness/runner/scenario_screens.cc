// What a scenario run keeps of each step's page: the texts for the reports,
// the offline screen and the screenshot, all masked.
#include "harness/browser/url.h"
#include "harness/runner/expectation.h"
#include "harness/runner/scenario_run.h"
#include "harness/runner/text_search.h"

namespace proofup::runner {
namespace {

// At most `limit` bytes of `text` (cut at a UTF-8 character boundary) and a
// marker saying how much was left out, so a huge page cannot bloat the reports.
std::string TruncateText(const std::string& text, size_t limit) {
  if (limit == 0 || text.size() <= limit) return text;
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "\n[... " + std::to_string(text.size() - cut) +
         " more bytes not in the report (limit " + std::to_string(limit) +
         " bytes, --max-step-text)]";
}

}  // namespace

void ScenarioRun::Observe(StepResult& r) {
  if (!browser_) return;
  for (const auto& rec : browser_->TakeLog())
    r.requests.push_back({rec.method, mask_.Mask(rec.url), rec.status, rec.elapsed_ms});
  for (const auto& entry : browser_->TakeConsole())
    r.console.push_back(mask_.Mask(entry.kind + ": " + entry.text));
  if (!browser_->has_page()) return;
  const browser::Page& page = browser_->page();
  r.observed_title = mask_.Mask(NormalizeSpace(page.title));
  r.observed_heading = mask_.Mask(ScreenName(page));
  r.observed_text = mask_.Mask(TruncateText(page.text, options_.max_step_text_bytes));
  if (!archive_.enabled()) return;
  auto resolve = [&](const std::string& href) {
    auto url = browser::ResolveUrl(page.url, href);
    return url.ok() ? *url : href;  // unresolvable: as written
  };
  auto fetch = [&](const std::string& href) { return browser_->FetchBytes(href); };
  std::string html = MakeOffline(page.html, resolve, fetch, !options_.show_secrets);
  browser_->TakeLog();  // stylesheet fetches are the archive's, not the step's
  pending_screens_.push_back({current_step_, std::move(html)});
  // A PNG cannot be masked afterwards: QR codes, images and every secret known
  // by now are painted over before the shot.
  browser::ScreenshotOptions shot;
  if (!options_.show_secrets) {
    shot.mask_images = true;
    shot.mask_texts = mask_.secrets();
  }
  if (options_.outline_next_target) shot.outline_text = NextTarget();
  const ScreenshotLayout& layout = options_.screenshots;
  shot.width = layout.width;
  shot.height = layout.height;
  shot.scale = layout.scale;
  shot.crop = layout.crop;
  shot.sample_image = layout.sample_image;
  // A step that left the page as it was (a phone step, a note) shows the previous step's shot.
  ShotContent content{page.html, shot.mask_texts, shot.outline_text};
  r.screenshot_file = archive_.ReusableShot(content);
  if (!r.screenshot_file.empty()) return;
  auto png = browser_->Screenshot(shot);  // kUnimplemented: the http backend draws nothing
  if (png.ok()) {
    auto saved = archive_.SavePng(r.index, *png, std::move(content));
    if (saved.ok()) r.screenshot_file = *saved;
  }
}

// Masks every text of every step again, now with all secrets the scenario
// learned (the listener saw each step masked with what was known then), and
// only then writes the screens, so no report or screen holds a secret that
// became known after its step.
void ScenarioRun::MaskAndSave(ScenarioResult& result) {
  if (options_.show_secrets) {
    for (PendingScreen& p : pending_screens_) {
      auto file = archive_.Save(result.steps[p.step].index, p.html);
      if (file.ok()) result.steps[p.step].screen_file = *file;
    }
    pending_screens_.clear();
    return;
  }
  for (StepResult& r : result.steps) {
    for (std::string* text : {&r.description, &r.expected, &r.observed_title, &r.observed_heading,
                              &r.observed_text, &r.failure, &r.phone.sms_text})
      *text = mask_.Mask(*text);
    for (std::string& line : r.console) line = mask_.Mask(line);
    for (RequestTiming& t : r.requests) t.url = mask_.Mask(t.url);
  }
  result.error = mask_.Mask(result.error);
  for (PendingScreen& p : pending_screens_) {
    auto file = archive_.Save(result.steps[p.step].index, mask_.Mask(p.html));
    if (file.ok()) result.steps[p.step].screen_file = *file;
  }
  pending_screens_.clear();
}

}  // namespace proofup::runner
