#include "harness/runner/nearest_target.h"

#include <gtest/gtest.h>

namespace proofup::runner {
namespace {

// The phone screen of mock-idp's "renamed-fields" variant, and its old labels.
const char kRenamedPhoneScreen[] = R"(<h1>Uw account veilig houden</h1><h2>Telefoon</h2>
<form method="post" action="/mfa/phone">
<input type="hidden" name="csrf" value="t">
<label for="country">Land</label>
<select id="country" name="country"><option value="NL">+31 Nederland</option>
<option value="BE">+32 België</option><option value="DE" disabled>+49 Deutschland</option></select>
<label for="phone">Mobiel nummer</label><input id="phone" name="phone" type="tel">
<label for="note">Opmerking</label><input id="note" name="note" readonly>
<p><input type="radio" id="m-sms" name="method" value="sms" checked><label for="m-sms">Code per sms ontvangen</label></p>
<p><input type="radio" id="m-call" name="method" value="call"><label for="m-call">Gebeld worden</label></p>
<label><input type="checkbox" name="remember"> Dit apparaat onthouden</label>
<button type="submit" name="action" value="next">Doorgaan</button>
</form><a href="/help">Hulp bij de telefoon</a><a href="/lng">English</a>)";

std::optional<NearestTarget> Nearest(TargetKind kind, std::string_view label,
                                     const std::vector<std::string>& taken = {}) {
  return FindNearestTarget(browser::ParsePage(kRenamedPhoneScreen, "http://idp/mfa/phone"), kind,
                           label, taken);
}

TEST(NearestTargetTest, ARenamedFieldListRadioOrCheckboxIsReplacedByOneOfItsKind) {
  auto field = Nearest(TargetKind::kTextField, "Telefoonnummer");
  ASSERT_TRUE(field);
  EXPECT_EQ(field->text, "Mobiel nummer");  // the read-only field is no candidate
  EXPECT_EQ(field->role, "field");
  auto list = Nearest(TargetKind::kList, "Land of regio");
  ASSERT_TRUE(list);
  EXPECT_EQ(list->text, "Land");
  EXPECT_EQ(list->role, "list");
  auto radio = Nearest(TargetKind::kRadio, "Sms ontvangen");
  ASSERT_TRUE(radio);
  EXPECT_EQ(radio->text, "Code per sms ontvangen");
  EXPECT_EQ(radio->role, "radio button");
  auto box = Nearest(TargetKind::kCheckbox, "Apparaat onthouden");
  ASSERT_TRUE(box);
  EXPECT_EQ(box->text, "Dit apparaat onthouden");
}

TEST(NearestTargetTest, AButtonWinsUnlessALinkSharesAWord) {
  auto button = Nearest(TargetKind::kClickable, "Volgende");
  ASSERT_TRUE(button);
  EXPECT_EQ(button->text, "Doorgaan");
  EXPECT_EQ(button->role, "button");
  auto link = Nearest(TargetKind::kClickable, "Hulp");
  ASSERT_TRUE(link);
  EXPECT_EQ(link->text, "Hulp bij de telefoon");
  EXPECT_EQ(link->role, "link");
}

TEST(NearestTargetTest, FieldsTheStepNamesOtherwiseAreNoCandidates) {
  EXPECT_FALSE(Nearest(TargetKind::kTextField, "Telefoonnummer", {"Mobiel nummer"}))
      << "the step's other field is the only one left";
  EXPECT_FALSE(Nearest(TargetKind::kTextField, "Telefoonnummer", {"phone"})) << "named by its name";
}

TEST(NearestTargetTest, NothingOfTheKindOnTheScreenIsNothingPlausible) {
  browser::Page page = browser::ParsePage("<h1>Gelukt!</h1><p>Klaar.</p>", "http://idp/");
  EXPECT_FALSE(FindNearestTarget(page, TargetKind::kTextField, "Code"));
  EXPECT_FALSE(FindNearestTarget(page, TargetKind::kClickable, "Gereed"));
  EXPECT_FALSE(FindNearestTarget(page, TargetKind::kList, "Land"));
}

TEST(NearestTargetTest, OptionsListsAndOnScreen) {
  browser::Page page = browser::ParsePage(kRenamedPhoneScreen, "http://idp/mfa/phone");
  const browser::Field* list = NamedList(page, "land:");  // folded, trailing colon ignored
  ASSERT_NE(list, nullptr);
  EXPECT_EQ(NamedList(page, "Land of regio"), nullptr);
  EXPECT_EQ(NamedList(page, "country")->id, "country");
  auto option = FindNearestOption(*list, "Nederland (+31)");
  ASSERT_TRUE(option);
  EXPECT_EQ(option->text, "+31 Nederland");
  EXPECT_EQ(option->role, "option");
  EXPECT_NE(FindNearestOption(*list, "Deutschland (+49)")->text, "+49 Deutschland")
      << "a disabled option cannot be selected";

  EXPECT_TRUE(OnScreen(page, TargetKind::kClickable, "doorgaan"));
  EXPECT_FALSE(OnScreen(page, TargetKind::kClickable, "Volgende"));
  EXPECT_TRUE(OnScreen(page, TargetKind::kTextField, "Mobiel nummer"));
  EXPECT_FALSE(OnScreen(page, TargetKind::kTextField, "Opmerking")) << "read-only";
  EXPECT_FALSE(OnScreen(page, TargetKind::kTextField, "Land")) << "a list, not a text field";
  EXPECT_TRUE(OnScreen(page, TargetKind::kRadio, "Gebeld worden"));
  EXPECT_EQ(ShownName(page.fields[0]), "csrf");
}

}  // namespace
}  // namespace proofup::runner
