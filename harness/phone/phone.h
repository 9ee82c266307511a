// The virtual phone: the user's Microsoft Authenticator app and SIM card, as
// the manual's steps 2-4 (install, "Ik ga akkoord", "Overslaan") and 11-14
// (scan the QR code, approve the sign-in with the number, read the SMS code)
// have the user handle them. The phone talks to the portal only through the
// phone-side routes of mock-idp/PROTOCOL.md, over an http::Transport.
//
// Time is injected (Clock): TOTP codes use the clock plus the phone's skew, and
// every wait polls until a deadline on that clock, so tests run on a manual clock.
//
// Secrets: every activation code, TOTP secret, TOTP code, SMS code and PIN the
// phone handles is recorded in its SecretRegistry, so the runner can mask them
// in reports. Status messages never contain them.
//
// Thread safety: none of these objects is thread-safe. One VirtualPhone per
// scenario; phones of different scenarios share nothing.
#ifndef PROOFUP_PHONE_PHONE_H_
#define PROOFUP_PHONE_PHONE_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "harness/base/status.h"
#include "harness/http/http.h"
#include "harness/otp/otp.h"

namespace proofup::phone {

// ---- Time ----

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time in Unix seconds (what TOTP codes are computed from).
  virtual int64_t NowUnixSeconds() = 0;
  // A monotonic millisecond counter for deadlines; only differences matter.
  virtual int64_t MonotonicMillis() = 0;
  // Waits `duration` between two polls. Correctness never depends on it: every
  // wait loop checks its deadline on MonotonicMillis().
  virtual void Pause(std::chrono::milliseconds duration) = 0;
};

// The real clocks; Pause sleeps the calling thread.
class SystemClock : public Clock {
 public:
  int64_t NowUnixSeconds() override;
  int64_t MonotonicMillis() override;
  void Pause(std::chrono::milliseconds duration) override;
};

// A clock that only moves when told to: Pause() and Advance() move both the
// wall and the monotonic time forward, without sleeping. For tests, and for
// scenarios that freeze the phone's time.
class ManualClock : public Clock {
 public:
  explicit ManualClock(int64_t unix_seconds = 1'700'000'000) : unix_millis_(unix_seconds * 1000) {}
  int64_t NowUnixSeconds() override { return unix_millis_ / 1000; }
  int64_t MonotonicMillis() override { return monotonic_millis_; }
  void Pause(std::chrono::milliseconds duration) override { Advance(duration); }
  void Advance(std::chrono::milliseconds duration) {
    unix_millis_ += duration.count();
    monotonic_millis_ += duration.count();
  }
  void SetUnixSeconds(int64_t unix_seconds) { unix_millis_ = unix_seconds * 1000; }

 private:
  int64_t unix_millis_;
  int64_t monotonic_millis_ = 0;
};

// ---- Secrets ----

// Every secret string the phone has handled, in the order first seen, without
// duplicates or empty strings. The runner feeds them to its report masking.
class SecretRegistry {
 public:
  void Add(std::string_view secret);
  const std::vector<std::string>& secrets() const { return secrets_; }
  bool Contains(std::string_view secret) const;

