#include <gtest/gtest.h>

#include "harness/phone/fake_portal.h"
#include "harness/phone/phone.h"
#include "harness/phone/qr_images.h"
#include "harness/process/process.h"

namespace proofup::phone {
namespace {

using testing::FakePortal;
using testing::QrDataUri;
using testing::QrPng;

constexpr char kPortal[] = "http://127.0.0.1:8080";
constexpr char kActivateUrl[] = "http://127.0.0.1:8080/activate/abc";
constexpr char kCode[] = "123456789";
// RFC 6238 test key "12345678901234567890"; its SHA1 TOTP at T=59 is 94287082.
constexpr char kRfcSecret[] = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

std::string PhoneFactorUri() { return otp::FormatPhoneFactorUri({kCode, kActivateUrl}); }

nlohmann::json ActivationAnswer() {
  return {{"account", "anna@voorbeeld.nl"},
          {"issuer", "Voorbeeld College"},
          {"confirmation", "AB12CD"},
          {"secret", kRfcSecret},
          {"algorithm", "SHA1"},
          {"digits", 6},
          {"period", 30}};
}

PhoneOptions ReadyOptions() {
  PhoneOptions options;
  options.app_installed = true;
  options.terms_accepted = true;
  return options;
}

class AppTest : public ::testing::Test {
 protected:
  AuthenticatorApp& MakeApp(const PhoneOptions& options) {
    transport_ = portal_.NewTransport();
    app_ = std::make_unique<AuthenticatorApp>(options, *transport_, clock_, secrets_);
    return *app_;
  }
  // A ready app with the work account of ActivationAnswer() activated.
  AuthenticatorApp& ActivatedApp(PhoneOptions options = ReadyOptions()) {
    portal_.Reply("POST", kActivateUrl, 200, ActivationAnswer());
    AuthenticatorApp& app = MakeApp(options);
    EXPECT_TRUE(app.ScanQr(QrPng({PhoneFactorUri()})).ok());
    portal_.requests.clear();
    return app;
  }
  std::string PushUrl() const { return std::string(kPortal) + "/phone/push?token=" + token_; }

