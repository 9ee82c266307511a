// The whole enrolment over real HTTP, in both languages and on both
// authenticator paths, the variant, the app-only user and security info.
#include <gtest/gtest.h>

#include "harness/otp/otp.h"
#include "harness/qr/qr.h"
#include "mock-idp/testing/flow_driver.h"

namespace proofup::mockidp::testing {
namespace {

struct Labels {
  std::string lang, signin, more_info, keep_secure, get_app, set_up, scan, try_out, phone, sms_ok;
  std::string next, approved, cant_scan, other_app, success, done, start, welcome, sms_text;
};

const Labels kDutch = {"nl",
                       "Aanmelden",
                       "Meer informatie vereist",
                       "Uw account veilig houden",
                       "Begin door de app op te halen",
                       "Uw account instellen",
                       "De QR-code scannen",
                       "Laten we het uitproberen",
                       "Telefoon",
                       "Sms geverifieerd",
                       "Volgende",
                       "Melding goedgekeurd",
                       "Kan de QR-afbeelding niet scannen?",
                       "Ik wil een andere verificatie-app gebruiken",
                       "Gelukt!",
                       "Gereed",
                       "Startpagina",
                       "Welkom, ",
                       "Uw verificatiecode is "};
const Labels kEnglish = {"en",
                         "Sign in",
                         "More information required",
                         "Keep your account secure",
                         "Start by getting the app",
                         "Set up your account",
                         "Scan the QR code",
                         "Let's try it out",
                         "Phone",
                         "SMS verified",
                         "Next",
                         "Notification approved",
                         "Can't scan the QR image?",
                         "I want to use a different authenticator app",
                         "Success!",
                         "Done",
                         "Start page",
                         "Welcome, ",
                         "Your verification code is "};

void ExpectScreen(const HttpResponse& page, const std::string& h1, const std::string& h2 = "") {
  EXPECT_EQ(page.status, 200) << page.url;
  EXPECT_EQ(H1(page.body), h1) << page.url;
  EXPECT_EQ(Title(page.body), h1 + " - Voorbeeld College") << page.url;
  if (!h2.empty()) {
    EXPECT_EQ(H2(page.body), h2) << page.url;
  }
}

// Walks the Authenticator path step by step, checking every screen's labels.
void WalkAuthenticator(MockIdp& idp, const Labels& l, const std::string& user,
                       const std::string& password, const std::string& display_name) {
  HttpClient browser(idp.url());
  VirtualPhone phone(idp.url(), "push-" + user);
  HttpResponse page = browser.Get("/");  // the portal's home sends a visitor to sign-in
  EXPECT_EQ(page.Path(), "/login");
  page = SignIn(browser, user, password);
  ExpectScreen(page, l.more_info);
  EXPECT_EQ(ButtonLabel(page.body, "next"), l.next);
  page = Submit(browser, page, "next");
  ExpectScreen(page, l.keep_secure, l.get_app);
  EXPECT_FALSE(LinkHref(page.body, l.other_app).empty());
  page = Submit(browser, page, "next");
  ExpectScreen(page, l.keep_secure, l.set_up);
  page = Submit(browser, page, "next");
  ExpectScreen(page, l.keep_secure, l.scan);
  auto codes = qr::DecodeDataUri(QrSrc(page.body));
  ASSERT_TRUE(codes.ok() && codes->size() == 1);
  auto uri = otp::ParsePhoneFactorUri((*codes)[0].text);
  ASSERT_TRUE(uri.ok()) << (*codes)[0].text;
  EXPECT_EQ(uri->code.size(), 9u);
  EXPECT_EQ(uri->url.rfind(idp.url() + "/activate/", 0), 0u) << uri->url;
  // "Can't scan" shows the same code and URL as text.
  HttpResponse manual = browser.Get(LinkHref(page.body, l.cant_scan));
  const std::string text = VisibleText(manual.body);
  EXPECT_NE(text.find("Code: " + uri->code), std::string::npos);
  EXPECT_NE(text.find("URL: " + uri->url), std::string::npos);
  ASSERT_EQ(phone.Activate((*codes)[0].text), "");
  page = Submit(browser, page, "next");
  ExpectScreen(page, l.keep_secure, l.try_out);
  const std::string number = MatchNumber(page.body);
  ASSERT_EQ(number.size(), 2u);
  EXPECT_NE(page.body.find("<meta http-equiv=\"refresh\" content=\"1\">"), std::string::npos);
  auto pushes = phone.Pushes();
  ASSERT_EQ(pushes.size(), 1u);
  EXPECT_EQ(pushes[0]["account"], user);
  EXPECT_EQ(phone.Answer(pushes[0]["id"], number, true).Json()["result"], "approved");
  page = browser.Get(page.Path());
  EXPECT_EQ(StatusText(page.body), l.approved);
  EXPECT_EQ(page.body.find("http-equiv=\"refresh\""), std::string::npos);
  page = Submit(browser, page, "next");
  ExpectScreen(page, l.keep_secure, l.phone);
  EXPECT_NE(page.body.find(">Nederland (+31)</option>"), std::string::npos);
  page = Submit(browser, page, "next",
                {{"country", "NL"}, {"phone", "06-12345678"}, {"method", "sms"}});
  ExpectScreen(page, l.keep_secure, l.phone);
  auto sms = phone.Sms("+31612345678");
  ASSERT_EQ(sms.size(), 1u);
  EXPECT_EQ(sms[0].rfind(l.sms_text, 0), 0u) << sms[0];
  page = Submit(browser, page, "next", {{"code", phone.LatestSmsCode("+31612345678")}});
  ExpectScreen(page, l.keep_secure, l.sms_ok);
  page = Submit(browser, page, "next");
  ExpectScreen(page, l.success);
  EXPECT_NE(page.body.find("+31 612345678"), std::string::npos);
  EXPECT_NE(page.body.find("Microsoft Authenticator: Pixel 8"), std::string::npos);
  EXPECT_EQ(ButtonLabel(page.body, "done"), l.done);
  page = Submit(browser, page, "done");
  ExpectScreen(page, l.start);
  EXPECT_NE(VisibleText(page.body).find(l.welcome + display_name), std::string::npos);
  HttpClient admin(idp.url());
  EXPECT_EQ(Control(admin, "GET", "/__control/user?name=" + user).Json()["state"], "enrolled");
}

TEST(Enrollment, AuthenticatorPathInDutch) {
  auto idp = StartServer();
  ASSERT_TRUE(idp);
  WalkAuthenticator(*idp, kDutch, "anna@voorbeeld.nl", "Test-Anna-2024!", "Anna de Vries");
}

TEST(Enrollment, AuthenticatorPathInEnglishFromTheUsersLanguage) {
  auto idp = StartServer();
  ASSERT_TRUE(idp);
  WalkAuthenticator(*idp, kEnglish, "john@voorbeeld.nl", "Test-John-2024!", "John Smith");
}

void WalkOtherApp(MockIdp& idp, const Labels& l, const std::string& user,
                  const std::string& password, const std::string& error_text) {
  HttpClient browser(idp.url());
  VirtualPhone phone(idp.url(), "unused");
  HttpResponse page = SignIn(browser, user, password);
  page = Submit(browser, page, "next");
  page = browser.Get(LinkHref(page.body, l.other_app));
  ExpectScreen(page, l.keep_secure, l.set_up);
  page = Submit(browser, page, "next");
  ExpectScreen(page, l.keep_secure, l.scan);
  auto codes = qr::DecodeDataUri(QrSrc(page.body));
  ASSERT_TRUE(codes.ok() && codes->size() == 1);
  auto uri = otp::ParseOtpAuthUri((*codes)[0].text);
  ASSERT_TRUE(uri.ok()) << (*codes)[0].text;
  EXPECT_EQ(uri->issuer, "Voorbeeld College");
  EXPECT_EQ(uri->account, user);
  EXPECT_EQ(uri->params.digits, 6);
  EXPECT_EQ(uri->params.period_seconds, 30);
  HttpResponse manual = browser.Get(LinkHref(page.body, l.cant_scan));
  EXPECT_NE(VisibleText(manual.body).find(otp::Base32Encode(uri->params.key)), std::string::npos);
  page = Submit(browser, page, "next");
  ExpectScreen(page, l.keep_secure);
  HttpClient admin(idp.url());
  const int64_t now = Control(admin, "GET", "/__control/clock").Json()["now"];
  const std::string good = *otp::Totp(uri->params, now);
  const std::string bad = good == "000000" ? "111111" : "000000";
  page = Submit(browser, page, "next", {{"code", bad}});
  EXPECT_EQ(ErrorText(page.body), error_text);
  page = Submit(browser, page, "next", {{"code", good}});
  ExpectScreen(page, l.keep_secure, l.phone);
  page = Submit(browser, page, "next", {{"country", "GB"}, {"phone", "07700 900456"}});
  page = Submit(browser, page, "next", {{"code", phone.LatestSmsCode("+447700900456")}});
  page = Submit(browser, page, "next");
  ExpectScreen(page, l.success);
  page = Submit(browser, page, "done");
  ExpectScreen(page, l.start);
  auto state = Control(admin, "GET", "/__control/user?name=" + user).Json();
  EXPECT_EQ(state["state"], "enrolled");
  EXPECT_EQ(state["devices"][0]["method"], "totp");
}

TEST(Enrollment, OtherAppTotpPathInDutch) {
  auto idp = StartServer();
  ASSERT_TRUE(idp);
  WalkOtherApp(*idp, kDutch, "bram@voorbeeld.nl", "Test-Bram-2024!",
               "Ongeldige code. Probeer het opnieuw.");
}

TEST(Enrollment, OtherAppTotpPathInEnglish) {
  auto idp = StartServer();
  ASSERT_TRUE(idp);
  WalkOtherApp(*idp, kEnglish, "grace@voorbeeld.nl", "Test-Grace-2024!",
               "Invalid code. Please try again.");
}

TEST(Enrollment, LanguageFromQueryThenUserThenAcceptLanguage) {
  auto idp = StartServer();
  ASSERT_TRUE(idp);
  HttpClient a(idp->url());
  EXPECT_EQ(H1(a.Get("/login").body), "Aanmelden");  // default nl
  HttpClient b(idp->url());
  EXPECT_EQ(H1(b.Get("/login", true, {"Accept-Language: en-GB,en;q=0.9,nl;q=0.5"}).body),
            "Sign in");
  HttpClient c(idp->url());
  EXPECT_EQ(H1(c.Get("/login", true, {"Accept-Language: de, nl;q=0.8, en;q=0.7"}).body),
            "Aanmelden");
  // After sign-in the user's own language counts; ?lng= beats it and sticks.
  HttpClient d(idp->url());
  EXPECT_EQ(H1(SignIn(d, "john@voorbeeld.nl", "Test-John-2024!").body),
            "More information required");
  EXPECT_EQ(H1(d.Get("/mfa/more-info?lng=nl").body), "Meer informatie vereist");
  EXPECT_EQ(H1(d.Get("/mfa/more-info").body), "Meer informatie vereist");
  HttpClient e(idp->url());
  e.Get("/login?lng=en");
  EXPECT_EQ(H1(SignIn(e, "anna@voorbeeld.nl", "Test-Anna-2024!").body),
            "More information required");
  // --lang sets the default.
  MockIdpOptions o = TestOptions();
  o.language = "en";
  auto english = StartServer(o);
  ASSERT_TRUE(english);
  HttpClient f(english->url());
  EXPECT_EQ(H1(f.Get("/login").body), "Sign in");
}

TEST(Enrollment, PortalUpdateVariantReordersAndRenames) {
  MockIdpOptions o = TestOptions();
  o.variant = "portal-update";
  auto idp = StartServer(o);
  ASSERT_TRUE(idp);
  HttpClient browser(idp->url());
  VirtualPhone phone(idp->url(), "push-variant");
  HttpResponse page = SignIn(browser, "emma@voorbeeld.nl", "Test-Emma-2024!");
  ExpectScreen(page, "Meer informatie vereist");
  EXPECT_EQ(ButtonLabel(page.body, "next"), "Volgende");
  page = Submit(browser, page, "next");
  ExpectScreen(page, "Uw account veilig houden", "Telefoon");  // phone first now
  page = Submit(browser, page, "next", {{"country", "NL"}, {"phone", "0687654321"}});
  page = Submit(browser, page, "next", {{"code", phone.LatestSmsCode("+31687654321")}});
  ExpectScreen(page, "Uw account veilig houden", "Sms geverifieerd");
  EXPECT_EQ(ButtonLabel(page.body, "next"), "Volgende");
  page = Submit(browser, page, "next");
  ExpectScreen(page, "Uw account veilig houden", "Begin door de app op te halen");
  EXPECT_EQ(ButtonLabel(page.body, "next"), "Doorgaan");
  page = Submit(browser, page, "next");
  ExpectScreen(page, "Uw account veilig houden", "Uw account instellen");
  EXPECT_EQ(ButtonLabel(page.body, "next"), "Doorgaan");
  page = Submit(browser, page, "next");
  EXPECT_EQ(ButtonLabel(page.body, "next"), "Volgende");  // the QR screen keeps it
  auto codes = qr::DecodeDataUri(QrSrc(page.body));
  ASSERT_TRUE(codes.ok() && codes->size() == 1);
  ASSERT_EQ(phone.Activate((*codes)[0].text), "");
  page = Submit(browser, page, "next");
  auto pushes = phone.Pushes();
  ASSERT_EQ(pushes.size(), 1u);
  phone.Answer(pushes[0]["id"], MatchNumber(page.body), true);
  page = browser.Get("/mfa/try");
  EXPECT_EQ(StatusText(page.body), "Aanvraag goedgekeurd");
  page = Submit(browser, page, "next");
  ExpectScreen(page, "Gelukt!");
}

TEST(Enrollment, AppOnlyUserApprovesThenRegistersPhone) {
  auto idp = StartServer();
  ASSERT_TRUE(idp);
  HttpClient browser(idp->url());
  VirtualPhone phone(idp->url(), "fixture-push-fleur");
  HttpResponse page = SignIn(browser, "fleur@voorbeeld.nl", "Test-Fleur-2024!");
  ExpectScreen(page, "Aanmeldingsaanvraag goedkeuren");
  auto pushes = phone.Pushes();
  ASSERT_EQ(pushes.size(), 1u);
  phone.Answer(pushes[0]["id"], MatchNumber(page.body), true);
  page = browser.Get("/challenge/push");
  ExpectScreen(page, "Meer informatie vereist");
  page = Submit(browser, page, "next");
  ExpectScreen(page, "Uw account veilig houden", "Telefoon");
  page = Submit(browser, page, "next", {{"country", "BE"}, {"phone", "0470 11 22 33"}});
  page = Submit(browser, page, "next", {{"code", phone.LatestSmsCode("+32470112233")}});
  page = Submit(browser, page, "next");
  ExpectScreen(page, "Gelukt!");
  EXPECT_NE(page.body.find("iPhone 15"), std::string::npos);  // the fixture's app
}

TEST(Enrollment, SecurityInfoShowsMethodsAndAddsAppsUpToFive) {
  auto idp = StartServer();
  ASSERT_TRUE(idp);
  HttpClient browser(idp->url());
  VirtualPhone kees(idp->url(), "fixture-push-kees");
  HttpResponse page = browser.Get("/security-info");
  EXPECT_EQ(page.Path(), "/login");
  page = SignIn(browser, "kees@voorbeeld.nl", "Test-Kees-2024!");
  auto pushes = kees.Pushes();
  ASSERT_EQ(pushes.size(), 1u);
  kees.Answer(pushes[0]["id"], MatchNumber(page.body), true);
  page = browser.Get("/challenge/push");
  ExpectScreen(page, "Beveiligingsgegevens");  // back where the visitor wanted to go
  EXPECT_NE(page.body.find("Microsoft Authenticator: Pixel 8"), std::string::npos);
  EXPECT_NE(page.body.find("Telefoon: +31 612340001"), std::string::npos);
  for (int i = 2; i <= 5; ++i) {
    VirtualPhone extra(idp->url(), "extra-" + std::to_string(i));
    page = browser.Get(LinkHref(page.body, "Aanmeldingsmethode toevoegen"));
    ExpectScreen(page, "Uw account veilig houden", "Uw account instellen");
    page = Submit(browser, page, "next");
    auto codes = qr::DecodeDataUri(QrSrc(page.body));
    ASSERT_TRUE(codes.ok() && codes->size() == 1);
    ASSERT_EQ(extra.Activate((*codes)[0].text), "");
    page = Submit(browser, page, "next");
    auto p = extra.Pushes();
    ASSERT_EQ(p.size(), 1u);
    extra.Answer(p[0]["id"], MatchNumber(page.body), true);
    page = Submit(browser, browser.Get("/mfa/try"), "next");
    ExpectScreen(page, "Beveiligingsgegevens");
  }
  HttpClient admin(idp->url());
  EXPECT_EQ(
      Control(admin, "GET", "/__control/user?name=kees@voorbeeld.nl").Json()["devices"].size(), 5u);
  page = browser.Get(LinkHref(page.body, "Aanmeldingsmethode toevoegen"));
  ExpectScreen(page, "Beveiligingsgegevens");
  EXPECT_EQ(ErrorText(page.body),
            "U hebt al het maximale aantal van 5 authenticator-apps geregistreerd.");
}

}  // namespace
}  // namespace proofup::mockidp::testing
