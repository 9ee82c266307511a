// Starting a scenario run: its browser session, control client, phone and
// variables, in the run's language.
#include <algorithm>
#include <filesystem>

#include "harness/runner/scenario_run.h"

namespace proofup::runner {
namespace {

// "http://127.0.0.1:8080/x/y" -> "http://127.0.0.1:8080".
std::string OriginOf(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  size_t path = url.find('/', scheme + 3);
  return path == std::string::npos ? url : url.substr(0, path);
}

}  // namespace

browser::SessionOptions SessionOptionsFor(const scenario::Scenario& scenario, const TestUser* user,
                                          const RunOptions& options) {
  http::TransportOptions transport = options.transport;
  transport.total_timeout_ms = options.step_timeout.count();
  if (user && user->language == "en") transport.accept_language = "en-GB,en;q=0.9";
  if (options.language == "en") transport.accept_language = "en-GB,en;q=0.9";
  if (options.language == "nl") transport.accept_language = "nl-NL,nl;q=0.9,en;q=0.8";
  if (scenario.language == "en") transport.accept_language = "en-GB,en;q=0.9";
  if (scenario.language == "nl") transport.accept_language = "nl-NL,nl;q=0.9,en;q=0.8";
  browser::SessionOptions session;
  session.transport = transport;
  session.browsing.navigation_timeout_ms = options.step_timeout.count();  // all hops together
  session.browsing.max_resource_bytes = options.max_resource_bytes;
  return session;
}

Status ScenarioRun::Start() {
  browser::SessionOptions session = SessionOptionsFor(scenario_, user_, options_);
  const http::TransportOptions& transport = session.transport;
  transport_options_ = transport;
  auto browser = launcher_.NewSession(session);
  if (!browser.ok()) {
    Status::Kind kind = browser.status().kind();
    browser_failed_ = kind == Status::Kind::kNetworkError || kind == Status::Kind::kTimeout;
    return browser.status();
  }
  browser_ = std::move(*browser);
  control_ = std::make_unique<ControlClient>(options_.target, options_.admin_token,
                                             http::NewCurlTransport(transport));
  if (user_) {
    mask_.Add(user_->password);
    if (!options_.admin_token.empty() && options_.offers.control_api) {
      // Every attempt starts from the fixture's state, also against a long-running portal.
      if (Status s = control_->ResetUser(user_->username); !s.ok()) return s;
    }
  } else if (!scenario_.user.username.empty()) {
    return Status::NotFound("user \"" + scenario_.user.username + "\" is not in the users file");
  }
  if (scenario_.user.password) mask_.Add(*scenario_.user.password);
  for (const std::string& secret : options_.secrets) mask_.Add(secret);  // run-level hooks
  phone_clock_.set_skew(scenario_.phone.clock_skew_seconds);
  auto settings = PhoneSettings();
  if (!settings.ok()) return settings.status();
  auto phone = phone::VirtualPhone::Create(
      *settings, OriginOf(options_.target),
      [transport] { return http::NewCurlTransport(transport); }, phone_clock_);
  if (!phone.ok()) return phone.status();
  phone_ = std::move(*phone);
  LearnPhoneSecrets();
  for (const auto& [name, value] : scenario_.vars) {
    if (options_.vars.count(name)) continue;
    auto v = Expand(value);
    if (!v.ok()) return Status::InvalidArgument("variable " + name + ": " + v.status().message());
    vars_[name] = *v;
  }
  for (const auto& [name, value] : options_.vars) vars_[name] = value;
  for (const std::string& key :
       {scenario_.name, std::filesystem::path(scenario_.file).stem().string()}) {
    auto found = options_.scenario_vars.find(key);
    if (found == options_.scenario_vars.end()) continue;
    for (const auto& [name, value] : found->second)
      if (std::find(options_.pinned_vars.begin(), options_.pinned_vars.end(), name) ==
          options_.pinned_vars.end())
        vars_[name] = value;
  }
  return Status::Ok();
}

}  // namespace proofup::runner
