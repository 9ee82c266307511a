// The Chromium process of one worker and the sessions it hands out.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "harness/browser/chromium/cdp.h"
#include "harness/browser/chromium/chromium.h"
#include "harness/browser/chromium/page_target.h"
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

// What the exit status of a Chromium whose pipe closed says, for the scenario's error.
std::string ExitReason(ChildProcess& process) {
  auto exit = process.Wait(std::chrono::milliseconds(2000));
  if (!exit.ok()) return "Chromium stopped answering (it closed its DevTools pipe)";
  if (exit->exited) return "Chromium exited (code " + std::to_string(exit->code) + ")";
  return "Chromium exited (signal " + std::to_string(exit->signal) + ")";
}

// Runs a tool to its end; its output goes into the error when it fails.
Status RunTool(const std::vector<std::string>& argv) {
  SpawnOptions spawn;
  spawn.capture_stdout = true;
  spawn.capture_stderr = true;
  auto child = ChildProcess::Spawn(argv, spawn);
  if (!child.ok()) return child.status();
  std::string out = (*child)->ReadAllStdout() + (*child)->ReadAllStderr();
  auto exit = (*child)->Wait(std::chrono::seconds(30));
  if (!exit.ok()) return exit.status();
  if (!exit->exited || exit->code != 0)
    return Status::Internal(argv[0] + " " + argv[1] + " failed: " + out);
  return Status::Ok();
}

// Chromium on Linux trusts the CAs of the NSS database in $HOME/.pki/nssdb:
// a throw-away one under `home` holding only `ca_file` (proofup checked it
// is PEM). Verification stays on; only this CA is added to what is trusted.
Status MakeNssHome(const std::string& home, const std::string& ca_file) {
  std::string db = home + "/.pki/nssdb";
  std::error_code ec;
  fs::create_directories(db, ec);
  if (ec) return Status::IoError("cannot make " + db + ": " + ec.message());
  Status made = RunTool({"certutil", "-N", "-d", "sql:" + db, "--empty-password"});
  if (made.kind() == Status::Kind::kNotFound)
    return Status::NotFound(
        "--ca-file with --browser chromium needs certutil to give Chromium the CA: install the "
        "Debian package `libnss3-tools` (apt-get install libnss3-tools)");
  if (!made.ok()) return made;
  std::string ca = fs::absolute(ca_file, ec).string();
  return RunTool(
      {"certutil", "-A", "-d", "sql:" + db, "-t", "C,,", "-n", "proofup --ca-file", "-i", ca});
}

class ChromiumLauncher : public BrowserLauncher {
 public:
  explicit ChromiumLauncher(ChromiumOptions options) : options_(std::move(options)) {
    // A failed spawn leaves no browser: the first NewSession tries again and
    // returns that error as it would have without launch_now.
    if (options_.launch_now && !Spawn(options_.launch_ca_file).ok()) Stop();
  }
  ~ChromiumLauncher() override { Stop(); }

  StatusOr<std::unique_ptr<Browser>> NewSession(const SessionOptions& options) override {
    // Crashed, or started for another CA: a fresh browser.
    if (connection_ && (connection_->closed() || options.transport.ca_file != ca_file_)) Stop();
    double launch_ms = 0;
    if (!connection_ || !answered_) {
      auto start = std::chrono::steady_clock::now();
      if (Status s = Start(options.transport.ca_file); !s.ok()) return s;
      launch_ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
    }
    // The context made in the background while the previous session ran,
    // else a new one. The session asks for the next one once its first page
    // has loaded (ChromiumOptions::prepare_next).
    auto start = std::chrono::steady_clock::now();
    StatusOr<chromium::PageTarget> target = Status::NotFound("none prepared");
    if (prepared_) target = prepared_->Take();
    if (!target.ok()) target = chromium::OpenPageTarget(*connection_);
    double target_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    prepared_.reset();
    if (!target.ok()) return target.status();
    chromium::SessionStart start_info;
    std::shared_ptr<ChildProcess> process = process_;
    start_info.why_closed = [process] { return ExitReason(*process); };
    if (options_.prepare_next) start_info.first_page_loaded = [this] { PrepareNext(); };
    start_info.launch_ms = launch_ms;
    start_info.target_ms = target_ms;
    return chromium::NewSession(connection_, std::move(*target), options, std::move(start_info));
  }

  std::vector<std::string> TakeNotices() override { return std::exchange(notices_, {}); }

 private:
  // Spawns Chromium unless launch_now already did, then waits for its first answer.
  Status Start(const std::string& ca_file) {
    if (!connection_)
      if (Status s = Spawn(ca_file); !s.ok()) return s;
    auto version =
        connection_->Call("Browser.getVersion", cdp::Json::object(), "", std::chrono::seconds(30));
    if (!version.ok()) {
      std::string why = version.status().message();
      Stop();
      return Status::NetworkError("Chromium did not start: " + why);
    }
    answered_ = true;
    return Status::Ok();
  }

  Status Spawn(const std::string& ca_file) {
    auto binary = FindChromium(options_.executable);
    if (!binary.ok()) return binary.status();
    char tmpl[] = "/tmp/proofup-chromium-XXXXXX";
    if (!mkdtemp(tmpl)) return Status::IoError("cannot make a Chromium profile folder in /tmp");
    profile_ = tmpl;
    SpawnOptions spawn;
    if (!ca_file.empty()) {
      std::string home = profile_ + "/home";
      if (Status s = MakeNssHome(home, ca_file); !s.ok()) {
        Stop();
        return s;
      }
      spawn.extra_env.push_back("HOME=" + home);
    }
    ca_file_ = ca_file;
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
    process_ = std::shared_ptr<ChildProcess>(std::move(*child));
    connection_ = std::make_shared<cdp::Connection>(to_browser[1], from_browser[0]);
    return Status::Ok();
  }

  // On the session's thread (this launcher's worker), from the session.
  void PrepareNext() {
    if (connection_ && !connection_->closed() && !prepared_)
      prepared_ = std::make_unique<chromium::PreparedPageTarget>(connection_);
  }

  void Stop() {
    prepared_.reset();  // waits for it: it uses the connection
    // A browser launched early that never answered: no need to wait for it
    // to take the command, Terminate's SIGTERM ends it.
    if (connection_ && !connection_->closed() && answered_)
      (void)connection_->Call("Browser.close", cdp::Json::object(), "", std::chrono::seconds(3));
    connection_.reset();
    answered_ = false;
    if (process_) process_->Terminate(std::chrono::milliseconds(2000));
    process_.reset();
    if (!profile_.empty()) {
      std::error_code ec;
      fs::remove_all(profile_, ec);
      profile_.clear();
    }
  }

  ChromiumOptions options_;
  std::shared_ptr<ChildProcess> process_;
  std::string ca_file_;  // the --ca-file the running browser trusts
  std::shared_ptr<cdp::Connection> connection_;
  bool answered_ = false;  // connection_'s browser answered Browser.getVersion
  std::unique_ptr<chromium::PreparedPageTarget> prepared_;  // for the next session
  std::string profile_;
  std::vector<std::string> notices_;
};

}  // namespace

std::unique_ptr<BrowserLauncher> NewChromiumLauncher(ChromiumOptions options) {
  return std::make_unique<ChromiumLauncher>(std::move(options));
}

}  // namespace proofup::browser
