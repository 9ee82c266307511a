// For bench/webdriver_bench.cc: a launcher whose sessions time every Browser
// call and count the round trips it cost (the backend's own counters:
// ChromiumTimingsOf, WebDriverTimingsOf), per kind of call. Not a test helper:
// it prints nothing and asserts nothing.
#ifndef PROOFUP_BENCH_TIMED_BROWSER_H_
#define PROOFUP_BENCH_TIMED_BROWSER_H_

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "harness/browser/browser.h"
#include "harness/browser/chromium/chromium.h"
#include "harness/browser/webdriver/webdriver.h"

namespace proofup::bench {

using Clock = std::chrono::steady_clock;

inline double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

inline double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t mid = v.size() / 2;
  return v.size() % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

struct ActionStat {
  int calls = 0;
  double wall_ms = 0;
  int trips = 0;       // round trips waited for (HTTP exchanges; DevTools replies)
  double trip_ms = 0;  // time waiting for them
};
using ActionTally = std::map<std::string, ActionStat>;

// Forwards every call to `inner`, adding it to `tally` under its kind.
class TimedBrowser : public browser::Browser {
 public:
  TimedBrowser(std::unique_ptr<browser::Browser> inner, ActionTally& tally)
      : inner_(std::move(inner)), tally_(tally) {}
  // The session's every command (the log reads between steps included) as
  // one row: the requests a Grid's hop is paid on.
  ~TimedBrowser() override {
    ActionStat& s = tally_["(session)"];
    ++s.calls;
    auto [commands, ms] = Trips();
    s.trips += commands;
    s.trip_ms += ms;
  }

  template <typename F>
  auto Timed(const char* kind, F call) {
    auto before = Trips();
    auto start = Clock::now();
    auto result = call();  // Status or StatusOr<T>
    ActionStat& s = tally_[kind];
    ++s.calls;
    s.wall_ms += MillisSince(start);
    auto after = Trips();
    s.trips += after.first - before.first;
    s.trip_ms += after.second - before.second;
    return result;
  }

  std::string name() const override { return inner_->name(); }
  Status Open(std::string_view url) override {
    // The session's first page apart: a fresh browser's first navigation.
    return Timed(std::exchange(opened_, true) ? "open" : "open (1st)",
                 [&] { return inner_->Open(url); });
  }
  Status Click(std::string_view t) override {
    return Timed("click", [&] { return inner_->Click(t); });
  }
  Status Fill(std::string_view f, std::string_view v) override {
    return Timed("fill", [&] { return inner_->Fill(f, v); });
  }
  Status Select(std::string_view f, std::string_view o) override {
    return Timed("select", [&] { return inner_->Select(f, o); });
  }
  Status Check(std::string_view f) override {
    return Timed("check", [&] { return inner_->Check(f); });
  }
  Status Uncheck(std::string_view f) override {
    return Timed("check", [&] { return inner_->Uncheck(f); });
  }
  Status Choose(std::string_view l) override {
    return Timed("choose", [&] { return inner_->Choose(l); });
  }
  Status FollowMetaRefresh() override {
    return Timed("meta refresh", [&] { return inner_->FollowMetaRefresh(); });
  }
  Status Reload() override {
    return Timed("reload", [&] { return inner_->Reload(); });
  }
  Status Poll() override {
    return Timed("poll", [&] { return inner_->Poll(); });
  }
  Status AwaitChange(Clock::time_point d) override {
    return Timed("await change", [&] { return inner_->AwaitChange(d); });
  }
  std::string crash_reason() const override { return inner_->crash_reason(); }
  StatusOr<std::string> FetchBytes(std::string_view url) override {
    return Timed("fetch", [&] { return inner_->FetchBytes(url); });
  }
  StatusOr<std::vector<http::Cookie>> Cookies(std::string_view url) override {
    return Timed("cookies", [&] { return inner_->Cookies(url); });
  }
  StatusOr<std::string> Screenshot(const browser::ScreenshotOptions& o) override {
    return Timed("screenshot", [&] { return inner_->Screenshot(o); });
  }
  bool has_page() const override { return inner_->has_page(); }
  const browser::Page& page() const override { return inner_->page(); }
  std::vector<browser::RequestRecord> TakeLog() override { return inner_->TakeLog(); }
  std::vector<browser::ConsoleEntry> TakeConsole() override { return inner_->TakeConsole(); }

 private:
  std::pair<int, double> Trips() const {
    if (auto t = browser::ChromiumTimingsOf(*inner_)) return {t->commands, t->command_ms};
    if (auto t = browser::WebDriverTimingsOf(*inner_)) return {t->commands, t->command_ms};
    return {0, 0};
  }

  std::unique_ptr<browser::Browser> inner_;
  ActionTally& tally_;
  bool opened_ = false;
};

// Sessions of `inner`, timed into tally() (reset it between runs).
class TimedLauncher : public browser::BrowserLauncher {
 public:
  explicit TimedLauncher(std::unique_ptr<browser::BrowserLauncher> inner)
      : inner_(std::move(inner)) {}
  StatusOr<std::unique_ptr<browser::Browser>> NewSession(
      const browser::SessionOptions& options) override {
    auto session = inner_->NewSession(options);
    if (!session.ok()) return session.status();
    return std::unique_ptr<browser::Browser>(
        std::make_unique<TimedBrowser>(std::move(*session), tally_));
  }
  void PrepareSession(const browser::SessionOptions& options) override {
    inner_->PrepareSession(options);
  }
  std::vector<std::string> TakeNotices() override { return inner_->TakeNotices(); }
  ActionTally& tally() { return tally_; }

 private:
  std::unique_ptr<browser::BrowserLauncher> inner_;
  ActionTally tally_;
};

// One row per action kind and backend: medians over runs of calls per run,
// wall ms per call, round trips per call and ms per round trip.
inline void PrintTallies(const std::vector<std::string>& names,
                         const std::vector<std::vector<ActionTally>>& runs) {
  std::map<std::string, bool> kinds;
  for (const auto& backend : runs)
    for (const auto& tally : backend)
      for (const auto& [kind, _] : tally) kinds[kind] = true;
  std::printf("  %-13s %-13s %6s %9s %7s %8s\n", "action", "backend", "calls", "ms/call", "trips",
              "ms/trip");
  for (const auto& [kind, _] : kinds) {
    for (size_t b = 0; b < names.size(); ++b) {
      std::vector<double> calls, wall, trips, trip_ms;
      for (const ActionTally& t : runs[b]) {
        auto it = t.find(kind);
        if (it == t.end() || it->second.calls == 0) continue;
        const ActionStat& s = it->second;
        calls.push_back(s.calls);
        wall.push_back(s.wall_ms / s.calls);
        trips.push_back(static_cast<double>(s.trips) / s.calls);
        if (s.trips > 0) trip_ms.push_back(s.trip_ms / s.trips);
      }
      if (calls.empty()) continue;
      std::printf("  %-13s %-13s %6.0f %9.1f %7.2f %8.2f\n", kind.c_str(), names[b].c_str(),
                  Median(calls), Median(wall), Median(trips), Median(trip_ms));
    }
  }
}

}  // namespace proofup::bench

#endif  // PROOFUP_BENCH_TIMED_BROWSER_H_
