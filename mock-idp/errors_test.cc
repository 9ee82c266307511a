// Every refusal of the browser side: bad sign-in, skipping and replaying
// steps, forgery, activation and SMS errors, expiry, bad input.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness/otp/otp.h"
#include "harness/qr/qr.h"
#include "mock-idp/testing/flow_driver.h"

namespace proofup::mockidp::testing {
namespace {

class Errors : public ::testing::Test {
 protected:
  void SetUp() override {
    idp_ = StartServer();
    ASSERT_TRUE(idp_);
    browser_ = std::make_unique<HttpClient>(idp_->url());
    admin_ = std::make_unique<HttpClient>(idp_->url());
  }
  // Signs in as a not-enrolled user and walks to the QR screen.
  HttpResponse ToQr(const std::string& user, const std::string& password) {
    HttpResponse page = SignIn(*browser_, user, password);
    for (int i = 0; i < 3; ++i) page = Submit(*browser_, page, "next");
    EXPECT_EQ(page.Path(), "/mfa/qr");
    return page;
  }
  std::string QrText(const HttpResponse& page) {
    auto codes = qr::DecodeDataUri(QrSrc(page.body));
    return codes.ok() && codes->size() == 1 ? (*codes)[0].text : "";
  }
  void Advance(int seconds) {
    ASSERT_EQ(Control(*admin_, "POST", "/__control/clock", {{"advance_seconds", seconds}}).status,
              200);
  }
  std::unique_ptr<MockIdp> idp_;
  std::unique_ptr<HttpClient> browser_, admin_;
};

TEST_F(Errors, WrongPasswordAndUnknownUserLookTheSame) {
  HttpResponse wrong = SignIn(*browser_, "anna@voorbeeld.nl", "nope");
  HttpResponse unknown = SignIn(*browser_, "nobody@voorbeeld.nl", "nope");
  for (const HttpResponse* r : {&wrong, &unknown}) {
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->Path(), "/login");
    EXPECT_EQ(ErrorText(r->body), "Uw account of wachtwoord is onjuist.");
  }
  EXPECT_EQ(SignIn(*browser_, "ANNA@voorbeeld.nl", "Test-Anna-2024!").Path(), "/mfa/more-info");
}

TEST_F(Errors, EchoedInputIsEscaped) {
  HttpResponse r = SignIn(*browser_, "<script>alert(1)</script>\"", "x");
  EXPECT_EQ(r.body.find("<script>alert"), std::string::npos);
  EXPECT_NE(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt;&quot;"), std::string::npos);
}

TEST_F(Errors, AnonymousAndUnknownSessionsGoToSignIn) {
  HttpResponse r = browser_->Get("/mfa/qr", false);
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(r.location, "/login");
  r = browser_->Get("/mfa/phone", true, {"Cookie: mockidp_session=forged0123456789"});
  EXPECT_EQ(r.Path(), "/login");
  EXPECT_EQ(browser_->Get("/").Path(), "/login");
  HttpClient fresh(idp_->url());  // no session cookie at all
  HttpResponse post = fresh.PostForm("/login", {{"username", "a"}, {"password", "b"}}, false);
  EXPECT_EQ(post.status, 303);
  EXPECT_EQ(post.location, "/login");
}

TEST_F(Errors, SessionCookieIsHttpOnlySameSite) {
  HttpResponse r = browser_->Get("/login");
  const std::string cookie = r.Header("set-cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos) << cookie;
  // A new session id after sign-in (no fixation).
  const std::string before = cookie.substr(0, cookie.find(';'));
  r = browser_->PostForm(
      "/login",
      {{"csrf", Csrf(r.body)}, {"username", "anna@voorbeeld.nl"}, {"password", "Test-Anna-2024!"}},
      false);
  const std::string after = r.Header("set-cookie");
  EXPECT_NE(after.substr(0, after.find(';')), before);
}

TEST_F(Errors, StepsCannotBeSkippedOrReplayed) {
  HttpResponse page = SignIn(*browser_, "anna@voorbeeld.nl", "Test-Anna-2024!");
  for (const char* later : {"/mfa/app", "/mfa/qr", "/mfa/try", "/mfa/phone", "/mfa/sms",
                            "/mfa/success", "/", "/security-info", "/challenge/push"}) {
    HttpResponse r = browser_->Get(later, false);
    EXPECT_EQ(r.status, 302) << later;
    EXPECT_EQ(r.location, "/mfa/more-info") << later;
  }
  HttpResponse skip =
      browser_->PostForm("/mfa/sms", {{"csrf", Csrf(page.body)}, {"code", "1"}}, false);
  EXPECT_EQ(skip.status, 303);
  EXPECT_EQ(skip.location, "/mfa/more-info");
  HttpResponse next = Submit(*browser_, page, "next");
  EXPECT_EQ(next.Path(), "/mfa/app");
  // Replaying the more-info form does not move the session on again.
  HttpResponse replay = Submit(*browser_, page, "next");
  EXPECT_EQ(replay.Path(), "/mfa/app");
  EXPECT_EQ(browser_->Get("/mfa/more-info", false).location, "/mfa/app");
  EXPECT_EQ(browser_->Get("/login", false).location, "/mfa/app");
}

TEST_F(Errors, MissingOrWrongAntiForgeryTokenIs403) {
  HttpResponse login = browser_->Get("/login");
  HttpResponse r = browser_->PostForm(
      "/login", {{"username", "anna@voorbeeld.nl"}, {"password", "Test-Anna-2024!"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(H1(r.body), "Toegang geweigerd");
  EXPECT_NE(r.body.find("beveiligingstoken"), std::string::npos);
  HttpResponse page = SignIn(*browser_, "anna@voorbeeld.nl", "Test-Anna-2024!");
  r = browser_->PostForm("/mfa/more-info", {{"csrf", "0000"}, {"action", "next"}});
  EXPECT_EQ(r.status, 403);
  // The token of another session is no good either.
  HttpClient other(idp_->url());
  HttpResponse other_page = SignIn(other, "bram@voorbeeld.nl", "Test-Bram-2024!");
  r = browser_->PostForm("/mfa/more-info", {{"csrf", Csrf(other_page.body)}, {"action", "next"}});
  EXPECT_EQ(r.status, 403);
  // Links with side effects need it too.
  page = Submit(*browser_, page, "next");
  EXPECT_EQ(browser_->Get("/mfa/other-app").status, 403);
  EXPECT_EQ(browser_->Get("/mfa/app").Path(), "/mfa/app");  // nothing moved
}

TEST_F(Errors, QrNextBeforeActivationAndActivationRefusals) {
  HttpResponse page = ToQr("anna@voorbeeld.nl", "Test-Anna-2024!");
  const std::string text = QrText(page);
  auto uri = otp::ParsePhoneFactorUri(text);
  ASSERT_TRUE(uri.ok());
  HttpResponse early = Submit(*browser_, page, "next");
  EXPECT_EQ(early.Path(), "/mfa/qr");
  EXPECT_EQ(ErrorText(early.body), "De app is nog niet geactiveerd. Scan de QR-code met de app.");
  EXPECT_EQ(QrText(early), text);  // same code while it is valid
  VirtualPhone phone(idp_->url(), "push-anna");
  HttpResponse r =
      phone.ActivateRaw(uri->url, "000000000" == uri->code ? "111111111" : "000000000");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Json()["error"], "wrong_code");
  r = phone.ActivateRaw(idp_->url() + "/activate/0123456789abcdef", uri->code);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.Json()["error"], "unknown");
  ASSERT_EQ(phone.Activate(text), "");
  r = phone.ActivateRaw(uri->url, uri->code);
  EXPECT_EQ(r.status, 410);
  EXPECT_EQ(r.Json()["error"], "used");
}

TEST_F(Errors, ExpiredQrIsReplacedByAFreshOne) {
  HttpResponse page = ToQr("anna@voorbeeld.nl", "Test-Anna-2024!");
  const std::string old_text = QrText(page);
  Advance(301);  // past the 5-minute default
  VirtualPhone phone(idp_->url(), "push-anna");
  auto uri = otp::ParsePhoneFactorUri(old_text);
  HttpResponse r = phone.ActivateRaw(uri->url, uri->code);
  EXPECT_EQ(r.status, 410);
  EXPECT_EQ(r.Json()["error"], "expired");
  HttpResponse next = Submit(*browser_, page, "next");
  EXPECT_EQ(ErrorText(next.body), "De QR-code is verlopen. Scan de nieuwe QR-code met de app.");
  const std::string fresh = QrText(next);
  EXPECT_NE(fresh, old_text);
  ASSERT_EQ(phone.Activate(fresh), "");
  EXPECT_EQ(Submit(*browser_, next, "next").Path(), "/mfa/try");
  // A plain reload after expiry also shows a fresh code.
  HttpClient b2(idp_->url());
  HttpResponse p2 = SignIn(b2, "bram@voorbeeld.nl", "Test-Bram-2024!");
  for (int i = 0; i < 3; ++i) p2 = Submit(b2, p2, "next");
  const std::string t2 = QrText(p2);
  Advance(301);
  EXPECT_NE(QrText(b2.Get("/mfa/qr")), t2);
}

TEST_F(Errors, PhoneNumberMustBeValid) {
  HttpResponse page = SignIn(*browser_, "fleur@voorbeeld.nl", "Test-Fleur-2024!");
  VirtualPhone phone(idp_->url(), "fixture-push-fleur");
  phone.Answer(phone.Pushes().at(0)["id"], MatchNumber(page.body), true);
  page = Submit(*browser_, browser_->Get("/challenge/push"), "next");
  ASSERT_EQ(page.Path(), "/mfa/phone");
  for (const char* bad : {"12345", "020-1234567", "<b>06</b>", ""}) {
    HttpResponse r = Submit(*browser_, page, "next", {{"country", "NL"}, {"phone", bad}});
    EXPECT_EQ(r.Path(), "/mfa/phone") << bad;
    EXPECT_EQ(ErrorText(r.body), "Voer een geldig telefoonnummer in.") << bad;
  }
  HttpResponse r = Submit(*browser_, page, "next", {{"country", "NL"}, {"phone", "<b>06</b>"}});
  EXPECT_NE(r.body.find("value=\"&lt;b&gt;06&lt;/b&gt;\""), std::string::npos);
  EXPECT_EQ(Submit(*browser_, page, "next", {{"country", "XX"}, {"phone", "0612345678"}}).Path(),
            "/mfa/phone");
  EXPECT_EQ(Submit(*browser_, page, "next", {{"country", "NL"}}).status, 400);
}

TEST_F(Errors, SmsCodeWrongDeadExpiredAndResend) {
  HttpResponse page = SignIn(*browser_, "fleur@voorbeeld.nl", "Test-Fleur-2024!");
  VirtualPhone phone(idp_->url(), "fixture-push-fleur");
  phone.Answer(phone.Pushes().at(0)["id"], MatchNumber(page.body), true);
  page = Submit(*browser_, browser_->Get("/challenge/push"), "next");
  page = Submit(*browser_, page, "next", {{"country", "NL"}, {"phone", "0611112222"}});
  ASSERT_EQ(page.Path(), "/mfa/sms");
  const std::string code = phone.LatestSmsCode("+31611112222");
  const std::string wrong = code == "000000" ? "111111" : "000000";
  HttpResponse r = Submit(*browser_, page, "next", {{"code", wrong}});
  EXPECT_EQ(ErrorText(r.body), "Onjuiste code. Probeer het opnieuw.");
  Submit(*browser_, page, "next", {{"code", wrong}});
  r = Submit(*browser_, page, "next", {{"code", wrong}});
  const std::string dead =
      "De code is verlopen of te vaak fout ingevoerd. Vraag een nieuwe code aan.";
  EXPECT_EQ(ErrorText(r.body), dead);
  r = Submit(*browser_, page, "next", {{"code", code}});  // even the right one: dead
  EXPECT_EQ(ErrorText(r.body), dead);
  // Resend gives a new code; expiry kills it too.
  r = browser_->Get(LinkHref(r.body, "Code opnieuw verzenden"));
  EXPECT_EQ(r.Path(), "/mfa/sms");
  EXPECT_EQ(phone.Sms("+31611112222").size(), 2u);
  Advance(301);
  r = Submit(*browser_, r, "next", {{"code", phone.LatestSmsCode("+31611112222")}});
  EXPECT_EQ(ErrorText(r.body), dead);
  r = browser_->Get(LinkHref(r.body, "Code opnieuw verzenden"));
  r = Submit(*browser_, r, "next", {{"code", phone.LatestSmsCode("+31611112222")}});
  EXPECT_EQ(r.Path(), "/mfa/sms-verified");
}

TEST_F(Errors, IdleSessionExpires) {
  SignIn(*browser_, "anna@voorbeeld.nl", "Test-Anna-2024!");
  EXPECT_EQ(browser_->Get("/mfa/more-info").Path(), "/mfa/more-info");
  Advance(1801);
  EXPECT_EQ(browser_->Get("/mfa/more-info").Path(), "/login");
}

TEST_F(Errors, NotFoundTooLargeAndMalformed) {
  HttpResponse r = browser_->Get("/no/such/page");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(H1(r.body), "Pagina niet gevonden");
  r = browser_->Get("/no/such/page?lng=en");
  EXPECT_EQ(H1(r.body), "Page not found");
  r = browser_->Send("POST", "/login", std::string(100 * 1024, 'a'),
                     {"Content-Type: application/x-www-form-urlencoded"});
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(H1(r.body), "Aanvraag te groot");
  HttpResponse login = browser_->Get("/login");
  r = browser_->PostForm("/login", {{"csrf", Csrf(login.body)}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(H1(r.body), "Ongeldige aanvraag");
  // A request line that is not HTTP at all.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(idp_->port()));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  const std::string junk = "GARBAGE\r\n\r\n";
  ASSERT_EQ(write(fd, junk.data(), junk.size()), static_cast<ssize_t>(junk.size()));
  char buf[64] = {};
  ASSERT_GT(read(fd, buf, sizeof buf - 1), 0);
  close(fd);
  EXPECT_EQ(std::string(buf).substr(0, 12), "HTTP/1.1 400");
  EXPECT_EQ(browser_->Get("/healthz").status, 200);  // still serving
}

}  // namespace
}  // namespace proofup::mockidp::testing
