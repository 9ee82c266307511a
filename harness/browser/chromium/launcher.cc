// The Chromium process of one worker and the sessions it hands out.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "harness/browser/chromium/cdp.h"
#include "harness/browser/chromium/chromium.h"
#include "harness/browser/chromium/session.h"
#include "harness/process/process.h"

namespace proofup::browser {
namespace {

namespace fs = std::filesystem;

StatusOr<std::string> FindChromium(const std::string& configured) {
  std::vector<std::string> candidates;
  if (!configured.empty()) candidates.push_back(configured);
  if (const char* env = std::getenv("PROOFUP_CHROMIUM"); env && *env) candidates.push_back(env);
  candidates.push_back("/usr/lib/chromium/chromium");
  candidates.push_back("/usr/bin/chromium");
  for (const auto& c : candidates)
    if (access(c.c_str(), X_OK) == 0) return c;
  return Status::NotFound(
      "Chromium is not installed: install the Debian package `chromium` (apt-get install "
      "chromium), or set PROOFUP_CHROMIUM to the browser binary");
}

class ChromiumLauncher : public BrowserLauncher {
 public:
  explicit ChromiumLauncher(ChromiumOptions options) : options_(std::move(options)) {}
  ~ChromiumLauncher() override { Stop(); }

  StatusOr<std::unique_ptr<Browser>> NewSession(const SessionOptions& options) override {
    if (connection_ && connection_->closed()) Stop();  // crashed: a fresh browser
    double launch_ms = 0;
    if (!connection_) {
      auto start = std::chrono::steady_clock::now();
      if (Status s = Start(); !s.ok()) return s;
      launch_ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
    }
    return chromium::NewSession(connection_, options, launch_ms);
  }

  std::vector<std::string> TakeNotices() override { return std::exchange(notices_, {}); }

 private:
  Status Start() {
    auto binary = FindChromium(options_.executable);
    if (!binary.ok()) return binary.status();
    char tmpl[] = "/tmp/proofup-chromium-XXXXXX";
    if (!mkdtemp(tmpl)) return Status::IoError("cannot make a Chromium profile folder in /tmp");
    profile_ = tmpl;
    std::vector<std::string> argv = {
        *binary,
        "--headless=new",
        "--remote-debugging-pipe",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--disable-extensions",
        "--hide-scrollbars",
        "--mute-audio",
        "--window-size=" + std::to_string(options_.width) + "," + std::to_string(options_.height),
        "--user-data-dir=" + profile_};
    if (geteuid() == 0) {
      argv.push_back("--no-sandbox");
      notices_.push_back(
          "chromium: running with --no-sandbox because proofup runs as root (the sandbox cannot "
          "start as root)");
    }
    argv.push_back("about:blank");
    int to_browser[2], from_browser[2];
    if (pipe2(to_browser, O_CLOEXEC) != 0) return Status::Internal("pipe failed");
    if (pipe2(from_browser, O_CLOEXEC) != 0) {
      close(to_browser[0]);
      close(to_browser[1]);
      return Status::Internal("pipe failed");
    }
    SpawnOptions spawn;
    spawn.capture_stdout = true;  // never read: keeps Chromium's output off proofup's
    spawn.discard_stderr = true;  // D-Bus complaints on every start, harmless
    spawn.child_fds = {{to_browser[0], 3}, {from_browser[1], 4}};
    auto child = ChildProcess::Spawn(argv, spawn);
    close(to_browser[0]);
    close(from_browser[1]);
    if (!child.ok()) {
      close(to_browser[1]);
      close(from_browser[0]);
      return Status::NotFound("cannot start Chromium (" + *binary + "): " +
                              child.status().message() + "; install the Debian package `chromium`");
    }
    process_ = std::move(*child);
    connection_ = std::make_shared<cdp::Connection>(to_browser[1], from_browser[0]);
    auto version =
        connection_->Call("Browser.getVersion", cdp::Json::object(), "", std::chrono::seconds(30));
    if (!version.ok()) {
      std::string why = version.status().message();
      Stop();
      return Status::NetworkError("Chromium did not start: " + why);
    }
    return Status::Ok();
  }

  void Stop() {
    if (connection_ && !connection_->closed())
      (void)connection_->Call("Browser.close", cdp::Json::object(), "", std::chrono::seconds(3));
    connection_.reset();
    if (process_) process_->Terminate(std::chrono::milliseconds(2000));
    process_.reset();
    if (!profile_.empty()) {
      std::error_code ec;
      fs::remove_all(profile_, ec);
      profile_.clear();
    }
  }

  ChromiumOptions options_;
  std::unique_ptr<ChildProcess> process_;
  std::shared_ptr<cdp::Connection> connection_;
  std::string profile_;
  std::vector<std::string> notices_;
};

}  // namespace

std::unique_ptr<BrowserLauncher> NewChromiumLauncher(ChromiumOptions options) {
  return std::make_unique<ChromiumLauncher>(std::move(options));
}

}  // namespace proofup::browser
