// The Authenticator app: install state, accounts (work accounts activated
// against the portal, plain TOTP accounts), codes and push notifications.
#include <algorithm>
#include <random>

#include "harness/phone/json_client.h"
#include "harness/phone/phone.h"
#include "harness/qr/qr.h"

namespace proofup::phone {
namespace {

// The token the portal uses to address this installation's notifications.
std::string RandomPushToken() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device device;
  std::string token;
  for (int i = 0; i < 32; ++i) token += kHex[device() % 16];
  return token;
}

std::string WithoutSpaces(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') out += c;
  }
  return out;
}

// The raw `secret` parameter of an otpauth URI, to register as a secret in the
// spelling the URI (and so the page) shows.
std::string SecretParameter(std::string_view uri) {
  size_t query = uri.find('?');
  if (query == std::string_view::npos) return "";
  std::string_view params = uri.substr(query + 1);
  while (!params.empty()) {
    size_t end = params.find('&');
    std::string_view param = params.substr(0, end);
    if (param.starts_with("secret=")) return std::string(param.substr(7));
    if (end == std::string_view::npos) break;
    params.remove_prefix(end + 1);
  }
  return "";
}

}  // namespace

AuthenticatorApp::AuthenticatorApp(const PhoneOptions& options, http::Transport& transport,
                                   Clock& clock, SecretRegistry& secrets)
    : options_(options),
      transport_(transport),
      clock_(clock),
      secrets_(secrets),
      installed_(options.app_installed),
      terms_accepted_(options.app_installed && options.terms_accepted),
      typed_pin_(options.typed_pin) {
  if (installed_) push_token_ = options.push_token.empty() ? RandomPushToken() : options.push_token;
  // Presets were checked by ValidatePhoneOptions; an invalid one is skipped.
  for (const PresetAccount& preset : options.accounts) {
    StatusOr<std::string> key = otp::Base32Decode(preset.totp_secret);
    if (!installed_ || !key.ok()) continue;
    secrets_.Add(preset.totp_secret);
    Account account{preset.name, preset.issuer, {.key = *key}, ""};
    if (!preset.service_url.empty()) {
      StatusOr<std::string> origin = OriginOf(preset.service_url);
      if (!origin.ok()) continue;
      account.service_url = *origin;
    }
    accounts_.push_back(std::move(account));
  }
}

Status AuthenticatorApp::Install() {
  if (installed_) return Status::Ok();
  installed_ = true;
  push_token_ = options_.push_token.empty() ? RandomPushToken() : options_.push_token;
  return Status::Ok();
}

Status AuthenticatorApp::AcceptTerms() {
  if (!installed_) return Status::FailedPrecondition("the Authenticator app is not installed");
  terms_accepted_ = true;
  return Status::Ok();
}

Status AuthenticatorApp::SkipSignIn() {
  if (Status s = CheckReady(); !s.ok()) return s;
  sign_in_skipped_ = true;
  return Status::Ok();
}

Status AuthenticatorApp::Uninstall() {
  if (!installed_) return Status::FailedPrecondition("the Authenticator app is not installed");
  installed_ = terms_accepted_ = sign_in_skipped_ = false;
  push_token_.clear();
  accounts_.clear();
  seen_pushes_.clear();
  return Status::Ok();
}

void AuthenticatorApp::SetTypedPin(std::string pin) { typed_pin_ = std::move(pin); }

Status AuthenticatorApp::CheckReady() const {
  if (!installed_) return Status::FailedPrecondition("the Authenticator app is not installed");
  if (!terms_accepted_) {
    return Status::FailedPrecondition(
        "the Authenticator app's terms are not accepted yet (Ik ga akkoord)");
  }
  return Status::Ok();
}

Status AuthenticatorApp::CheckPin() {
  if (!options_.pin_required) return Status::Ok();
  const std::string& typed = typed_pin_.empty() ? options_.pin : typed_pin_;
  secrets_.Add(options_.pin);
  secrets_.Add(typed);
  if (typed != options_.pin) {
    return Status::FailedPrecondition(
        "the Authenticator app asked for the phone's PIN and the PIN typed is wrong; "
        "no account was added");
  }
  return Status::Ok();
}

StatusOr<Account> AuthenticatorApp::ScanQr(std::string_view image) {
  if (Status s = CheckReady(); !s.ok()) return s;
  StatusOr<std::vector<qr::DecodedQr>> codes =
      image.starts_with("data:") ? qr::DecodeDataUri(image) : qr::DecodeImage(image);
  if (!codes.ok()) return codes.status();
  if (codes->empty()) return Status::NotFound("the camera found no QR code in the image");
  for (const qr::DecodedQr& code : *codes) {
    if (code.text != codes->front().text) {
      return Status::InvalidArgument("the image shows " + std::to_string(codes->size()) +
                                     " different QR codes; the app cannot tell which to scan");
    }
  }
  return AddFromPayload(codes->front().text);
}

