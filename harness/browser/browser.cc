// What both backends share beyond the Page model: queries on the current page.
#include "harness/browser/browser.h"

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

}  // namespace proofup::browser