 private:
  std::vector<std::string> secrets_;
};

// ---- Settings ----

// An account the phone already has when the scenario starts (an enrolled user's
// device from the users fixture).
struct PresetAccount {
  std::string name;  // e.g. "anna@voorbeeld.nl"
  std::string issuer = "Voorbeeld College";
  std::string totp_secret;  // Base32; required
  // Where this account's push notifications come from (the portal's origin,
  // "http://127.0.0.1:8080"); empty for a TOTP-only account.
  std::string service_url;
};

struct PhoneOptions {
  // The state of the app at the start: a fresh phone by default (manual step 2: "not installed").
  bool app_installed = false;
  bool terms_accepted = false;          // "Ik ga akkoord"; requires app_installed
  std::string device_name = "Pixel 8";  // sent on activation
  // The phone's unlock PIN, whether the app asks for it before adding an
  // account (manual step 11), and what the user types when asked (empty: `pin`).
  std::string pin = "0000";
  bool pin_required = false;
  std::string typed_pin;
  // Added to the clock when the app computes TOTP codes (a phone whose time is off).
  int clock_skew_seconds = 0;
  // The SIM's number in E.164 form; empty = no SIM (SIM actions then fail).
  std::string sim_number = "+31612345678";
  // RE2 pattern (linear time; docs/scenarios.md) finding the code in an SMS text; the first capture
  // group is the code when the pattern has one, else the whole match.
  std::string sms_code_pattern = R"(\b(\d{6})\b)";
  // The app's push token; empty: a random one on every install.
  std::string push_token;
  std::vector<PresetAccount> accounts;  // requires app_installed
};

// OK, or kInvalidArgument naming the first bad setting (terms without app,
// accounts without app, bad E.164 number, bad regex, empty device name,
// PIN required but empty, a preset account without name or with a bad secret).
Status ValidatePhoneOptions(const PhoneOptions& options);

// ---- The Authenticator app ----

struct Account {
  std::string name;     // account (UPN) shown in the app
  std::string issuer;   // e.g. "Voorbeeld College"
  otp::OtpParams totp;  // the TOTP secret and parameters (a secret!)
  // Origin of the portal the account was activated against; empty for a plain
  // TOTP account (otpauth:// or typed secret), which gets no push notifications.
  std::string service_url;
  bool work_account() const { return !service_url.empty(); }
};

struct PushNotification {
  std::string id;
  std::string account;      // the account it asks approval for
  int64_t created_at = 0;   // Unix seconds, portal time
  std::string service_url;  // where it came from (answers go there)
};

// One phone's Authenticator app. Every action except Install fails with
// kFailedPrecondition ("the Authenticator app is not installed" / "... terms
// not accepted (Ik ga akkoord)") in the wrong state. Network failures are the
// transport's kNetworkError/kTimeout; a portal answer that is not the JSON of
// PROTOCOL.md is kParseError naming the URL.
// Borrows transport, clock and secrets: they must outlive the app.
class AuthenticatorApp {
 public:
  AuthenticatorApp(const PhoneOptions& options, http::Transport& transport, Clock& clock,
                   SecretRegistry& secrets);

  bool installed() const { return installed_; }
  bool terms_accepted() const { return terms_accepted_; }
  bool sign_in_skipped() const { return sign_in_skipped_; }
  const std::vector<Account>& accounts() const { return accounts_; }

  // Installs the app with a new push token (or the preset one). Installing an
  // installed app is OK and changes nothing (the store shows "Open").
  Status Install();
  // "Ik ga akkoord". Fails when not installed.
  Status AcceptTerms();
  // "Overslaan" on the sign-in offer. Fails when not installed or terms not accepted.
  Status SkipSignIn();
  // Removes the app with its accounts and push token. Fails when not installed.
  Status Uninstall();

  // What the user types at the next PIN prompt (overrides PhoneOptions::typed_pin).
  void SetTypedPin(std::string pin);

  // Scans the one QR code in `image` (PNG/JPEG/GIF/BMP bytes, or a data: URI):
  //  - phonefactor:// -> activates against its URL (POST, PROTOCOL.md) and adds
  //    the work account the portal returns;
  //  - otpauth:// -> adds a TOTP account locally.
  // When pin_required, the PIN is asked after the code is read and before
  // anything is sent. Returns the added account. Errors: kNotFound (no QR
  // code), kInvalidArgument (several different QR codes, a payload that is no
  // phonefactor:// or otpauth:// URI, a bad image), kFailedPrecondition for a
  // wrong PIN (nothing added, nothing sent) or the portal's refusal (its error
  // word: wrong_code, used, expired; kNotFound for unknown).
  StatusOr<Account> ScanQr(std::string_view image);
  // "Kan de QR-afbeelding niet scannen?": the code and URL typed from the screen.
  StatusOr<Account> AddWorkAccountManually(std::string_view code, std::string_view url);
  // A TOTP account from a typed Base32 secret (spaces allowed; `name` required:
  // callers name it after the user, as a person typing it would)
  // or an otpauth:// URI (name and issuer then come from the URI). kInvalidArgument
  // for a missing name or a secret that is not Base32 (the secret is not quoted).
  StatusOr<Account> AddTotpAccountManually(std::string_view secret_or_uri,
                                           std::string_view name = "",
                                           std::string_view issuer = "");

  // The code the app shows now (clock + skew) for the account named `account`,
  // or for the most recently added account when empty. kNotFound if none matches.
  StatusOr<std::string> CurrentCode(std::string_view account = "");
  // The code to type into a portal now: CurrentCode, except that when this
  // method already gave the account's code of the current time window (a
  // portal refuses a code used once), it waits on the phone's clock for the
  // next window and gives that code. kTimeout (the code is not quoted) when
  // the next window does not come within `timeout`.
  StatusOr<std::string> FreshCode(std::string_view account, std::chrono::milliseconds timeout);

