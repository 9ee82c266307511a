// What both backends share beyond the Page model: queries on the current page.
#include "harness/browser/browser.h"

#include "harness/browser/document.h"

namespace proofup::browser {

StatusOr<std::string> Browser::TextOf(std::string_view selector) const {
  if (!has_page()) return Status::FailedPrecondition("no page is open yet");
  StatusOr<std::vector<std::string>> texts = page().TextsOf(selector);
  if (!texts.ok()) return texts.status();
  if (texts->empty()) {
    return Status::NotFound("no visible element matches \"" + std::string(selector) + "\" on " +
                            page().url);
  }
  return texts->front();
}

StatusOr<bool> Browser::Exists(std::string_view selector) const {
  if (!has_page()) return Status::FailedPrecondition("no page is open yet");
  StatusOr<std::vector<std::string>> texts = page().TextsOf(selector);
  if (!texts.ok()) return texts.status();
  return !texts->empty();
}

Status Browser::AwaitChange(std::chrono::steady_clock::time_point) {
  return Status::Unimplemented("the " + name() + " backend's pages do not change by themselves");
}

bool DrawnByScripts(const Page& page) {
  if (!CollapseWhitespace(page.text).empty() || !page.links.empty() || !page.images.empty() ||
      page.meta_refresh)
    return false;
  for (const Field& f : page.fields)
    if (f.visible && f.kind != FieldKind::kHidden) return false;
  for (const Button& b : page.buttons)
    if (b.visible) return false;
  if (!page.document) return false;
  for (const Node& n : page.document->nodes)
    if (n.tag == "script") return true;
  return false;
}

}  // namespace proofup::browser
