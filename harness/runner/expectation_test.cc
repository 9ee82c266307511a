#include "harness/runner/expectation.h"

#include <gtest/gtest.h>

namespace proofup::runner {
namespace {

browser::Page SignInWithError() {
  return browser::ParsePage(
      "<html><head><title>Aanmelden - Voorbeeld College</title></head><body>"
      "<h1>Aanmelden</h1><div class=error role=alert>Uw account of wachtwoord is onjuist.</div>"
      "<form method=post><label for=u>Gebruikersnaam</label><input id=u name=username>"
      "<button type=submit>Aanmelden</button></form></body></html>",
      "http://127.0.0.1:1/login");
}

browser::Page PhoneScreen() {
  return browser::ParsePage(
      "<title>Uw account veilig houden - Voorbeeld College</title>"
      "<h1>Uw account  veilig houden</h1><h2>Telefoon</h2><p>Kies Nederland.</p>"
      "<img alt='QR-code' src='data:image/png;base64,AAAA'>",
      "http://127.0.0.1:1/mfa/phone");
}

TEST(ExpectationTest, ScreenMismatchNamesBothScreensAndThePageError) {
  scenario::ScreenExpectation e;
  e.screen = "Meer informatie vereist";
  EXPECT_EQ(CheckScreen(e, SignInWithError()),
            "expected screen \"Meer informatie vereist\", got \"Aanmelden\" — error on page: "
            "\"Uw account of wachtwoord is onjuist.\"");
}

TEST(ExpectationTest, ScreenMatchesHeadingOrSubheadingWithSpacesFolded) {
  scenario::ScreenExpectation e;
  e.screen = "Uw account veilig houden";
  EXPECT_EQ(CheckScreen(e, PhoneScreen()), "");
  e.screen = "Telefoon";
  EXPECT_EQ(CheckScreen(e, PhoneScreen()), "");
  EXPECT_EQ(ScreenName(PhoneScreen()), "Uw account veilig houden / Telefoon");
}

// Portals like Microsoft's have no <h1>/<h2>: role="heading" names the
// screen, and without any heading the title does, which the message says.
TEST(ExpectationTest, RoleHeadingThenTitleNameTheScreen) {
  browser::Page aria = browser::ParsePage(
      "<title>Sign in</title><div role=heading aria-level=1>Meer informatie vereist</div>"
      "<span role=button>Volgende</span>",
      "http://127.0.0.1:1/");
  scenario::ScreenExpectation e;
  e.screen = "Meer informatie vereist";
  EXPECT_EQ(CheckScreen(e, aria), "");
  EXPECT_EQ(ScreenName(aria), "Meer informatie vereist");
  EXPECT_TRUE(IsOnPage(aria, "Volgende"));
  browser::Page bare =
      browser::ParsePage("<title>Aanmelden</title><p>x</p>", "http://127.0.0.1:1/");
  EXPECT_EQ(ScreenName(bare), "Aanmelden");
  e.screen = "Aanmelden";
  EXPECT_EQ(CheckScreen(e, bare), "");
  e.screen = "Telefoon";
  EXPECT_EQ(CheckScreen(e, bare),
            "expected screen \"Telefoon\", no heading on this page; its title is \"Aanmelden\"");
}

TEST(ExpectationTest, EachPartIsChecked) {
  scenario::ScreenExpectation e;
  e.title = "Telefoon";
  EXPECT_EQ(CheckScreen(e, PhoneScreen()),
            "expected title \"Telefoon\", got \"Uw account veilig houden - Voorbeeld College\"");
  e = {};
  e.text_contains = {"Kies België"};
  EXPECT_EQ(CheckScreen(e, PhoneScreen()),
            "expected text \"Kies België\" on screen \"Uw account veilig houden / Telefoon\", "
            "not found");
  e = {};
  e.text_matches = {"Kies \\w+\\."};
  EXPECT_EQ(CheckScreen(e, PhoneScreen()), "");
  e = {};
  e.present = {scenario::Locator{"QR-code", ""}};
  EXPECT_EQ(CheckScreen(e, PhoneScreen()), "");
  e.absent = {scenario::Locator{"", "img"}};
  EXPECT_EQ(CheckScreen(e, PhoneScreen()),
            "expected no element \"img\" on screen \"Uw account veilig houden / Telefoon\", but it "
            "is there");
  e = {};
  e.error = "wachtwoord is onjuist";
  EXPECT_EQ(CheckScreen(e, SignInWithError()), "");
  EXPECT_EQ(CheckScreen(e, PhoneScreen()),
            "expected error \"wachtwoord is onjuist\" on screen \"Uw account veilig houden / "
            "Telefoon\", no error shown");
}

TEST(ExpectationTest, ErrorSeesFrameworkMarkersInAnyCaseOrNormalForm) {
  // Django's login form with django-otp: an errornote and a non-field errorlist.
  browser::Page page = browser::ParsePage(
      "<h1>Log in</h1><p class=errornote>Please correct the error below.</p>"
      "<ul class='errorlist nonfield'><li>Invalid token. Please make sure you have entered it "
      "correctly.</li></ul><input name=otp_token aria-invalid=true aria-describedby=h>"
      "<div id=h class=help>Code niet geverifi\xC3\xAB"
      "erd</div>",
      "http://127.0.0.1/admin/login/");
  scenario::ScreenExpectation e;
  for (const char* error :
       {"Invalid token", "invalid TOKEN. please make sure", "Please correct the error below.",
        "code niet GEVERIFIE\xCC\x88"
        "ERD"}) {
    e.error = error;
    EXPECT_EQ(CheckScreen(e, page), "") << error;
  }
  e.error = "Wrong password";
  EXPECT_NE(CheckScreen(e, page).find("got \"Please correct the error below. | Invalid token."),
            std::string::npos)
      << CheckScreen(e, page);
}

TEST(ExpectationTest, MissingErrorNamesTheResultTheScreenShowsInstead) {
  browser::Page approved = browser::ParsePage(
      "<title>Uw account veilig houden - Voorbeeld College</title>"
      "<h1>Uw account veilig houden</h1><h2>Laten we het uitproberen</h2>"
      "<p class=result role=status>Melding  goedgekeurd</p>",
      "http://127.0.0.1:1/mfa/try");
  scenario::ScreenExpectation e;
  e.error = "Het nummer komt niet overeen";
  EXPECT_EQ(CheckScreen(e, approved),
            "expected error \"Het nummer komt niet overeen\" on screen \"Uw account veilig "
            "houden / Laten we het uitproberen\", no error shown (the screen says \"Melding "
            "goedgekeurd\")");
}

TEST(ExpectationTest, IsOnPageFindsButtonsFieldsAndImages) {
  EXPECT_TRUE(IsOnPage(SignInWithError(), "Gebruikersnaam"));
  EXPECT_TRUE(IsOnPage(SignInWithError(), "aanmelden") == false);  // case matters for labels
  EXPECT_TRUE(IsOnPage(SignInWithError(), "Aanmelden"));
  EXPECT_TRUE(IsOnPage(PhoneScreen(), "QR-code"));
  EXPECT_FALSE(IsOnPage(PhoneScreen(), "Volgende"));
}

TEST(ExpectationTest, InterpolationFillsEveryString) {
  scenario::ScreenExpectation e;
  e.text_contains = {"Welkom, ${name}"};
  e.screen = "${screen}";
  auto out = InterpolateExpectation(e, [](std::string_view n) -> std::optional<std::string> {
    if (n == "name") return "Anna";
    if (n == "screen") return "Startpagina";
    return std::nullopt;
  });
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->text_contains[0], "Welkom, Anna");
  EXPECT_EQ(out->screen, "Startpagina");
  e.title = "${missing}";
  EXPECT_FALSE(InterpolateExpectation(e, [](std::string_view) { return std::nullopt; }).ok());
}

}  // namespace
}  // namespace proofup::runner
