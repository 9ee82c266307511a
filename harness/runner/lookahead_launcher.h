// Internal to the runner: a worker's launcher that, once a scenario has its
// session, asks for the next scenario's to be made while this one runs
// (BrowserLauncher::PrepareSession; the WebDriver launcher's one-deep pool).
#ifndef PROOFUP_RUNNER_LOOKAHEAD_LAUNCHER_H_
#define PROOFUP_RUNNER_LOOKAHEAD_LAUNCHER_H_

#include <functional>
#include <memory>
#include <utility>

#include "harness/browser/browser.h"

namespace proofup::runner {

// Hands out `inner`'s sessions; after the first NewSession (whatever it
// returned) calls `then` once. References must outlive it.
class LookaheadLauncher : public browser::BrowserLauncher {
 public:
  LookaheadLauncher(browser::BrowserLauncher& inner, std::function<void()> then)
      : inner_(inner), then_(std::move(then)) {}
  StatusOr<std::unique_ptr<browser::Browser>> NewSession(
      const browser::SessionOptions& options) override {
    auto session = inner_.NewSession(options);
    if (then_) std::exchange(then_, nullptr)();
    return session;
  }
  void PrepareSession(const browser::SessionOptions& options) override {
    inner_.PrepareSession(options);
  }
  std::vector<std::string> TakeNotices() override { return inner_.TakeNotices(); }

 private:
  browser::BrowserLauncher& inner_;
  std::function<void()> then_;
};

}  // namespace proofup::runner

#endif  // PROOFUP_RUNNER_LOOKAHEAD_LAUNCHER_H_
