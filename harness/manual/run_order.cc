#include "harness/manual/run_order.h"

#include <algorithm>

namespace proofup::manual {
namespace {

bool Names(const StepVisit& v, int n) {
  return std::find(v.steps.begin(), v.steps.end(), n) != v.steps.end();
}

bool Contains(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

}  // namespace

std::vector<int> FinishOrder(const std::vector<StepVisit>& visits) {
  std::vector<int> order;
  for (const StepVisit& v : visits)
    for (int n : v.steps) {
      order.erase(std::remove(order.begin(), order.end(), n), order.end());
      order.push_back(n);
    }
  return order;
}

std::vector<ManualCheck::MovedScreen> MovedScreens(const Manual& manual,
                                                   const std::vector<StepVisit>& visits) {
  std::vector<ManualCheck::MovedScreen> moved;
  auto in_manual = [&](int n) {
    return std::any_of(manual.steps.begin(), manual.steps.end(),
                       [&](const ManualStep& s) { return s.number == n; });
  };
  for (const ManualStep& step : manual.steps) {
    // [begin, end) of each run of consecutive visits naming the step.
    std::vector<std::pair<size_t, size_t>> runs;
    for (size_t i = 0; i < visits.size(); ++i) {
      if (!Names(visits[i], step.number)) continue;
      if (runs.empty() || runs.back().second != i) runs.push_back({i, i});
      runs.back().second = i + 1;
    }
    if (runs.size() < 2) continue;
    std::vector<std::string> last;
    for (size_t i = runs.back().first; i < runs.back().second; ++i)
      last.insert(last.end(), visits[i].headings.begin(), visits[i].headings.end());
    for (size_t r = 0; r + 1 < runs.size(); ++r) {
      if (runs[r].first == 0) continue;  // nothing performed before it
      const std::vector<int>& before = visits[runs[r].first - 1].steps;
      int to = before.empty() ? 0 : before.back();
      if (to == step.number || !in_manual(to)) continue;
      for (size_t i = runs[r].first; i < runs[r].second; ++i)
        for (const std::string& h : visits[i].headings) {
          bool listed = Contains(step.screens, h) && !Contains(last, h);
          bool known =
              std::any_of(moved.begin(), moved.end(), [&](const auto& m) { return m.screen == h; });
          if (listed && !known) moved.push_back({h, step.number, to});
        }
    }
  }
  return moved;
}

}  // namespace proofup::manual