StatusOr<Account> AuthenticatorApp::AddFromPayload(std::string_view payload) {
  if (payload.starts_with("phonefactor://")) {
    StatusOr<otp::PhoneFactorUri> uri = otp::ParsePhoneFactorUri(payload);
    if (!uri.ok()) return uri.status();
    secrets_.Add(uri->code);
    if (Status s = CheckPin(); !s.ok()) return s;
    return ActivateWorkAccount(uri->code, uri->url);
  }
  if (payload.starts_with("otpauth://")) {
    secrets_.Add(SecretParameter(payload));
    StatusOr<otp::OtpAuthUri> uri = otp::ParseOtpAuthUri(payload);
    if (!uri.ok()) return uri.status();
    if (uri->type != otp::OtpType::kTotp) {
      return Status::InvalidArgument(
          "the QR code holds a counter-based (hotp) account; "
          "the virtual app only supports TOTP");
    }
    secrets_.Add(otp::Base32Encode(uri->params.key));
    if (Status s = CheckPin(); !s.ok()) return s;
    return Add(Account{uri->account, uri->issuer, uri->params, ""});
  }
  // Only the scheme is quoted: the rest of an unknown payload may be a secret.
  std::string_view scheme = payload.substr(0, std::min<size_t>(payload.find(':'), 20));
  return Status::InvalidArgument(
      "the QR code is not an Authenticator code (phonefactor:// or "
      "otpauth://); it starts with \"" +
      std::string(scheme) + "\"");
}

StatusOr<Account> AuthenticatorApp::AddWorkAccountManually(std::string_view code,
                                                           std::string_view url) {
  if (Status s = CheckReady(); !s.ok()) return s;
  std::string typed_code = WithoutSpaces(code);
  secrets_.Add(typed_code);
  if (typed_code.empty()) return Status::InvalidArgument("no activation code typed");
  if (Status s = CheckPin(); !s.ok()) return s;
  return ActivateWorkAccount(typed_code, WithoutSpaces(url));
}

StatusOr<Account> AuthenticatorApp::AddTotpAccountManually(std::string_view secret_or_uri,
                                                           std::string_view name,
                                                           std::string_view issuer) {
  if (Status s = CheckReady(); !s.ok()) return s;
  if (secret_or_uri.starts_with("otpauth://")) return AddFromPayload(secret_or_uri);
  std::string secret = WithoutSpaces(secret_or_uri);
  secrets_.Add(secret);
  secrets_.Add(std::string(secret_or_uri));
  if (name.empty()) return Status::InvalidArgument("a typed secret needs an account name");
  StatusOr<std::string> key = otp::Base32Decode(secret);
  if (!key.ok()) {
    return Status::InvalidArgument("the typed secret for \"" + std::string(name) +
                                   "\" is not Base32 (letters A-Z and digits 2-7)");
  }
  if (Status s = CheckPin(); !s.ok()) return s;
  return Add(Account{std::string(name), std::string(issuer), {.key = *key}, ""});
}

StatusOr<Account> AuthenticatorApp::Add(Account account) {
  // Adding an account the app already has replaces it, as re-activation does.
  std::erase_if(accounts_, [&](const Account& a) {
    return a.name == account.name && a.issuer == account.issuer;
  });
  accounts_.push_back(account);
  return account;
}

StatusOr<const Account*> AuthenticatorApp::FindAccount(std::string_view name) const {
  if (Status s = CheckReady(); !s.ok()) return s;
  if (accounts_.empty()) return Status::NotFound("the Authenticator app has no accounts");
  const Account* account = name.empty() ? &accounts_.back() : nullptr;
  for (const Account& a : accounts_) {
    if (a.name == name) account = &a;
  }
  if (account == nullptr) {
    std::string names;
    for (const Account& a : accounts_) names += (names.empty() ? "" : ", ") + a.name;
    return Status::NotFound("no account \"" + std::string(name) +
                            "\" in the app (accounts: " + names + ")");
  }
  return account;
}

StatusOr<std::string> AuthenticatorApp::CurrentCode(std::string_view name) {
  StatusOr<const Account*> account = FindAccount(name);
  if (!account.ok()) return account.status();
  StatusOr<std::string> code =
      otp::Totp((*account)->totp, clock_.NowUnixSeconds() + options_.clock_skew_seconds);
  if (code.ok()) secrets_.Add(*code);
  return code;
}

StatusOr<std::string> AuthenticatorApp::FreshCode(std::string_view name,
                                                  std::chrono::milliseconds timeout) {
  StatusOr<const Account*> found = FindAccount(name);
  if (!found.ok()) return found.status();
  const Account& account = **found;
  const int64_t period = account.totp.period_seconds > 0 ? account.totp.period_seconds : 30;
  const int64_t deadline = clock_.MonotonicMillis() + timeout.count();
  auto given = given_steps_.find(account.name);
  for (;;) {
    const int64_t now = clock_.NowUnixSeconds() + options_.clock_skew_seconds;
    const uint64_t step = otp::TotpStep(account.totp, now);
    if (given == given_steps_.end() || given->second != step) {
      StatusOr<std::string> code = otp::Totp(account.totp, now);
      if (!code.ok()) return code.status();
      secrets_.Add(*code);
      given_steps_[account.name] = step;
      return code;
    }
    const int64_t left = deadline - clock_.MonotonicMillis();
    if (left <= 0) {
      return Status::Timeout("the app's code for \"" + account.name +
                             "\" was already used in this " + std::to_string(period) +
                             " s window and the next code did not come within the step's " +
                             std::to_string(timeout.count()) +
                             " ms (a portal refuses a code twice; allow a longer step timeout)");
    }
    // Whole seconds to the next window (the clock counts seconds), never
    // beyond the deadline; the loop re-reads the clock either way.
    const int64_t to_next = ((static_cast<int64_t>(step) + 1) * period - now) * 1000;
    clock_.Pause(std::chrono::milliseconds(std::max<int64_t>(1, std::min(to_next, left))));
  }
}

std::vector<std::string> AuthenticatorApp::ServiceUrls() const {
  std::vector<std::string> urls;
  for (const Account& a : accounts_) {
    if (a.work_account() && std::find(urls.begin(), urls.end(), a.service_url) == urls.end()) {
      urls.push_back(a.service_url);
    }
  }
  return urls;
}

}  // namespace proofup::phone
