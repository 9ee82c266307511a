// Sessions on one WebDriver server: the capabilities a scenario's session asks for.
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "harness/browser/webdriver/driver_logs.h"
#include "harness/browser/webdriver/session.h"
#include "harness/browser/webdriver/session_pool.h"
#include "harness/browser/webdriver/webdriver.h"

namespace proofup::browser {
namespace {

using webdriver::Json;

// "nl-NL,nl;q=0.9,en;q=0.8" -> "nl-NL,nl,en": Chromium's preference takes no weights.
std::string LanguageList(const std::string& accept_language) {
  std::string out, item;
  bool in_weight = false;
  for (char c : accept_language + ",") {
    if (c == ',') {
      if (!item.empty()) out += (out.empty() ? "" : ",") + item;
      item.clear();
      in_weight = false;
    } else if (c == ';') {
      in_weight = true;
    } else if (!in_weight && c != ' ') {
      item += c;
    }
  }
  return out;
}

class WebDriverLauncher : public BrowserLauncher {
 public:
  explicit WebDriverLauncher(WebDriverOptions options) : options_(std::move(options)) {
    if (options_.binary.empty()) {
      const char* env = std::getenv("PROOFUP_CHROMIUM");
      options_.binary = env && *env ? env : "/usr/lib/chromium/chromium";
    }
    if (geteuid() == 0)
      notices_.push_back(
          "webdriver: Chromium gets --no-sandbox because proofup runs as root (its nodes are "
          "taken to run as root too)");
  }

  StatusOr<std::unique_ptr<Browser>> NewSession(const SessionOptions& options) override {
    if (!options.transport.ca_file.empty())
      return Status::InvalidArgument(
          "--ca-file cannot be given to a browser behind --webdriver: it runs on the WebDriver "
          "server's machine; trust the CA there (its NSS database), or use --insecure");
    Json capabilities = Capabilities(options);
    if (auto prepared = pool_.Take(KeyOf(capabilities, options))) return std::move(*prepared);
    return webdriver::StartSession(options_.url, capabilities, options, options_);
  }

  // The session is made by the pool's thread with copies of everything it needs.
  void PrepareSession(const SessionOptions& options) override {
    if (!options_.prepare_sessions || !options.transport.ca_file.empty()) return;
    Json capabilities = Capabilities(options);
    pool_.Prepare(
        KeyOf(capabilities, options),
        [capabilities, options, wd = options_]() -> std::optional<webdriver::SessionOrError> {
          if (!webdriver::HasFreeSlot(wd.url)) return std::nullopt;
          return webdriver::StartSession(wd.url, capabilities, options, wd);
        });
  }

  std::vector<std::string> TakeNotices() override { return std::exchange(notices_, {}); }

 private:
  Json Capabilities(const SessionOptions& options) const {
    std::vector<std::string> args = {
        "--headless=new",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
        "--mute-audio",
        "--window-size=" + std::to_string(options_.width) + "," + std::to_string(options_.height)};
    if (geteuid() == 0) args.push_back("--no-sandbox");
    Json chrome = {{"binary", options_.binary}, {"args", args}};
    std::string languages = LanguageList(options.transport.accept_language);
    if (!languages.empty()) {
      chrome["args"].push_back("--lang=" + languages.substr(0, languages.find(',')));
      chrome["prefs"] = {{"intl.accept_languages", languages}};
    }
    Json always = {{"browserName", "chrome"},
                   {"acceptInsecureCerts", options.transport.insecure},
                   {"pageLoadStrategy", options_.page_load_strategy},
                   {"unhandledPromptBehavior", "accept"},
                   {"goog:chromeOptions", chrome},
                   {"goog:loggingPrefs", webdriver::LoggingPrefs()}};  // TakeLog, TakeConsole
    return {{"capabilities", {{"alwaysMatch", always}}}};
  }

  // What a session depends on: its capabilities and its timeouts.
  static std::string KeyOf(const Json& capabilities, const SessionOptions& options) {
    return capabilities.dump() + " " + std::to_string(options.transport.total_timeout_ms);
  }

  WebDriverOptions options_;
  std::vector<std::string> notices_;
  webdriver::SessionPool pool_;  // last: its threads use nothing of the launcher
};

}  // namespace

std::unique_ptr<BrowserLauncher> NewWebDriverLauncher(WebDriverOptions options) {
  return std::make_unique<WebDriverLauncher>(std::move(options));
}

}  // namespace proofup::browser
