// The rebuilt manual's document: phone drawings from the run's phone state,
// every fixed word in the manual's language, and the sample QR code.
#include <gtest/gtest.h>

#include <set>

#include "harness/manual/language_scan_test_util.h"
#include "harness/manual/manual.h"
#include "harness/qr/qr.h"

namespace proofup::manual {
namespace {

Manual TwoStepManual(const std::string& language) {
  Manual m;
  m.title = "Handleiding";
  m.language = language;
  ManualStep qr, push, sms;
  qr.number = 11;
  qr.actor = Actor::kPhone;
  qr.instruction = "Scan";
  qr.phone_labels = {"Account toevoegen"};
  push.number = 12;
  push.actor = Actor::kPhone;
  push.instruction = "Push";
  sms.number = 14;
  sms.instruction = "Sms";
  sms.screens = {"Telefoon"};
  m.steps = {qr, push, sms};
  return m;
}

std::vector<DocumentStep> PhoneSteps() {
  DocumentStep qr, push, sms;
  qr.phone.kind = PhoneScreen::Kind::kAccountAdded;
  qr.phone.work_account = true;
  qr.phone.accounts = {"Voorbeeld College: user01@voorbeeld.nl"};
  push.phone.kind = PhoneScreen::Kind::kNumberMatching;
  push.phone.account = "user01@voorbeeld.nl";
  push.phone.number = "47";
  push.phone.approved = true;
  sms.phone.kind = PhoneScreen::Kind::kSms;
  sms.phone.sms_text = "Uw verificatiecode is ••••••";
  sms.image = "step-14.png";
  return {qr, push, sms};
}

TEST(ManualDocument, PhoneStepsAreDrawnFromThePhonesState) {
  std::string html = ManualDocumentHtml(TwoStepManual("nl"), PhoneSteps());
  EXPECT_NE(html.find("<html lang=\"nl\">"), std::string::npos);
  EXPECT_NE(html.find("Account toevoegen"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"item chosen\">Werk- of schoolaccount</span>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("Voorbeeld College: user01@voorbeeld.nl"), std::string::npos);
  EXPECT_NE(html.find("Aanmelding goedkeuren?"), std::string::npos);
  EXPECT_NE(html.find("<div class=\"digits\">47</div>"), std::string::npos) << html;
  EXPECT_NE(html.find("<span class=\"tap chosen\">Ja</span>"), std::string::npos);
  EXPECT_NE(html.find("<div class=\"bubble\">Uw verificatiecode is ••••••</div>"),
            std::string::npos);
  EXPECT_NE(html.find("src=\"step-14.png\""), std::string::npos);

  std::string en = ManualDocumentHtml(TwoStepManual("en"), PhoneSteps());
  EXPECT_NE(en.find("<span class=\"item chosen\">Work or school account</span>"),
            std::string::npos);
  EXPECT_NE(en.find("Approve sign-in?"), std::string::npos);
  EXPECT_NE(en.find("<span class=\"tap chosen\">Yes</span>"), std::string::npos);
}

TEST(ManualDocument, WithoutStateAPhoneStepShowsTheLabelsToTap) {
  std::string html = ManualDocumentHtml(TwoStepManual("nl"), {});
  EXPECT_NE(html.find("<span class=\"tap\">Account toevoegen</span>"), std::string::npos);
  EXPECT_EQ(html.find("class=\"digits\""), std::string::npos);
  EXPECT_NE(html.find("geen afbeelding"), std::string::npos);  // step 14 has a screen but no shot
}

TEST(ManualDocument, NoWordOfTheOtherLanguage) {
  Manual nl = TwoStepManual("nl");
  EXPECT_EQ(testing::WordsOfOtherLanguage(ManualDocumentHtml(nl, PhoneSteps()), "nl"),
            std::vector<std::string>{});
  EXPECT_EQ(testing::WordsOfOtherLanguage(ManualDocumentHtml(nl, {}), "nl"),
            std::vector<std::string>{});
  Manual en = TwoStepManual("en");
  en.title = "Manual";
  for (auto& step : en.steps) step.phone_labels = {};
  std::vector<DocumentStep> english = PhoneSteps();
  english[2].phone.sms_text = "Your verification code is ••••••";
  EXPECT_EQ(testing::WordsOfOtherLanguage(ManualDocumentHtml(en, english), "en"),
            std::vector<std::string>{});
  // The scan finds what it is for.
  EXPECT_EQ(testing::WordsOfOtherLanguage("<p>Klik op Volgende</p>", "en"),
            (std::vector<std::string>{"klik", "op", "volgende"}));
  EXPECT_EQ(testing::WordsOfOtherLanguage("<p title=\"the step\">Stap</p>", "nl"),
            (std::vector<std::string>{"the", "step"}));
}

TEST(SampleQr, DecodesToTheSampleUriOnly) {
  std::string uri = SampleQrDataUri();
  ASSERT_EQ(uri.rfind("data:image/svg+xml;base64,", 0), 0u);
  auto codes = qr::DecodeDataUri(uri);
  ASSERT_TRUE(codes.ok()) << codes.status().ToString();
  ASSERT_EQ(codes->size(), 1u);
  EXPECT_EQ((*codes)[0].text, kSampleOtpauthUri);
}

}  // namespace
}  // namespace proofup::manual
