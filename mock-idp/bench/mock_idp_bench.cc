// Load benchmark for mock-idp (not a test): starts the server in-process and
//  1. runs wrk (64 connections, 2 threads) against the sign-in page and /healthz:
//     requests/s and latency percentiles as wrk reports them;
//  2. times whole enrolments one after another: HTTP time per enrolment (the
//     sum of every exchange as the client sees it, an upper bound of the
//     server's time) and wall time (which adds the client's QR decoding);
//  3. runs 32 browser+phone pairs (64 connections) enrolling in a loop:
//     enrolments/s and p50/p99 enrolment latency.
// Usage: mock_idp_bench [--seconds N]   (wrk must be installed: /usr/bin/wrk)
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "mock-idp/testing/flow_driver.h"

namespace {

using namespace proofup::mockidp;
using namespace proofup::mockidp::testing;
using Clock = std::chrono::steady_clock;

constexpr int kUsers = 4000;

std::string UsersYaml() {
  std::string yaml = "tenant: Voorbeeld College\nusers:\n";
  for (int i = 0; i < kUsers; ++i) {
    yaml += "  - {username: bench" + std::to_string(i) + "@voorbeeld.nl, password: pw" +
            std::to_string(i) + "}\n";
  }
  return yaml;
}

EnrollOptions User(int i) {
  char mobile[16], e164[16];
  std::snprintf(mobile, sizeof mobile, "06%08d", 20000000 + i);
  std::snprintf(e164, sizeof e164, "+316%08d", 20000000 + i);
  return {"bench" + std::to_string(i) + "@voorbeeld.nl", "pw" + std::to_string(i), mobile, e164};
}

void RunWrk(const std::string& url, int seconds) {
  const std::string cmd =
      "wrk -t2 -c64 -d" + std::to_string(seconds) + "s --latency " + url + " 2>&1";
  std::printf("\n$ %s\n", cmd.c_str());
  std::FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) {
    std::printf("wrk not available\n");
    return;
  }
  char line[512];
  while (std::fgets(line, sizeof line, p)) {
    if (std::strstr(line, "Requests/sec") || std::strstr(line, "Latency") ||
        std::strstr(line, "50%") || std::strstr(line, "99%") || std::strstr(line, "requests in") ||
        std::strstr(line, "Non-2xx") || std::strstr(line, "Socket errors")) {
      std::fputs(line, stdout);
    }
  }
  pclose(p);
}

double Percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())))];
}

void Sequential(const MockIdp& idp, int count, std::atomic<int>& next_user) {
  std::vector<double> http_ms, wall_ms;
  int requests = 0;
  for (int i = 0; i < count; ++i) {
    HttpClient browser(idp.url());
    const int u = next_user++;
    VirtualPhone phone(idp.url(), "bench-push-" + std::to_string(u));
    const auto t0 = Clock::now();
    const std::string err = EnrollWithAuthenticator(browser, phone, User(u));
    const double wall = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (!err.empty()) {
      std::printf("enrolment failed: %s\n", err.c_str());
      return;
    }
    wall_ms.push_back(wall);
    http_ms.push_back(1000 * (browser.http_seconds() + phone.http().http_seconds()));
    requests = browser.requests() + phone.http().requests();
  }
  std::printf("\nsequential enrolments: %d, %d HTTP requests each\n", count, requests);
  std::printf("  HTTP time per enrolment: median %.2f ms, p99 %.2f ms\n", Percentile(http_ms, 0.5),
              Percentile(http_ms, 0.99));
  std::printf("  wall time per enrolment (incl. client QR decode): median %.2f ms\n",
              Percentile(wall_ms, 0.5));
}

void Concurrent(const MockIdp& idp, int seconds, std::atomic<int>& next_user) {
  constexpr int kPairs = 32;  // browser + phone each: 64 connections
  std::vector<std::vector<double>> latencies(kPairs);
  std::atomic<int> failures{0};
  const auto end = Clock::now() + std::chrono::seconds(seconds);
  std::vector<std::thread> threads;
  for (int t = 0; t < kPairs; ++t) {
    threads.emplace_back([&, t] {
      while (Clock::now() < end) {
        const int u = next_user++;
        if (u >= kUsers) return;
        HttpClient browser(idp.url());
        VirtualPhone phone(idp.url(), "bench-push-" + std::to_string(u));
        const auto t0 = Clock::now();
        if (!EnrollWithAuthenticator(browser, phone, User(u)).empty()) ++failures;
        latencies[t].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      }
    });
  }
  for (auto& th : threads) th.join();
  std::vector<double> all;
  for (auto& v : latencies) all.insert(all.end(), v.begin(), v.end());
  std::printf("\nconcurrent enrolments, %d browser+phone pairs (64 connections), %d s:\n", kPairs,
              seconds);
  std::printf("  %zu enrolments (%d failed), %.1f enrolments/s, latency p50 %.1f ms, p99 %.1f ms\n",
              all.size(), failures.load(), static_cast<double>(all.size()) / seconds,
              Percentile(all, 0.5), Percentile(all, 0.99));
}

}  // namespace

int main(int argc, char** argv) {
  int seconds = 5;
  if (argc == 3 && std::string(argv[1]) == "--seconds") seconds = std::max(1, std::atoi(argv[2]));
  MockIdpOptions o;
  o.users_yaml = UsersYaml();
  o.log_requests = false;
  o.admin_token = "bench";
  auto idp = MockIdp::Start(o);
  if (!idp.ok()) {
    std::fprintf(stderr, "mock-idp: %s\n", idp.status().ToString().c_str());
    return 1;
  }
  std::printf("mock-idp at %s (%u hardware threads)\n", (*idp)->url().c_str(),
              std::thread::hardware_concurrency());
  RunWrk((*idp)->url() + "/login", seconds);
  RunWrk((*idp)->url() + "/healthz", seconds);
  std::atomic<int> next_user{0};
  Sequential(**idp, 200, next_user);
  Concurrent(**idp, seconds, next_user);
  return 0;
}
