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
#include <optional>
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

// ---- Where the SIM's messages come from ----

// The line format `proofup sms-gateway` appends to its inbox file, and the
// default line pattern of the `file` and `command` sources:
// "<unix seconds>\t<to>\t<from>\t<text, tabs and newlines as spaces>".
inline constexpr char kSmsGatewayLinePattern[] =
    R"(^(?P<time>\d+)\t(?P<to>[^\t]*)\t[^\t]*\t(?P<text>.*)$)";

// How the SIM receives its messages (docs/scenarios.md, "SMS sources"). The
// phone number goes only to the source, never to the portal under test
// (except "mock_outbox", which is mock-idp's own route).
struct SmsSourceOptions {
  // "mock_outbox": GET <target>/sms/outbox?number= (mock-idp); "http_inbox": a
  // polled JSON inbox; "file": lines a test gateway appends to a file;
  // "command": a program that prints the messages; "none": no source (reading fails).
  std::string kind = "mock_outbox";
  // http_inbox: URL template; {number} is the number percent-encoded (E.164),
  // {digits} the number without '+'.
  std::string url;
  std::vector<http::Header> headers;  // http_inbox: sent with every poll (an API key)
  // http_inbox, and command with format "json": where the list of messages is
  // ("" = the document itself is the list) and, in each message, its text,
  // its time (Unix seconds or ms, or ISO 8601; "" = none) and its recipient
  // ("" = every message is for this SIM). Paths: "a.b", "a[0].b", "$.a".
  std::string messages_path;
  std::string text_path = "text";
  std::string time_path;
  std::string to_path;
  std::string file;  // file: the path the gateway appends to (may not exist yet)
  // file, and command with format "lines": an RE2 pattern per line with the
  // named groups text and optionally to and time; lines that do not match are ignored.
  std::string line_pattern = kSmsGatewayLinePattern;
  // command: argv (no shell); {number} and {digits} are substituted in each argument.
  std::vector<std::string> command;
  std::string format = "lines";  // command: "lines" or "json"
  std::chrono::milliseconds command_timeout{5000};
};

// OK, or kInvalidArgument naming the first bad setting (unknown kind, missing
// url/file/command, a bad line pattern or path, a line pattern without a
// `text` group).
Status ValidateSmsSourceOptions(const SmsSourceOptions& options);

struct SmsMessage {
  std::string to;
  std::string text;     // contains a code: never log it
  int64_t sent_at = 0;  // Unix seconds by the source's clock; 0 = unknown
};

// One way of receiving SMS. Implementations: harness/phone/sms/*.
class SmsSource {
 public:
  virtual ~SmsSource() = default;
  // Every message the source holds for `number` now, oldest first (when the
  // source gives times they decide the order). Errors: the source's own
  // (kNetworkError, kIoError, kParseError naming the URL/file/command).
  virtual StatusOr<std::vector<SmsMessage>> Fetch(const std::string& number) = 0;
  // Where messages come from, for messages: "GET http://...", "file x", "command y".
  virtual std::string Where() const = 0;
};

// The source `options` describes. `target_origin` is the portal's origin (for
// mock_outbox); `transport` is borrowed by the HTTP sources and must outlive
// the source. Error: ValidateSmsSourceOptions' message.
StatusOr<std::unique_ptr<SmsSource>> NewSmsSource(const SmsSourceOptions& options,
                                                  const std::string& target_origin,
                                                  http::Transport& transport);

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
  SmsSourceOptions sms;  // where the SIM's messages come from
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

// The app's approval prompt as the user last answered it (number matching).
struct PushAnswer {
  std::string account;   // the account the notification asked about
  std::string number;    // what the user typed: the number the portal showed
  bool approve = false;  // "Ja" / "Nee"
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
  // The last push the user answered (set when AnswerPush sends the answer,
  // whatever the portal says); nullopt before the first. For drawings of the
  // app's screen.
  const std::optional<PushAnswer>& last_answer() const { return last_answer_; }

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
  std::optional<PushAnswer> last_answer_;
};

// ---- The SIM card ----

// The SIM's inbox, read from an SmsSource. Every code found in a message is
// recorded as a secret. Borrows clock and secrets: they must outlive the card.
class SimCard {
 public:
  // Reads the target's mock outbox (GET <gateway_url>/sms/outbox?number=);
  // `gateway_url` is the target's origin, e.g. "http://127.0.0.1:8080". Borrows `transport`.
  SimCard(std::string number, std::string gateway_url, std::string code_pattern,
          http::Transport& transport, Clock& clock, SecretRegistry& secrets);
  // Reads `source` (owned).
  SimCard(std::string number, std::unique_ptr<SmsSource> source, std::string code_pattern,
          Clock& clock, SecretRegistry& secrets);

  // Starts the SIM's session: every message the source holds now is old and
  // never returned by WaitForCode (no stale code from an earlier run). When
  // the source cannot be read now, messages with a time before this moment
  // are old instead. Returns the read's status (informational).
  Status Begin();

  const std::string& number() const { return number_; }

  // Every message the source holds for this number, oldest first.
  // kFailedPrecondition when the phone has no SIM number or no source ("none").
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

  // The message LatestCode or WaitForCode last took its code from (the SIM's
  // messages app shows it); nullopt before. Its text holds the code: mask it.
  const std::optional<SmsMessage>& last_message() const { return last_message_; }

 private:
  StatusOr<std::string> CodeOfNewest(const std::vector<SmsMessage>& inbox,
                                     std::string_view pattern);

  // A message's identity for "already seen": recipient, time and text.
  static std::string KeyOf(const SmsMessage& message);
  // Marks every message of `inbox` as seen.
  void MarkSeen(const std::vector<SmsMessage>& inbox);

  std::string number_;
  std::unique_ptr<SmsSource> source_;
  std::string code_pattern_;
  Clock& clock_;
  SecretRegistry& secrets_;
  // How often each message key was seen at Begin() or handed out since: a
  // message beyond its count is new. A reset outbox simply has no old keys.
  std::map<std::string, int> seen_;
  int64_t old_before_ = 0;  // Unix seconds: older messages are old (Begin could not read)
  std::optional<SmsMessage> last_message_;
};

// ---- The phone ----

using TransportFactory = std::function<std::unique_ptr<http::Transport>()>;

// Owns the app, the SIM, their transports and the secret registry.
class VirtualPhone {
 public:
  // `make_transport` is called twice (app and SIM talk to the portal as
  // separate parties). `gateway_url` is the target's origin (the
  // mock_outbox SMS source reads it). A source other than mock_outbox starts
  // its session (SimCard::Begin) here.
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
