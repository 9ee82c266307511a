// Clocks, the secret registry, option checks and the phone that owns it all.
// The app and the SIM live in authenticator_app.cc and sim_card.cc.
#include "harness/phone/phone.h"

#include <algorithm>
#include <regex>
#include <thread>

#include "harness/phone/json_client.h"

namespace proofup::phone {

int64_t SystemClock::NowUnixSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t SystemClock::MonotonicMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void SystemClock::Pause(std::chrono::milliseconds duration) {
  std::this_thread::sleep_for(duration);
}

void SecretRegistry::Add(std::string_view secret) {
  if (secret.empty() || Contains(secret)) return;
  secrets_.emplace_back(secret);
}

bool SecretRegistry::Contains(std::string_view secret) const {
  return std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end();
}

namespace {

bool IsE164(const std::string& number) {
  static const std::regex kE164(R"(\+[1-9][0-9]{6,14})");
  return std::regex_match(number, kE164);
}

Status ValidatePresetAccount(const PresetAccount& account, size_t index) {
  std::string which = "accounts[" + std::to_string(index) + "]";
  if (account.name.empty()) return Status::InvalidArgument(which + ": name is empty");
  if (account.totp_secret.empty()) {
    return Status::InvalidArgument(which + " (" + account.name + "): totp_secret is empty");
  }
  StatusOr<std::string> key = otp::Base32Decode(account.totp_secret);
  if (!key.ok()) {
    // Base32Decode's message names a character of the secret: keep it out.
    return Status::InvalidArgument(which + " (" + account.name + "): totp_secret is not Base32");
  }
  if (!account.service_url.empty() && !OriginOf(account.service_url).ok()) {
    return Status::InvalidArgument(which + " (" + account.name +
                                   "): service_url is not an http(s) URL: " + account.service_url);
  }
  return Status::Ok();
}

}  // namespace

Status ValidatePhoneOptions(const PhoneOptions& options) {
  if (options.terms_accepted && !options.app_installed) {
    return Status::InvalidArgument("terms_accepted needs app_installed");
  }
  if (!options.accounts.empty() && !options.app_installed) {
    return Status::InvalidArgument("accounts need app_installed");
  }
  if (options.device_name.empty()) return Status::InvalidArgument("device_name is empty");
  if (options.pin_required && options.pin.empty()) {
    return Status::InvalidArgument("pin_required needs a pin");
  }
  if (!options.sim_number.empty() && !IsE164(options.sim_number)) {
    return Status::InvalidArgument("sim_number \"" + options.sim_number +
                                   "\" is not in E.164 form (e.g. +31612345678)");
  }
  try {
    std::regex pattern(options.sms_code_pattern);
  } catch (const std::regex_error& e) {
    return Status::InvalidArgument("sms_code_pattern \"" + options.sms_code_pattern +
                                   "\" is not a valid regex: " + e.what());
  }
  for (size_t i = 0; i < options.accounts.size(); ++i) {
    if (Status s = ValidatePresetAccount(options.accounts[i], i); !s.ok()) return s;
  }
  return ValidateSmsSourceOptions(options.sms);
}

StatusOr<std::unique_ptr<VirtualPhone>> VirtualPhone::Create(const PhoneOptions& options,
                                                             std::string gateway_url,
                                                             const TransportFactory& make_transport,
                                                             Clock& clock) {
  if (Status s = ValidatePhoneOptions(options); !s.ok()) return s;
  if (!make_transport) return Status::InvalidArgument("no transport factory");
  StatusOr<std::string> gateway = OriginOf(gateway_url);
  if (!gateway.ok()) return Status::InvalidArgument("SMS gateway: " + gateway.status().message());
  std::unique_ptr<VirtualPhone> phone(new VirtualPhone());
  phone->app_transport_ = make_transport();
  phone->sim_transport_ = make_transport();
  if (!phone->app_transport_ || !phone->sim_transport_) {
    return Status::InvalidArgument("the transport factory returned null");
  }
  phone->secrets_ = std::make_unique<SecretRegistry>();
  phone->app_ =
      std::make_unique<AuthenticatorApp>(options, *phone->app_transport_, clock, *phone->secrets_);
  StatusOr<std::unique_ptr<SmsSource>> source =
      NewSmsSource(options.sms, *gateway, *phone->sim_transport_);
  if (!source.ok()) return source.status();
  phone->sim_ = std::make_unique<SimCard>(options.sim_number, std::move(source).value(),
                                          options.sms_code_pattern, clock, *phone->secrets_);
  // mock-idp's outbox is reset with the user at the start of a scenario; any
  // other source may hold messages of earlier runs, which must not count.
  if (options.sms.kind != "mock_outbox" && options.sms.kind != "none" &&
      !options.sim_number.empty())
    (void)phone->sim_->Begin();  // a failed read falls back to message times
  return phone;
}

}  // namespace proofup::phone