  // One poll (GET /phone/push?token=) of every portal the app has a work account
  // with. Oldest first. kFailedPrecondition when there is no work account.
  StatusOr<std::vector<PushNotification>> PendingPushes();
  // Polls every `poll_interval` until a notification is pending or `timeout`
  // passed (kTimeout naming the device and the portals polled).
  StatusOr<PushNotification> WaitForPush(
      std::chrono::milliseconds timeout,
      std::chrono::milliseconds poll_interval = std::chrono::milliseconds(100));
  // Types `number` and taps Yes (`approve`) or No. Returns the portal's result:
  // "approved", "denied" or "wrong_number". kNotFound for an unknown or foreign
  // id, kFailedPrecondition when already answered or expired.
  StatusOr<std::string> AnswerPush(std::string_view id, std::string_view number, bool approve);

 private:
  Status CheckReady() const;
  Status CheckPin();
  StatusOr<Account> ActivateWorkAccount(std::string_view code, std::string_view url);
  StatusOr<Account> AddFromPayload(std::string_view payload);
  StatusOr<const Account*> FindAccount(std::string_view name) const;
  StatusOr<Account> Add(Account account);
  std::vector<std::string> ServiceUrls() const;

  const PhoneOptions options_;
  http::Transport& transport_;
  Clock& clock_;
  SecretRegistry& secrets_;
  bool installed_ = false;
  bool terms_accepted_ = false;
  bool sign_in_skipped_ = false;
  std::string push_token_;
  std::string typed_pin_;
  std::vector<Account> accounts_;
  std::vector<PushNotification> seen_pushes_;    // to route answers to their portal
  std::map<std::string, uint64_t> given_steps_;  // account -> TOTP step FreshCode last gave
};

// ---- The SIM card ----

struct SmsMessage {
  std::string to;
  std::string text;     // contains a code: never log it
  int64_t sent_at = 0;  // Unix seconds, portal time
};

// The SIM's inbox, read from the target's SMS gateway (GET /sms/outbox?number=).
// Every code found in a message is recorded as a secret. Borrows transport,
// clock and secrets: they must outlive the card.
class SimCard {
 public:
  // `gateway_url`: the target's origin, e.g. "http://127.0.0.1:8080".
  SimCard(std::string number, std::string gateway_url, std::string code_pattern,
          http::Transport& transport, Clock& clock, SecretRegistry& secrets);

  const std::string& number() const { return number_; }

  // Every message sent to this number, oldest first.
  // kFailedPrecondition when the phone has no SIM number.
  StatusOr<std::vector<SmsMessage>> Inbox();
  // The code in the newest message, by `pattern` (empty: the SIM's pattern).
  // Marks all messages read. kNotFound when the inbox is empty or the newest
  // message has no match (the message text is not quoted), kInvalidArgument for a bad pattern.
  StatusOr<std::string> LatestCode(std::string_view pattern = "");
  // Polls until an unread message arrives (one newer than anything LatestCode
  // or WaitForCode returned before, so after "Code opnieuw verzenden" it waits
  // for the new message), then returns its code as LatestCode does.
  // kTimeout naming the number when none arrives within `timeout`.
  StatusOr<std::string> WaitForCode(
      std::chrono::milliseconds timeout,
      std::chrono::milliseconds poll_interval = std::chrono::milliseconds(100));

 private:
  StatusOr<std::string> CodeOfNewest(const std::vector<SmsMessage>& inbox,
                                     std::string_view pattern);

  std::string number_;
  std::string gateway_url_;
  std::string code_pattern_;
  http::Transport& transport_;
  Clock& clock_;
  SecretRegistry& secrets_;
  size_t read_count_ = 0;  // messages already handed out
};

// ---- The phone ----

using TransportFactory = std::function<std::unique_ptr<http::Transport>()>;

// Owns the app, the SIM, their transports and the secret registry.
class VirtualPhone {
 public:
  // `make_transport` is called twice (app and SIM talk to the portal as
  // separate parties). `gateway_url` is the target's origin (SMS gateway).
  // `clock` is borrowed and must outlive the phone.
  // Error: ValidatePhoneOptions' message, or kInvalidArgument for a null transport.
  static StatusOr<std::unique_ptr<VirtualPhone>> Create(const PhoneOptions& options,
                                                        std::string gateway_url,
                                                        const TransportFactory& make_transport,
                                                        Clock& clock);

  AuthenticatorApp& app() { return *app_; }
  SimCard& sim() { return *sim_; }
  const SecretRegistry& secrets() const { return *secrets_; }

 private:
  VirtualPhone() = default;
  std::unique_ptr<SecretRegistry> secrets_;
  std::unique_ptr<http::Transport> app_transport_;
  std::unique_ptr<http::Transport> sim_transport_;
  std::unique_ptr<AuthenticatorApp> app_;
  std::unique_ptr<SimCard> sim_;
};

}  // namespace proofup::phone

#endif  // PROOFUP_PHONE_PHONE_H_
