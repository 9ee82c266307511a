// Signing in after enrolment: push with number matching, TOTP and SMS.
#include <gtest/gtest.h>

#include "harness/otp/otp.h"
#include "mock-idp/testing/flow_driver.h"
#include "mock-idp/users.h"

namespace proofup::mockidp::testing {
namespace {

class Challenge : public ::testing::Test {
 protected:
  void SetUp() override {
    idp_ = StartServer();
    ASSERT_TRUE(idp_);
    browser_ = std::make_unique<HttpClient>(idp_->url());
    admin_ = std::make_unique<HttpClient>(idp_->url());
  }
  std::string FixtureSecret(const std::string& user) {
    auto f = LoadUsersFixture(std::string(PROOFUP_SOURCE_DIR) + "/fixtures/users.yaml");
    for (const auto& u : f->users) {
      if (u.username == user) return u.devices.at(0).totp_secret;
    }
    return "";
  }
  int64_t Now() { return Control(*admin_, "GET", "/__control/clock").Json()["now"]; }
  std::unique_ptr<MockIdp> idp_;
  std::unique_ptr<HttpClient> browser_, admin_;
};

TEST_F(Challenge, PushApprovedLandsOnStartPage) {
  VirtualPhone phone(idp_->url(), "fixture-push-kees");
  HttpResponse page = SignIn(*browser_, "kees@voorbeeld.nl", "Test-Kees-2024!");
  EXPECT_EQ(H1(page.body), "Aanmeldingsaanvraag goedkeuren");
  const std::string number = MatchNumber(page.body);
  ASSERT_EQ(number.size(), 2u);
  EXPECT_NE(page.body.find("http-equiv=\"refresh\""), std::string::npos);
  auto pushes = phone.Pushes();
  ASSERT_EQ(pushes.size(), 1u);
  EXPECT_EQ(phone.Answer(pushes[0]["id"], number, true).Json()["result"], "approved");
  page = browser_->Get("/challenge/push");
  EXPECT_EQ(page.Path(), "/");
  EXPECT_EQ(H1(page.body), "Startpagina");
  EXPECT_NE(VisibleText(page.body).find("Welkom, Kees van Dijk"), std::string::npos);
}

TEST_F(Challenge, PushWrongNumberDeniedTimeoutAndRetry) {
  VirtualPhone phone(idp_->url(), "fixture-push-kees");
  HttpResponse page = SignIn(*browser_, "kees@voorbeeld.nl", "Test-Kees-2024!");
  std::string number = MatchNumber(page.body);
  const std::string wrong = number == "10" ? "11" : "10";
  auto id = phone.Pushes().at(0)["id"].get<std::string>();
  EXPECT_EQ(phone.Answer(id, wrong, true).Json()["result"], "wrong_number");
  EXPECT_EQ(phone.Answer(id, number, true).status, 409);  // already answered
  page = browser_->Get("/challenge/push");
  EXPECT_EQ(ErrorText(page.body), "Het nummer komt niet overeen");
  EXPECT_EQ(page.body.find("http-equiv=\"refresh\""), std::string::npos);
  EXPECT_EQ(ButtonLabel(page.body, "retry"), "Opnieuw proberen");
  page = Submit(*browser_, page, "retry");
  id = phone.Pushes().at(0)["id"].get<std::string>();
  EXPECT_EQ(phone.Answer(id, MatchNumber(page.body), false).Json()["result"], "denied");
  page = browser_->Get("/challenge/push");
  EXPECT_EQ(ErrorText(page.body), "Melding geweigerd");
  page = Submit(*browser_, page, "retry");
  id = phone.Pushes().at(0)["id"].get<std::string>();
  ASSERT_EQ(Control(*admin_, "POST", "/__control/clock", {{"advance_seconds", 61}}).status, 200);
  page = browser_->Get("/challenge/push");
  EXPECT_EQ(ErrorText(page.body), "Geen reactie ontvangen");
  EXPECT_TRUE(phone.Pushes().empty());
  HttpResponse late = phone.Answer(id, "42", true);
  EXPECT_EQ(late.status, 409);
  EXPECT_EQ(late.Json()["error"], "expired");
  page = Submit(*browser_, page, "retry");
  phone.Answer(phone.Pushes().at(0)["id"], MatchNumber(page.body), true);
  EXPECT_EQ(browser_->Get("/challenge/push").Path(), "/");
}

TEST_F(Challenge, TotpUserEntersCode) {
  HttpResponse page = SignIn(*browser_, "ingrid@voorbeeld.nl", "Test-Ingrid-2024!");
  EXPECT_EQ(H1(page.body), "Code invoeren");
  otp::OtpParams params;
  params.key = *otp::Base32Decode(FixtureSecret("ingrid@voorbeeld.nl"));
  const std::string good = *otp::Totp(params, Now());
  HttpResponse r =
      Submit(*browser_, page, "verify", {{"code", good == "123456" ? "654321" : "123456"}});
  EXPECT_EQ(ErrorText(r.body), "Ongeldige code. Probeer het opnieuw.");
  // One step of skew either way is accepted.
  r = Submit(*browser_, r, "verify", {{"code", *otp::Totp(params, Now() - 30)}});
  EXPECT_EQ(r.Path(), "/");
}

TEST_F(Challenge, TotpFollowsTheClockOffset) {
  HttpResponse page = SignIn(*browser_, "max@voorbeeld.nl", "Test-Max-2024!");
  otp::OtpParams params;
  params.key = *otp::Base32Decode(FixtureSecret("max@voorbeeld.nl"));
  const int64_t now = Now();
  Control(*admin_, "POST", "/__control/clock", {{"advance_seconds", 900}});
  HttpResponse r = Submit(*browser_, page, "verify", {{"code", *otp::Totp(params, now)}});
  EXPECT_EQ(ErrorText(r.body), "Invalid code. Please try again.");  // max speaks English
  r = Submit(*browser_, r, "verify", {{"code", *otp::Totp(params, now + 900)}});
  EXPECT_EQ(r.Path(), "/");
}

TEST_F(Challenge, SmsInsteadOfTheApp) {
  VirtualPhone phone(idp_->url(), "fixture-push-kees");
  HttpResponse page = SignIn(*browser_, "kees@voorbeeld.nl", "Test-Kees-2024!");
  ASSERT_EQ(phone.Pushes().size(), 1u);
  page = browser_->Get(
      LinkHref(page.body, "Ik kan mijn Microsoft Authenticator-app nu niet gebruiken"));
  EXPECT_EQ(H1(page.body), "Code invoeren");
  EXPECT_NE(page.body.find("+31 6******01"), std::string::npos);
  EXPECT_TRUE(phone.Pushes().empty());  // the push was withdrawn
  const std::string code = phone.LatestSmsCode("+31612340001");
  ASSERT_EQ(code.size(), 6u);
  EXPECT_EQ(Submit(*browser_, page, "verify", {{"code", code}}).Path(), "/");
}

TEST_F(Challenge, SmsDefaultUserGetsACodeAndCanResend) {
  VirtualPhone phone(idp_->url(), "fixture-push-sanne");
  HttpResponse page = SignIn(*browser_, "sanne@voorbeeld.nl", "Test-Sanne-2024!");
  EXPECT_EQ(H1(page.body), "Code invoeren");
  EXPECT_EQ(phone.Sms("+31612340002").size(), 1u);
  page = browser_->Get(LinkHref(page.body, "Code opnieuw verzenden"));
  EXPECT_EQ(phone.Sms("+31612340002").size(), 2u);
  EXPECT_EQ(
      Submit(*browser_, page, "verify", {{"code", phone.LatestSmsCode("+31612340002")}}).Path(),
      "/");
}

TEST_F(Challenge, SignOutEndsTheSession) {
  HttpResponse page = SignIn(*browser_, "ingrid@voorbeeld.nl", "Test-Ingrid-2024!");
  otp::OtpParams params;
  params.key = *otp::Base32Decode(FixtureSecret("ingrid@voorbeeld.nl"));
  page = Submit(*browser_, page, "verify", {{"code", *otp::Totp(params, Now())}});
  ASSERT_EQ(page.Path(), "/");
  page = Submit(*browser_, page, "signout");
  EXPECT_EQ(page.Path(), "/login");
  EXPECT_EQ(browser_->Get("/").Path(), "/login");
}

}  // namespace
}  // namespace proofup::mockidp::testing