  FakePortal portal_;
  ManualClock clock_{59};
  SecretRegistry secrets_;
  std::unique_ptr<http::Transport> transport_;
  std::unique_ptr<AuthenticatorApp> app_;
  std::string token_;
};

TEST_F(AppTest, FreshPhoneHasNoAppAndEveryActionSaysSo) {
  AuthenticatorApp& app = MakeApp(PhoneOptions{});
  EXPECT_FALSE(app.installed());
  for (Status s : {app.AcceptTerms(), app.SkipSignIn(), app.Uninstall(),
                   app.ScanQr(QrPng({PhoneFactorUri()})).status(), app.CurrentCode().status(),
                   app.PendingPushes().status()}) {
    EXPECT_EQ(s.kind(), Status::Kind::kFailedPrecondition);
    EXPECT_EQ(s.message(), "the Authenticator app is not installed");
  }
  EXPECT_TRUE(portal_.requests.empty());
}

TEST_F(AppTest, TermsMustBeAcceptedBeforeSkippingOrScanning) {
  AuthenticatorApp& app = MakeApp(PhoneOptions{});
  ASSERT_TRUE(app.Install().ok());
  Status skip = app.SkipSignIn();
  EXPECT_EQ(skip.kind(), Status::Kind::kFailedPrecondition);
  EXPECT_NE(skip.message().find("Ik ga akkoord"), std::string::npos) << skip.message();
  EXPECT_FALSE(app.ScanQr(QrPng({PhoneFactorUri()})).ok());
  EXPECT_TRUE(portal_.requests.empty());

  ASSERT_TRUE(app.AcceptTerms().ok());
  ASSERT_TRUE(app.SkipSignIn().ok());
  EXPECT_TRUE(app.sign_in_skipped());
  EXPECT_TRUE(app.Install().ok()) << "installing an installed app is not an error";
  EXPECT_TRUE(app.terms_accepted()) << "and keeps its state";
}

TEST_F(AppTest, ScanningPhoneFactorCodeActivatesAgainstItsUrl) {
  portal_.Reply("POST", kActivateUrl, 200, ActivationAnswer());
  PhoneOptions options = ReadyOptions();
  options.device_name = "Galaxy S23";
  AuthenticatorApp& app = MakeApp(options);

  StatusOr<Account> account = app.ScanQr(QrPng({PhoneFactorUri()}));
  ASSERT_TRUE(account.ok()) << account.status().ToString();

  ASSERT_EQ(portal_.requests.size(), 1u);
  const http::Request& request = portal_.requests[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, kActivateUrl);
  EXPECT_EQ(testing::HeaderOf(request, "Content-Type"), "application/json");
  nlohmann::json body = portal_.Body(0);
  EXPECT_EQ(body["code"], kCode);
  EXPECT_EQ(body["device_name"], "Galaxy S23");
  EXPECT_TRUE(body["push_token"].is_string());
  EXPECT_EQ(body["push_token"].get<std::string>().size(), 32u);

  EXPECT_EQ(account->name, "anna@voorbeeld.nl");
  EXPECT_EQ(account->issuer, "Voorbeeld College");
  EXPECT_EQ(account->service_url, kPortal);
  EXPECT_TRUE(account->work_account());
  ASSERT_EQ(app.accounts().size(), 1u);
  EXPECT_EQ(app.CurrentCode().value(), "287082");
  EXPECT_TRUE(secrets_.Contains(kCode));
  EXPECT_TRUE(secrets_.Contains(kRfcSecret));
  EXPECT_TRUE(secrets_.Contains("287082"));
}

TEST_F(AppTest, EveryInstallHasItsOwnPushToken) {
  portal_.Reply("POST", kActivateUrl, 200, ActivationAnswer());
  AuthenticatorApp& app = MakeApp(ReadyOptions());
  ASSERT_TRUE(app.ScanQr(QrPng({PhoneFactorUri()})).ok());
  ASSERT_TRUE(app.Uninstall().ok());
  ASSERT_TRUE(app.Install().ok());
  ASSERT_TRUE(app.AcceptTerms().ok());
  ASSERT_TRUE(app.ScanQr(QrPng({PhoneFactorUri()})).ok());
  ASSERT_EQ(portal_.requests.size(), 2u);
  EXPECT_NE(portal_.Body(0)["push_token"], portal_.Body(1)["push_token"]);
}

TEST_F(AppTest, ScanningOtpAuthDataUriAddsTotpAccountWithoutNetwork) {
  AuthenticatorApp& app = MakeApp(ReadyOptions());
  std::string uri = std::string("otpauth://totp/Voorbeeld%20College:anna%40voorbeeld.nl?secret=") +
                    kRfcSecret + "&issuer=Voorbeeld%20College";
  StatusOr<Account> account = app.ScanQr(QrDataUri({uri}));
  ASSERT_TRUE(account.ok()) << account.status().ToString();
  EXPECT_TRUE(portal_.requests.empty());
  EXPECT_EQ(account->name, "anna@voorbeeld.nl");
  EXPECT_EQ(account->issuer, "Voorbeeld College");
  EXPECT_FALSE(account->work_account());
  EXPECT_EQ(app.CurrentCode("anna@voorbeeld.nl").value(), "287082");
  EXPECT_TRUE(secrets_.Contains(kRfcSecret));
}

TEST_F(AppTest, QrCodeFromTheQrencodeCommandLineToolScans) {
  auto qrencode = ChildProcess::Spawn({"qrencode", "-o", "-", "-s", "3", PhoneFactorUri()});
  ASSERT_TRUE(qrencode.ok()) << qrencode.status().ToString();
  std::string png = (*qrencode)->ReadAllStdout();
  ASSERT_TRUE((*qrencode)->Wait(std::chrono::seconds(10)).ok());
  portal_.Reply("POST", kActivateUrl, 200, ActivationAnswer());
  AuthenticatorApp& app = MakeApp(ReadyOptions());
  ASSERT_TRUE(app.ScanQr(png).ok());
  EXPECT_EQ(portal_.Body(0)["code"], kCode);
}

TEST_F(AppTest, ImageWithoutQrCodeIsNotFound) {
  AuthenticatorApp& app = MakeApp(ReadyOptions());
  StatusOr<Account> account = app.ScanQr(QrPng({}));
  EXPECT_EQ(account.status().kind(), Status::Kind::kNotFound);
  EXPECT_NE(account.status().message().find("no QR code"), std::string::npos);
}

TEST_F(AppTest, TwoDifferentQrCodesAreRefusedTwoEqualOnesAreOne) {
  AuthenticatorApp& app = MakeApp(ReadyOptions());
  std::string otp_uri = std::string("otpauth://totp/x?secret=") + kRfcSecret;
  StatusOr<Account> two = app.ScanQr(QrPng({PhoneFactorUri(), otp_uri}));
  EXPECT_EQ(two.status().kind(), Status::Kind::kInvalidArgument);
  EXPECT_NE(two.status().message().find("2 different QR codes"), std::string::npos)
      << two.status().message();
  EXPECT_TRUE(app.accounts().empty());
  EXPECT_TRUE(app.ScanQr(QrPng({otp_uri, otp_uri})).ok());
}

TEST_F(AppTest, UnknownPayloadIsRefusedWithoutQuotingIt) {
  AuthenticatorApp& app = MakeApp(ReadyOptions());
  StatusOr<Account> account = app.ScanQr(QrPng({"https://example.org/secret-thing"}));
  EXPECT_EQ(account.status().kind(), Status::Kind::kInvalidArgument);
  EXPECT_NE(account.status().message().find("\"https\""), std::string::npos);
  EXPECT_EQ(account.status().message().find("secret-thing"), std::string::npos);
  EXPECT_TRUE(portal_.requests.empty());
}

TEST_F(AppTest, RefusedActivationAddsNothingAndNamesTheReason) {
  portal_.Reply("POST", kActivateUrl, 400, {{"error", "wrong_code"}, {"message", "x"}});
  AuthenticatorApp& app = MakeApp(ReadyOptions());
  StatusOr<Account> account = app.ScanQr(QrPng({PhoneFactorUri()}));
  EXPECT_EQ(account.status().kind(), Status::Kind::kFailedPrecondition);
  EXPECT_NE(account.status().message().find("wrong_code"), std::string::npos);
  EXPECT_EQ(account.status().message().find(kCode), std::string::npos) << "code leaked";
  EXPECT_TRUE(app.accounts().empty());

  portal_.Reply("POST", kActivateUrl, 404, {{"error", "unknown"}});
  EXPECT_EQ(app.ScanQr(QrPng({PhoneFactorUri()})).status().kind(), Status::Kind::kNotFound);
}

TEST_F(AppTest, ActivationAnswerWithoutSecretIsAParseError) {
  portal_.Reply("POST", kActivateUrl, 200, {{"account", "anna@voorbeeld.nl"}});
  AuthenticatorApp& app = MakeApp(ReadyOptions());
  StatusOr<Account> account = app.ScanQr(QrPng({PhoneFactorUri()}));
  EXPECT_EQ(account.status().kind(), Status::Kind::kParseError);
  EXPECT_NE(account.status().message().find("\"secret\""), std::string::npos);
}

TEST_F(AppTest, WrongPinAddsNothingAndSendsNothing) {
  portal_.Reply("POST", kActivateUrl, 200, ActivationAnswer());
  PhoneOptions options = ReadyOptions();
  options.pin_required = true;
  options.pin = "4821";
  options.typed_pin = "1111";
  AuthenticatorApp& app = MakeApp(options);
  StatusOr<Account> account = app.ScanQr(QrPng({PhoneFactorUri()}));
  EXPECT_EQ(account.status().kind(), Status::Kind::kFailedPrecondition);
  EXPECT_NE(account.status().message().find("PIN"), std::string::npos);
  EXPECT_EQ(account.status().message().find("4821"), std::string::npos);
  EXPECT_TRUE(portal_.requests.empty());
  EXPECT_TRUE(app.accounts().empty());
  EXPECT_FALSE(app.AddTotpAccountManually(kRfcSecret, "anna").ok());
  EXPECT_TRUE(app.accounts().empty());
  EXPECT_TRUE(secrets_.Contains("4821"));

  app.SetTypedPin("4821");
  EXPECT_TRUE(app.ScanQr(QrPng({PhoneFactorUri()})).ok());
  EXPECT_EQ(portal_.requests.size(), 1u);
}

TEST_F(AppTest, PinNotAskedUnlessRequiredAndRightPinByDefault) {
  PhoneOptions options = ReadyOptions();
  options.pin = "4821";
  options.typed_pin = "1111";  // never asked
  EXPECT_TRUE(MakeApp(options).AddTotpAccountManually(kRfcSecret, "a").ok());
  options.pin_required = true;
  options.typed_pin = "";  // the user types the phone's own PIN
  EXPECT_TRUE(MakeApp(options).AddTotpAccountManually(kRfcSecret, "a").ok());
}

TEST_F(AppTest, UninstallRemovesAccountsAndPushToken) {
  AuthenticatorApp& app = ActivatedApp();
  ASSERT_TRUE(app.Uninstall().ok());
  EXPECT_FALSE(app.installed());
  EXPECT_TRUE(app.accounts().empty());
  ASSERT_TRUE(app.Install().ok());
  ASSERT_TRUE(app.AcceptTerms().ok());
  EXPECT_EQ(app.CurrentCode().status().kind(), Status::Kind::kNotFound);
  EXPECT_EQ(app.PendingPushes().status().kind(), Status::Kind::kFailedPrecondition);
  EXPECT_TRUE(portal_.requests.empty());
}

TEST_F(AppTest, CodeUsesClockPlusSkew) {
  PhoneOptions options = ReadyOptions();
  options.clock_skew_seconds = 40;
  AuthenticatorApp& app = MakeApp(options);
  ASSERT_TRUE(app.AddTotpAccountManually("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", "a").ok());
  clock_.SetUnixSeconds(19);  // 19 + 40 = 59
  EXPECT_EQ(app.CurrentCode("a").value(), "287082");
  clock_.SetUnixSeconds(59);
  EXPECT_NE(app.CurrentCode("a").value(), "287082");
}

TEST_F(AppTest, CurrentCodeDefaultsToNewestAccountAndNamesKnownOnes) {
  AuthenticatorApp& app = MakeApp(ReadyOptions());
  ASSERT_TRUE(app.AddTotpAccountManually("JBSWY3DPEHPK3PXP", "first").ok());
  ASSERT_TRUE(app.AddTotpAccountManually(kRfcSecret, "second").ok());
  EXPECT_EQ(app.CurrentCode().value(), "287082");
  EXPECT_NE(app.CurrentCode("first").value(), "287082");
  StatusOr<std::string> missing = app.CurrentCode("third");
  EXPECT_EQ(missing.status().kind(), Status::Kind::kNotFound);
  EXPECT_NE(missing.status().message().find("first, second"), std::string::npos);
}

// A portal refuses a code used once in its window: asked again in the same
// window, the app waits (on the phone's clock, not the test's time) for the
// next one.
TEST_F(AppTest, FreshCodeWaitsForTheNextWindowInsteadOfRepeating) {
  AuthenticatorApp& app = MakeApp(ReadyOptions());
  ASSERT_TRUE(app.AddTotpAccountManually(kRfcSecret, "anna").ok());
  clock_.SetUnixSeconds(45);  // step 1 (30..59); its code is 287082 at T=59
  const int64_t start = clock_.MonotonicMillis();
  EXPECT_EQ(app.FreshCode("anna", std::chrono::seconds(60)).value(), "287082");
  EXPECT_EQ(clock_.MonotonicMillis(), start) << "the first code is given at once";
  StatusOr<std::string> next = app.FreshCode("", std::chrono::seconds(60));
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_NE(*next, "287082");
  EXPECT_EQ(clock_.NowUnixSeconds(), 60) << "waited exactly to the next window";
  EXPECT_EQ(*next, otp::Totp({.key = "12345678901234567890"}, 60).value());
  EXPECT_TRUE(secrets_.Contains(*next));
  // CurrentCode shows what the app shows and never waits.
  EXPECT_EQ(app.CurrentCode("anna").value(), *next);
  // A window already moved on (here by the phone's own clock) gives at once.
  clock_.SetUnixSeconds(95);
  const int64_t before = clock_.MonotonicMillis();
  EXPECT_TRUE(app.FreshCode("anna", std::chrono::seconds(60)).ok());
  EXPECT_EQ(clock_.MonotonicMillis(), before);
}

TEST_F(AppTest, FreshCodeWaitIsBoundedByTheTimeout) {
  AuthenticatorApp& app = MakeApp(ReadyOptions());
  ASSERT_TRUE(app.AddTotpAccountManually(kRfcSecret, "anna").ok());
  ASSERT_TRUE(app.AddTotpAccountManually("JBSWY3DPEHPK3PXP", "other").ok());
  clock_.SetUnixSeconds(31);
  const std::string first = app.FreshCode("anna", std::chrono::seconds(5)).value();
  EXPECT_TRUE(app.FreshCode("other", std::chrono::seconds(5)).ok()) << "per account";
  const int64_t start = clock_.MonotonicMillis();
  StatusOr<std::string> again = app.FreshCode("anna", std::chrono::seconds(5));
  EXPECT_EQ(again.status().kind(), Status::Kind::kTimeout);
  EXPECT_EQ(clock_.MonotonicMillis() - start, 5000);
  EXPECT_EQ(again.status().message().find(first), std::string::npos) << "code quoted";
  EXPECT_NE(again.status().message().find("already used in this 30 s window"), std::string::npos)
      << again.status().message();
}

TEST_F(AppTest, ManualEntryOfCodeAndUrl) {
  portal_.Reply("POST", kActivateUrl, 200, ActivationAnswer());
  AuthenticatorApp& app = MakeApp(ReadyOptions());
  ASSERT_TRUE(app.AddWorkAccountManually("123 456 789", kActivateUrl).ok());
  EXPECT_EQ(portal_.Body(0)["code"], kCode);
  EXPECT_EQ(app.accounts().at(0).service_url, kPortal);
  EXPECT_EQ(app.AddWorkAccountManually(kCode, "ftp://x/activate").status().kind(),
            Status::Kind::kInvalidArgument);
}

TEST_F(AppTest, TypedSecretMustBeBase32AndIsNotQuoted) {
  AuthenticatorApp& app = MakeApp(ReadyOptions());
  StatusOr<Account> bad = app.AddTotpAccountManually("SECRET1SECRET", "anna");
  EXPECT_EQ(bad.status().kind(), Status::Kind::kInvalidArgument);
  EXPECT_EQ(bad.status().message().find("SECRET1"), std::string::npos);
  EXPECT_FALSE(app.AddTotpAccountManually(kRfcSecret, "").ok()) << "needs a name";
}

}  // namespace
}  // namespace proofup::phone
