// Per-user clock offsets (a test moving one user's time leaves the others
// alone) and the broken-portal variants (catalogs/*.variant.yaml `breaks:`).
#include <gtest/gtest.h>

#include "harness/otp/otp.h"
#include "harness/qr/qr.h"
#include "mock-idp/catalog.h"
#include "mock-idp/flow.h"
#include "mock-idp/testing/flow_driver.h"
#include "mock-idp/users.h"

namespace proofup::mockidp::testing {
namespace {

const std::string kCatalogDir = std::string(PROOFUP_SOURCE_DIR) + "/mock-idp/catalogs";

std::string FixtureSecret(const std::string& user) {
  auto f = LoadUsersFixture(std::string(PROOFUP_SOURCE_DIR) + "/fixtures/users.yaml");
  for (const auto& u : f->users) {
    if (u.username == user) return u.devices.at(0).totp_secret;
  }
  return "";
}

std::string Totp(const std::string& secret, int64_t at) {
  otp::OtpParams p;
  p.key = otp::Base32Decode(secret).value();
  return otp::Totp(p, at).value();
}

class UserClock : public ::testing::Test {
 protected:
  void SetUp() override {
    idp_ = StartServer();
    ASSERT_TRUE(idp_);
    admin_ = std::make_unique<HttpClient>(idp_->url());
  }
  HttpResponse Ctl(const std::string& method, const std::string& path,
                   const nlohmann::json& body = nlohmann::json::object()) {
    return Control(*admin_, method, path, body);
  }
  int64_t NowOf(const std::string& user) {
    return Ctl("GET", "/__control/clock?user=" + user).Json()["now"];
  }
  std::unique_ptr<MockIdp> idp_;
  std::unique_ptr<HttpClient> admin_;
};

TEST_F(UserClock, SetAdvanceReadAndResetPerUser) {
  const int64_t global_before = Ctl("GET", "/__control/clock").Json()["now"];
  HttpResponse r =
      Ctl("POST", "/__control/clock", {{"user", "Anna@voorbeeld.nl"}, {"advance_seconds", 600}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Json()["user"], "anna@voorbeeld.nl");
  EXPECT_EQ(r.Json()["offset_seconds"], 600);
  EXPECT_EQ(r.Json()["global_offset_seconds"], 0);
  EXPECT_GE(r.Json()["now"].get<int64_t>(), global_before + 600);
  // Nobody else moved.
  EXPECT_EQ(Ctl("GET", "/__control/clock").Json()["offset_seconds"], 0);
  EXPECT_LT(NowOf("bram@voorbeeld.nl"), global_before + 600);
  // The global offset comes on top of the user's own.
  Ctl("POST", "/__control/clock", {{"offset_seconds", 100}});
  EXPECT_GE(NowOf("anna@voorbeeld.nl"), global_before + 700);
  EXPECT_EQ(
      Ctl("POST", "/__control/clock", {{"user", "anna@voorbeeld.nl"}, {"offset_seconds", -30}})
          .Json()["offset_seconds"],
      -30);
  EXPECT_EQ(Ctl("POST", "/__control/clock", {{"user", "ghost@voorbeeld.nl"}, {"offset_seconds", 1}})
                .status,
            404);
  EXPECT_EQ(Ctl("POST", "/__control/clock", {{"user", 7}, {"offset_seconds", 1}}).status, 400);
  // Resetting the user drops its offset; resetting all drops every offset.
  Ctl("POST", "/__control/reset", {{"user", "anna@voorbeeld.nl"}});
  EXPECT_EQ(Ctl("GET", "/__control/clock?user=anna@voorbeeld.nl").Json()["offset_seconds"], 0);
  Ctl("POST", "/__control/clock", {{"user", "bram@voorbeeld.nl"}, {"offset_seconds", 50}});
  Ctl("POST", "/__control/reset");
  EXPECT_EQ(Ctl("GET", "/__control/clock?user=bram@voorbeeld.nl").Json()["offset_seconds"], 0);
  EXPECT_EQ(Ctl("GET", "/__control/clock").Json()["offset_seconds"], 0);
}

// Two users at the QR code; only the one whose clock moved sees it expire.
TEST_F(UserClock, QrExpiryFollowsOnlyThatUsersClock) {
  HttpClient anna(idp_->url()), bram(idp_->url());
  HttpResponse pa = SignIn(anna, "anna@voorbeeld.nl", "Test-Anna-2024!");
  HttpResponse pb = SignIn(bram, "bram@voorbeeld.nl", "Test-Bram-2024!");
  for (int i = 0; i < 3; ++i) {
    pa = Submit(anna, pa, "next");
    pb = Submit(bram, pb, "next");
  }
  auto decode = [](const HttpResponse& page) {
    auto codes = qr::DecodeDataUri(QrSrc(page.body));
    return codes.ok() && codes->size() == 1 ? (*codes)[0].text : std::string();
  };
  const std::string qr_a = decode(pa), qr_b = decode(pb);
  ASSERT_FALSE(qr_a.empty());
  ASSERT_FALSE(qr_b.empty());
  ASSERT_EQ(
      Ctl("POST", "/__control/clock", {{"user", "anna@voorbeeld.nl"}, {"advance_seconds", 301}})
          .status,
      200);
  VirtualPhone phone_a(idp_->url(), "push-a"), phone_b(idp_->url(), "push-b");
  auto uri_a = otp::ParsePhoneFactorUri(qr_a);
  ASSERT_TRUE(uri_a.ok());
  HttpResponse refused = phone_a.ActivateRaw(uri_a->url, uri_a->code);
  EXPECT_EQ(refused.status, 410);
  EXPECT_EQ(refused.Json()["error"], "expired");
  EXPECT_EQ(phone_b.Activate(qr_b), "");  // bram's code is still good
  pa = Submit(anna, pa, "next");
  EXPECT_EQ(ErrorText(pa.body), "De QR-code is verlopen. Scan de nieuwe QR-code met de app.");
  EXPECT_EQ(phone_a.Activate(decode(pa)), "");
}

TEST_F(UserClock, PushTimeoutFollowsOnlyThatUsersClock) {
  HttpClient kees(idp_->url()), sanne(idp_->url());
  VirtualPhone phone_kees(idp_->url(), "fixture-push-kees");
  HttpResponse pk = SignIn(kees, "kees@voorbeeld.nl", "Test-Kees-2024!");
  ASSERT_EQ(H1(pk.body), "Aanmeldingsaanvraag goedkeuren");
  Ctl("POST", "/__control/clock", {{"user", "sanne@voorbeeld.nl"}, {"advance_seconds", 3600}});
  pk = kees.Get("/challenge/push");
  EXPECT_EQ(ErrorText(pk.body), "");  // still waiting
  Ctl("POST", "/__control/clock", {{"user", "kees@voorbeeld.nl"}, {"advance_seconds", 61}});
  pk = kees.Get("/challenge/push");
  EXPECT_EQ(ErrorText(pk.body), "Geen reactie ontvangen");
  EXPECT_TRUE(phone_kees.Pushes().empty());  // expired on the phone side too
}

TEST_F(UserClock, TotpIsCheckedAgainstTheUsersTime) {
  HttpClient browser(idp_->url());
  HttpResponse page = SignIn(browser, "ingrid@voorbeeld.nl", "Test-Ingrid-2024!");
  ASSERT_EQ(H1(page.body), "Code invoeren");
  Ctl("POST", "/__control/clock", {{"user", "ingrid@voorbeeld.nl"}, {"advance_seconds", 900}});
  const std::string secret = FixtureSecret("ingrid@voorbeeld.nl");
  const int64_t real = Ctl("GET", "/__control/clock").Json()["now"];
  page = Submit(browser, page, "verify", {{"code", Totp(secret, real)}});
  EXPECT_EQ(ErrorText(page.body), "Ongeldige code. Probeer het opnieuw.");
  page = Submit(browser, page, "verify", {{"code", Totp(secret, NowOf("ingrid@voorbeeld.nl"))}});
  EXPECT_EQ(H1(page.body), "Startpagina");
}

TEST(Breaks, ParsedFromNamesAndVariantFiles) {
  auto none = ParseBreaks({});
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->accept_wrong_password || none->accept_wrong_sms_code ||
               none->ignore_number_match || none->allow_step_skipping);
  auto some = ParseBreaks({"ignore_number_match", "allow_step_skipping"});
  ASSERT_TRUE(some.ok());
  EXPECT_TRUE(some->ignore_number_match && some->allow_step_skipping);
  EXPECT_FALSE(some->accept_wrong_password);
  EXPECT_EQ(ParseBreaks({"meteor"}).status().kind(), Status::Kind::kInvalidArgument);
  for (const auto& [variant, name] : std::vector<std::pair<std::string, std::string>>{
           {"accepts-wrong-password", "accept_wrong_password"},
           {"accepts-wrong-sms-code", "accept_wrong_sms_code"},
           {"ignores-number-match", "ignore_number_match"},
           {"allows-step-skipping", "allow_step_skipping"}}) {
    auto c = Catalogs::Load(kCatalogDir, variant);
    ASSERT_TRUE(c.ok()) << variant << ": " << c.status().ToString();
    EXPECT_EQ(c->breaks(), std::vector<std::string>{name}) << variant;
    EXPECT_TRUE(c->flow_override().empty()) << variant;
    EXPECT_EQ(c->Text("nl", "signin", "error"), "Uw account of wachtwoord is onjuist.");
  }
  auto base = Catalogs::Load(kCatalogDir, "");
  ASSERT_TRUE(base.ok());
  EXPECT_TRUE(base->breaks().empty());
}

std::unique_ptr<MockIdp> StartVariant(const std::string& variant) {
  MockIdpOptions o = TestOptions();
  o.variant = variant;
  return StartServer(o);
}

// Each broken variant lets through exactly what the base portal refuses.
TEST(BrokenVariant, AcceptsWrongPassword) {
  for (const std::string variant : {"", "accepts-wrong-password"}) {
    auto idp = StartVariant(variant);
    ASSERT_TRUE(idp);
    HttpClient browser(idp->url());
    HttpResponse page = SignIn(browser, "anna@voorbeeld.nl", "not-her-password");
    EXPECT_EQ(H1(page.body), variant.empty() ? "Aanmelden" : "Meer informatie vereist") << variant;
    HttpClient other(idp->url());
    EXPECT_EQ(H1(SignIn(other, "ghost@voorbeeld.nl", "x").body), "Aanmelden") << variant;
  }
}

TEST(BrokenVariant, AcceptsWrongSmsCode) {
  for (const std::string variant : {"", "accepts-wrong-sms-code"}) {
    auto idp = StartVariant(variant);
    ASSERT_TRUE(idp);
    HttpClient browser(idp->url());
    HttpResponse page = SignIn(browser, "sanne@voorbeeld.nl", "Test-Sanne-2024!");
    ASSERT_EQ(H1(page.body), "Code invoeren");
    page = Submit(browser, page, "verify", {{"code", "000000"}});
    if (variant.empty()) {
      EXPECT_EQ(ErrorText(page.body), "Onjuiste code. Probeer het opnieuw.");
    } else {
      EXPECT_EQ(H1(page.body), "Startpagina");
    }
  }
}

TEST(BrokenVariant, IgnoresNumberMatch) {
  for (const std::string variant : {"", "ignores-number-match"}) {
    auto idp = StartVariant(variant);
    ASSERT_TRUE(idp);
    HttpClient browser(idp->url());
    VirtualPhone phone(idp->url(), "fixture-push-kees");
    HttpResponse page = SignIn(browser, "kees@voorbeeld.nl", "Test-Kees-2024!");
    auto pushes = phone.Pushes();
    ASSERT_EQ(pushes.size(), 1u);
    EXPECT_EQ(phone.Answer(pushes[0]["id"], "100", true).Json()["result"],
              variant.empty() ? "wrong_number" : "approved")
        << variant;
  }
}

TEST(BrokenVariant, AllowsStepSkipping) {
  for (const std::string variant : {"", "allows-step-skipping"}) {
    auto idp = StartVariant(variant);
    ASSERT_TRUE(idp);
    HttpClient browser(idp->url());
    HttpResponse page = SignIn(browser, "anna@voorbeeld.nl", "Test-Anna-2024!");
    ASSERT_EQ(H1(page.body), "Meer informatie vereist");
    page = browser.Get("/mfa/phone");
    EXPECT_EQ(page.Path(), variant.empty() ? "/mfa/more-info" : "/mfa/phone") << variant;
    // Nothing behind the current step is reachable, not even in the broken one.
    EXPECT_EQ(browser.Get("/mfa/more-info").Path(),
              variant.empty() ? "/mfa/more-info" : "/mfa/phone");
  }
}

}  // namespace
}  // namespace proofup::mockidp::testing
