#include "mock-idp/catalog.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "mock-idp/flow.h"

namespace proofup::mockidp {
namespace {

const std::string kDir = std::string(PROOFUP_SOURCE_DIR) + "/mock-idp/catalogs";

TEST(Catalogs, DutchHasTheManualsLabels) {
  auto c = Catalogs::Load(kDir, "");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->Text("nl", "more_info", "heading"), "Meer informatie vereist");
  EXPECT_EQ(c->Text("nl", "app_intro", "heading"), "Uw account veilig houden");
  EXPECT_EQ(c->Text("nl", "app_intro", "next"), "Volgende");  // from common
  EXPECT_EQ(c->Text("nl", "tryout", "approved"), "Melding goedgekeurd");
  EXPECT_EQ(c->Text("nl", "success", "done"), "Gereed");
  EXPECT_EQ(c->Text("en", "more_info", "heading"), "More information required");
  EXPECT_TRUE(c->flow_override().empty());
}

TEST(Catalogs, EveryScreenHasTheSameKeysInBothLanguages) {
  auto c = Catalogs::Load(kDir, "");
  ASSERT_TRUE(c.ok());
  for (const char* screen : {"signin", "qr", "phone", "sms", "challenge_code", "error_404"}) {
    const TextMap& nl = c->Screen("nl", screen);
    const TextMap& en = c->Screen("en", screen);
    ASSERT_FALSE(nl.empty()) << screen;
    ASSERT_EQ(nl.size(), en.size()) << screen;
    for (const auto& [k, v] : nl) EXPECT_TRUE(en.count(k)) << screen << "." << k;
  }
}

TEST(Catalogs, PortalUpdateVariantChangesExactlyWhatItSays) {
  auto base = Catalogs::Load(kDir, "");
  auto variant = Catalogs::Load(kDir, "portal-update");
  ASSERT_TRUE(variant.ok()) << variant.status().ToString();
  EXPECT_EQ(variant->Text("nl", "app_intro", "next"), "Doorgaan");
  EXPECT_EQ(variant->Text("nl", "app_setup", "next"), "Doorgaan");
  EXPECT_EQ(variant->Text("nl", "qr", "next"), "Volgende");
  EXPECT_EQ(variant->Text("nl", "tryout", "approved"), "Aanvraag goedgekeurd");
  EXPECT_EQ(variant->Text("en", "tryout", "approved"), "Request approved");
  // Everything else is as in the base catalog.
  int differences = 0;
  for (const char* lang : {"nl", "en"}) {
    for (const char* screen : {"signin", "more_info", "app_intro", "app_setup", "qr", "tryout",
                               "phone", "sms", "sms_verified", "success", "start"}) {
      for (const auto& [k, v] : base->Screen(lang, screen)) {
        if (variant->Text(lang, screen, k) != v) ++differences;
      }
    }
  }
  EXPECT_EQ(differences, 6);
  auto order = ParseWizardOrder(variant->flow_override());
  ASSERT_TRUE(order.ok());
  EXPECT_EQ((*order)[1], Step::kPhone);
}

TEST(Catalogs, RenamedFieldsVariantRenamesOnlyFieldsAndOptions) {
  auto base = Catalogs::Load(kDir, "");
  auto variant = Catalogs::Load(kDir, "renamed-fields");
  ASSERT_TRUE(variant.ok()) << variant.status().ToString();
  EXPECT_EQ(base->Text("nl", "phone", "country_option"), "{name} (+{code})");
  EXPECT_EQ(variant->Text("nl", "phone", "country_option"), "+{code} {name}");
  EXPECT_EQ(variant->Text("nl", "signin", "username"), "E-mailadres");
  EXPECT_EQ(variant->Text("en", "phone", "number_label"), "Mobile number");
  int differences = 0;
  for (const char* lang : {"nl", "en"}) {
    for (const char* screen : {"signin", "more_info", "app_intro", "app_setup", "qr", "tryout",
                               "phone", "sms", "sms_verified", "success", "start"}) {
      for (const auto& [k, v] : base->Screen(lang, screen)) {
        if (variant->Text(lang, screen, k) != v) ++differences;
      }
    }
  }
  EXPECT_EQ(differences, 10);  // five texts in each language
  EXPECT_TRUE(variant->flow_override().empty());
}

TEST(Catalogs, ErrorsNameTheProblem) {
  EXPECT_EQ(Catalogs::Load("/nonexistent", "").status().kind(), Status::Kind::kIoError);
  EXPECT_EQ(Catalogs::Load(kDir, "no-such-variant").status().kind(), Status::Kind::kIoError);
  const auto dir =
      std::filesystem::temp_directory_path() / ("catalog_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "nl.yaml") << "screens:\n  signin:\n    heading: Aanmelden\n    extra: x\n";
  std::ofstream(dir / "en.yaml") << "screens:\n  signin:\n    heading: Sign in\n";
  auto c = Catalogs::Load(dir.string(), "");
  EXPECT_EQ(c.status().kind(), Status::Kind::kParseError);
  EXPECT_NE(c.status().message().find("signin.extra"), std::string::npos) << c.status().message();
  std::ofstream(dir / "en.yaml") << "screens: [unclosed\n";
  EXPECT_EQ(Catalogs::Load(dir.string(), "").status().kind(), Status::Kind::kParseError);
  std::filesystem::remove_all(dir);
}

TEST(FillPlaceholders, ReplacesKnownLeavesUnknown) {
  EXPECT_EQ(FillPlaceholders("Welkom, {name} {x}", {{"name", "<b>"}}), "Welkom, <b> {x}");
  EXPECT_EQ(FillPlaceholders("{a}{a}", {{"a", "{a}"}}), "{a}{a}");
}

}  // namespace
}  // namespace proofup::mockidp
