// Measures the full 16-step enrollment (scenarios/enrollment-nl.yaml) against
// a local mock-idp: median and p95 wall time for one scenario run on its own,
// and scenarios per second with 2 workers. Prints figures; asserts nothing.
//
// usage: proofup_bench_enrollment [runs=200]   (run from the repository root)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "harness/runner/portal.h"
#include "harness/runner/runner.h"

namespace {

using namespace proofup;

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(p * static_cast<double>(v.size() - 1))];
}

int Fail(const std::string& what) {
  std::fprintf(stderr, "bench: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::atoi(argv[1]) : 200;
  runner::BundledPortalOptions portal_options;
  portal_options.executable = runner::FindMockIdp(PROOFUP_BINARY_DIR "/proofup");
  portal_options.users_file = "fixtures/users.yaml";
  auto portal = runner::StartBundledPortal(portal_options);
  if (!portal.ok()) return Fail(portal.status().ToString());
  auto users = runner::UserDirectory::Load("fixtures/users.yaml");
  if (!users.ok()) return Fail(users.status().ToString());
  auto scenario = scenario::LoadScenarioFile("scenarios/enrollment-nl.yaml");
  if (!scenario.ok()) return Fail(scenario.status().ToString());

  runner::RunOptions options;
  options.target = portal->url;
  options.admin_token = portal->admin_token;  // each run resets the user first
  runner::RunListener quiet;

  std::vector<double> ms;
  size_t requests = 0;
  for (int i = 0; i < runs; ++i) {
    RunResult r = runner::Run({*scenario}, *users, options, quiet);
    if (r.scenarios[0].outcome != Outcome::kPassed)
      return Fail("run " + std::to_string(i) + " failed");
    ms.push_back(r.duration_ms);
    for (const auto& s : r.scenarios[0].steps) requests += s.requests.size();
  }
  std::printf("enrollment (%zu steps, %.1f HTTP requests by the browser), %d runs, 1 worker:\n",
              scenario->steps.size(), static_cast<double>(requests) / runs, runs);
  std::printf("  median %.2f ms   p95 %.2f ms   min %.2f ms\n", Percentile(ms, 0.5),
              Percentile(ms, 0.95), Percentile(ms, 0.0));

  // Throughput: the same scenario for distinct users, 2 workers.
  std::vector<scenario::Scenario> batch;
  const char* names[] = {"user01", "user02", "user03", "user04", "user05",
                         "user06", "user07", "user08", "user09", "user10"};
  for (int i = 0; i < 10; ++i) {
    scenario::Scenario s = *scenario;
    s.user.username = std::string(names[i]) + "@voorbeeld.nl";
    s.phone.number = "+316123456" + std::to_string(10 + i);
    for (auto& [name, value] : s.vars)
      if (name == "mobiel") value = "06 123456" + std::to_string(10 + i);
    const runner::TestUser* u = users->Find(s.user.username);
    if (!u || u->language != "nl") continue;
    batch.push_back(s);
  }
  options.workers = 2;
  int rounds = std::max(1, runs / 10);
  double total_ms = 0;
  size_t done = 0;
  for (int i = 0; i < rounds; ++i) {
    RunResult r = runner::Run(batch, *users, options, quiet);
    for (const auto& s : r.scenarios)
      if (s.outcome != Outcome::kPassed) return Fail("parallel run failed: " + s.name);
    total_ms += r.duration_ms;
    done += r.scenarios.size();
  }
  std::printf("throughput, 2 workers: %.1f scenarios/s (%zu scenarios in %.0f ms)\n",
              1000.0 * static_cast<double>(done) / total_ms, done, total_ms);
  return 0;
}
