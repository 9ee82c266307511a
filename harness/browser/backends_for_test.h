// For tests that run one body over both script-running backends: a Chromium
// session over the DevTools pipe ("pipe") or through a local chromedriver
// started on a free loopback port ("chromedriver"), cleaned up with this.
// Test-only (included by *_test.cc).
#ifndef PROOFUP_BROWSER_BACKENDS_FOR_TEST_H_
#define PROOFUP_BROWSER_BACKENDS_FOR_TEST_H_

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>

#include "harness/browser/chromium/chromium.h"
#include "harness/browser/webdriver/webdriver.h"
#include "harness/process/process.h"
#include "tests/support/free_port.h"

namespace proofup::browser {

using test_support::FreeLoopbackPort;

class BackendForTest {
 public:
  ~BackendForTest() {
    launcher_.reset();
    if (driver_) driver_->Terminate();
  }

  // Prepares `backend` ("pipe" or "chromedriver"). False with a reason in
  // *skip when chromedriver is not installed; a failure when it cannot start.
  bool Start(const std::string& backend, std::string* skip) {
    if (backend == "pipe") {
      launcher_ = NewChromiumLauncher();
      return true;
    }
    if (access("/usr/bin/chromedriver", X_OK) != 0) {
      *skip = "no chromedriver";
      return false;
    }
    int port = FreeLoopbackPort();
    SpawnOptions spawn;
    spawn.capture_stdout = false;
    spawn.discard_stderr = true;
    auto child = ChildProcess::Spawn(
        {"sh", "-c", R"(exec "$0" "$@" >/dev/null 2>&1)", "/usr/bin/chromedriver",
         "--port=" + std::to_string(port), "--allowed-ips=127.0.0.1"},
        spawn);
    if (!child.ok()) {
      ADD_FAILURE() << child.status().ToString();
      return false;
    }
    driver_ = std::move(*child);
    WebDriverOptions options;
    options.url = "http://127.0.0.1:" + std::to_string(port);
    options.new_session_timeout_ms = 60'000;
    launcher_ = NewWebDriverLauncher(options);
    return true;
  }

  // A new session; chromedriver may still be starting: retried until a
  // deadline while it refuses connections. Null after a failure.
  std::unique_ptr<Browser> Session(const SessionOptions& options = {}) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (;;) {
      auto s = launcher_->NewSession(options);
      if (s.ok()) return std::move(*s);
      if (!driver_ || std::chrono::steady_clock::now() >= deadline ||
          s.status().message().find("cannot reach") == std::string::npos) {
        ADD_FAILURE() << s.status().ToString();
        return nullptr;
      }
      (void)driver_->Wait(std::chrono::milliseconds(100));  // a pause between polls
    }
  }

 private:
  std::unique_ptr<ChildProcess> driver_;
  std::unique_ptr<BrowserLauncher> launcher_;
};

}  // namespace proofup::browser

#endif  // PROOFUP_BROWSER_BACKENDS_FOR_TEST_H_
