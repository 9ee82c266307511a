// The Browser of a script-running backend, written once: every action is the
// shared PageActions over the backend's own PageDriver, so a backend (the
// Chromium pipe, WebDriver) derives from DrivenBrowser, implements only the
// PageDriver side (its transport) and the parts of Browser that differ by
// transport: name, cookies, the request log and console, why it is gone.
// Internal to harness/browser.
//
// Thread safety: as Browser's (one thread at a time).
#ifndef PROOFUP_BROWSER_DRIVEN_BROWSER_H_
#define PROOFUP_BROWSER_DRIVEN_BROWSER_H_

#include <chrono>
#include <string_view>

#include "harness/browser/browser.h"
#include "harness/browser/page_actions.h"

namespace proofup::browser {

class DrivenBrowser : public Browser, protected PageDriver {
 public:
  Status Open(std::string_view url) override { return actions_.Open(url); }
  Status Click(std::string_view text) override { return actions_.Click(text); }
  Status Fill(std::string_view field, std::string_view value) override {
    return actions_.Fill(field, value);
  }
  Status Select(std::string_view field, std::string_view option) override {
    return actions_.Select(field, option);
  }
  Status Check(std::string_view field) override { return actions_.SetChecked(field, true, false); }
  Status Uncheck(std::string_view field) override {
    return actions_.SetChecked(field, false, false);
  }
  Status Choose(std::string_view label) override { return actions_.SetChecked(label, true, true); }
  Status FollowMetaRefresh() override { return actions_.FollowMetaRefresh(); }
  Status Reload() override { return actions_.Reload(); }
  Status Poll() override { return actions_.Poll(); }
  Status AwaitChange(Clock::time_point deadline) override { return actions_.AwaitChange(deadline); }
  StatusOr<std::string> FetchBytes(std::string_view url) override {
    return actions_.FetchBytes(url);
  }
  StatusOr<std::string> Screenshot(const ScreenshotOptions& options) override {
    return actions_.Screenshot(options);
  }
  bool has_page() const override { return actions_.has_page(); }
  const Page& page() const override { return actions_.page(); }

 protected:
  // Each action's waits (actionability, settling) are bounded by the
  // transport's total timeout, 10 s when it has none. The actions call the
  // derived class's PageDriver only once it is constructed (on the first
  // action), so passing *this here is safe.
  explicit DrivenBrowser(const SessionOptions& options)
      : timeout_(options.transport.total_timeout_ms > 0 ? options.transport.total_timeout_ms
                                                        : 10'000),
        actions_(*this, timeout_) {}

  std::chrono::milliseconds action_timeout() const { return timeout_; }
  // The Page model's parse time and settle count, for the backend's timings.
  const ActionCounts& action_counts() const { return actions_.counts(); }

 private:
  std::chrono::milliseconds timeout_;
  PageActions actions_;
};

}  // namespace proofup::browser

#endif  // PROOFUP_BROWSER_DRIVEN_BROWSER_H_
