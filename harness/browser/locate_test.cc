// Finding things the way a person names them, on markup real portals write:
// Django's forms (labels with a trailing colon, RadioSelect's labels),
// Unicode text in any case or normal form.
#include "harness/browser/locate.h"

#include <gtest/gtest.h>

namespace proofup::browser {
namespace {

// As Django 4 renders a form with {{ form.as_p }} and a RadioSelect.
const char* kDjangoForm = R"(<form method="post">
  <p><label for="id_username">Username:</label>
     <input type="text" name="username" id="id_username"></p>
  <p><label for="id_otp_token">OTP Token :</label>
     <input type="text" name="otp_token" id="id_otp_token"></p>
  <p><label for="id_method_0">Method:</label>
     <div id="id_method">
       <div><label for="id_method_0"><input type="radio" name="method" value="totp"
            id="id_method_0">Authenticator-app</label></div>
       <div><label for="id_method_1"><input type="radio" name="method" value="sms"
            id="id_method_1">Sms</label></div></div></p>
  <p><label><input type="checkbox" name="remember"> Onthouden</label></p>
  <button type="submit">Verifi&#235;ren</button></form>)";

std::string NameOf(const StatusOr<Field*>& f) {
  return f.ok() ? (*f)->name + "=" + (*f)->value : f.status().message();
}

TEST(FindField, LabelsMatchIgnoringATrailingColonAndSpacing) {
  Page page = ParsePage(kDjangoForm, "http://h/login");
  EXPECT_EQ(NameOf(FindField(page, "Username", IsTextLike, "field")), "username=");
  EXPECT_EQ(NameOf(FindField(page, "username:", IsTextLike, "field")), "username=");
  EXPECT_EQ(NameOf(FindField(page, "OTP  token", IsTextLike, "field")), "otp_token=");
  EXPECT_FALSE(FindField(page, "User", IsTextLike, "field").ok());
}

TEST(FindField, ARadioButtonIsFoundByItsOwnWrappingLabelFirst) {
  Page page = ParsePage(kDjangoForm, "http://h/login");
  // id_method_0 has two labels: the group's "Method:" (first in the
  // document) and its own. Both of its own names find it.
  EXPECT_EQ(NameOf(FindField(page, "Authenticator-app", IsRadio, "radio button")), "method=totp");
  EXPECT_EQ(NameOf(FindField(page, "authenticator-APP", IsRadio, "radio button")), "method=totp");
  EXPECT_EQ(NameOf(FindField(page, "Sms", IsRadio, "radio button")), "method=sms");
  EXPECT_EQ(NameOf(FindField(page, "Onthouden", IsCheckbox, "checkbox")), "remember=on");
  // Described by its own label in lists of candidates.
  StatusOr<Field*> none = FindField(page, "Post", IsRadio, "radio button");
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("\"Authenticator-app\" (radio, name=method)"),
            std::string::npos)
      << none.status().message();
}

TEST(FindField, OwnLabelBeatsAnotherControlsLabelFor) {
  // The group label points at the second button; its text names the first's own label.
  Page page = ParsePage(R"(<label for="b">Mobiel</label>
      <label><input type="radio" name="m" value="a">Mobiel</label>
      <label><input type="radio" name="m" value="b" id="b">Vast</label>)",
                        "http://h/");
  EXPECT_EQ(NameOf(FindField(page, "Mobiel", IsRadio, "radio button")), "m=a");
}

TEST(TextMatches, UnicodeCaseAndNormalForms) {
  const std::string nfd = "Verifie\xCC\x88ren";
  EXPECT_TRUE(TextMatches("Verifi\xC3\xABren", "VERIFI\xC3\x8BREN", true));
  EXPECT_TRUE(TextMatches("Verifi\xC3\xABren", nfd, true));
  EXPECT_TRUE(
      TextMatches("Is de app ge\xC3\xAFnstalleerd?", "is de app GE\xC3\x8FNSTALLEERD?", true));
  EXPECT_FALSE(TextMatches("Verifi\xC3\xABren", nfd, false));  // exact is exact
  EXPECT_FALSE(TextMatches("Verifieren", nfd, true));
}

TEST(FindClickable, ButtonByUnicodeTextInAnyCaseOrForm) {
  Page page = ParsePage(kDjangoForm, "http://h/login");
  for (const char* query : {"Verifi\xC3\xABren", "VERIFI\xC3\x8BREN", "verifie\xCC\x88ren"}) {
    StatusOr<Clickable> c = FindClickable(page, query);
    ASSERT_TRUE(c.ok()) << query << ": " << c.status().message();
    EXPECT_EQ(c->text(), "Verifi\xC3\xABren");
  }
}

}  // namespace
}  // namespace proofup::browser

namespace proofup::browser {
namespace {

TEST(ErrorTexts, TheUsualMarkersOnce) {
  Page page = ParsePage(R"html(
    <p class="errornote">Please correct the error below.</p>
    <ul class="errorlist nonfield"><li>Invalid token. Please make sure you have entered it correctly.</li></ul>
    <div role="alert"><ul class="errorlist"><li>Nested once</li></ul></div>
    <input class="form-control is-invalid" aria-invalid="true" aria-describedby="tok-help tok-err" name="t">
    <small id="tok-help">Six digits</small><div id="tok-err" class="invalid-feedback">Wrong code</div>
    <label for="u">Username:</label><input id="u" aria-invalid=TRUE name="u">
    <span class="error-icon">not a marker</span><div class="error" hidden>hidden</div>
    <div class="error">Invalid token. Please make sure you have entered it correctly.</div>)html",
                        "http://h/");
  const std::vector<std::string> expected = {
      "Please correct the error below.",
      "Invalid token. Please make sure you have entered it correctly.",
      "Nested once",
      "Wrong code",
      "Six digits",
      "\"Username:\" is marked invalid"};
  EXPECT_EQ(ErrorTexts(page), expected);
  EXPECT_TRUE(ErrorTexts(ParsePage("<p>Alles goed</p>", "http://h/")).empty());
}

}  // namespace
}  // namespace proofup::browser
