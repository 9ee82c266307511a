// The phone against the real mock-idp: the enrollment screens are walked with
// a minimal page driver just far enough for the phone's part (QR, push, SMS).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <regex>

#include "harness/phone/phone.h"
#include "harness/phone/portal_pages.h"
#include "harness/process/process.h"

namespace proofup::phone {
namespace {

using testing::Page;
using testing::PortalPages;
using namespace std::chrono_literals;

constexpr char kUsersFile[] = PROOFUP_SOURCE_DIR "/fixtures/users.yaml";

struct User {
  std::string username;
  std::string password;
};

// The first Dutch-speaking user of the fixture who has not enrolled yet.
User FirstNewDutchUser() {
  YAML::Node root = YAML::LoadFile(kUsersFile);
  for (const YAML::Node& user : root["users"]) {
    if (user["state"].as<std::string>("") == "not_enrolled" &&
        user["language"].as<std::string>("nl") == "nl") {
      return {user["username"].as<std::string>(), user["password"].as<std::string>()};
    }
  }
  return {};
}

#define ASSERT_OK_AND_ASSIGN(lhs, expr)                       \
  auto lhs##_or = (expr);                                     \
  ASSERT_TRUE(lhs##_or.ok()) << lhs##_or.status().ToString(); \
  auto lhs = std::move(lhs##_or).value()

#define EXPECT_SCREEN(page, h2) EXPECT_EQ((page).Subheading(), h2) << (page).Describe()

class PhoneAgainstMockIdp : public ::testing::Test {
 protected:
  void SetUp() override {
    auto child = ChildProcess::Spawn(
        {MOCK_IDP_BINARY, "--port", "0", "--users", kUsersFile, "--admin-token", "T"});
    ASSERT_TRUE(child.ok()) << child.status().ToString();
    server_ = std::move(child).value();
    StatusOr<std::string> line = server_->ReadStdoutLine(15s);
    ASSERT_TRUE(line.ok()) << line.status().ToString();
    std::smatch url;
    ASSERT_TRUE(std::regex_search(*line, url, std::regex(R"(https?://[^\s/]+)")))
        << "first line: " << *line;
    base_ = url.str();
    user_ = FirstNewDutchUser();
    ASSERT_FALSE(user_.username.empty()) << "no not_enrolled nl user in " << kUsersFile;
    pages_ = std::make_unique<PortalPages>(base_);

    PhoneOptions options;
    options.app_installed = options.terms_accepted = true;
    auto phone = VirtualPhone::Create(
        options, base_, [] { return http::NewCurlTransport(); }, clock_);
    ASSERT_TRUE(phone.ok()) << phone.status().ToString();
    phone_ = std::move(phone).value();
  }
  void TearDown() override {
    // Close the keep-alive connections first: the server waits for them on SIGTERM.
    phone_.reset();
    pages_.reset();
    if (server_) server_->Terminate();
  }

  // Signs in and clicks on to the QR screen (manual steps 6-10).
  StatusOr<Page> OpenQrScreen() {
    StatusOr<Page> page = pages_->Get("/");
    if (!page.ok()) return page;
    page = pages_->Click(*page, "Aanmelden",
                         {{"Gebruikersnaam", user_.username}, {"Wachtwoord", user_.password}});
    for (int step = 7; step <= 9 && page.ok(); ++step) page = pages_->Click(*page, "Volgende");
    return page;
  }

  // Re-reads a page that refreshes itself until `text` shows up (deadline, no fixed sleep).
  StatusOr<Page> ReloadUntil(const Page& page, const std::string& text) {
    int64_t deadline = clock_.MonotonicMillis() + 10'000;
    StatusOr<Page> current = page;
    while (current.ok() && !current->Contains(text) && clock_.MonotonicMillis() < deadline) {
      clock_.Pause(50ms);
      current = pages_->Get(current->url);
    }
    return current;
  }

  SystemClock clock_;
  std::unique_ptr<ChildProcess> server_;
  std::string base_;
  User user_;
  std::unique_ptr<PortalPages> pages_;
  std::unique_ptr<VirtualPhone> phone_;
};

TEST_F(PhoneAgainstMockIdp, ScanApprovePushAndReadSms) {
  ASSERT_OK_AND_ASSIGN(qr, OpenQrScreen());
  ASSERT_EQ(qr.Subheading(), "De QR-code scannen") << qr.Describe();
  std::string image = qr.AttributeOf("img", "alt", "QR-code", "src");
  ASSERT_TRUE(image.starts_with("data:image/png;base64,")) << image.substr(0, 40);

  ASSERT_OK_AND_ASSIGN(account, phone_->app().ScanQr(image));
  EXPECT_EQ(account.name, user_.username);
  EXPECT_EQ(account.issuer, "Voorbeeld College");
  EXPECT_EQ(account.service_url, base_);

  ASSERT_OK_AND_ASSIGN(tryout, pages_->Click(qr, "Volgende"));
  EXPECT_SCREEN(tryout, "Laten we het uitproberen");
  std::string number = tryout.TextOfId("number");
  ASSERT_FALSE(number.empty()) << tryout.Describe();

  ASSERT_OK_AND_ASSIGN(push, phone_->app().WaitForPush(10s, 20ms));
  EXPECT_EQ(push.account, user_.username);
  ASSERT_OK_AND_ASSIGN(result, phone_->app().AnswerPush(push.id, number, true));
  EXPECT_EQ(result, "approved");
  EXPECT_EQ(phone_->app().AnswerPush(push.id, number, true).status().kind(),
            Status::Kind::kFailedPrecondition)
      << "a push is answered once";

  ASSERT_OK_AND_ASSIGN(approved, ReloadUntil(tryout, "Melding goedgekeurd"));
  ASSERT_TRUE(approved.Contains("Melding goedgekeurd")) << approved.Describe();
  ASSERT_OK_AND_ASSIGN(phone_step, pages_->Click(approved, "Volgende"));
  EXPECT_SCREEN(phone_step, "Telefoon");

  ASSERT_OK_AND_ASSIGN(sms_step, pages_->Click(phone_step, "Volgende",
                                               {{"country", "Nederland (+31)"},
                                                {"Telefoonnummer", "06 12345678"},
                                                {"Sms ontvangen", "on"}}));
  ASSERT_TRUE(sms_step.Contains("We hebben een code van 6 cijfers verzonden"))
      << sms_step.Describe();
  ASSERT_OK_AND_ASSIGN(first_code, phone_->sim().WaitForCode(10s, 20ms));
  EXPECT_EQ(first_code.size(), 6u);
  EXPECT_TRUE(phone_->secrets().Contains(first_code));

  // "Code opnieuw verzenden": the SIM waits for the new message, not the one it read.
  ASSERT_OK_AND_ASSIGN(resent, pages_->FollowLink(sms_step, "Code opnieuw verzenden"));
  ASSERT_OK_AND_ASSIGN(code, phone_->sim().WaitForCode(10s, 20ms));
  ASSERT_OK_AND_ASSIGN(inbox, phone_->sim().Inbox());
  EXPECT_EQ(inbox.size(), 2u);
  EXPECT_EQ(inbox.back().to, "+31612345678");

  ASSERT_OK_AND_ASSIGN(verified, pages_->Click(resent, "Volgende", {{"Code", code}}));
  EXPECT_SCREEN(verified, "Sms geverifieerd");
}

TEST_F(PhoneAgainstMockIdp, WrongNumberIsReportedByPortalAndPhone) {
  ASSERT_OK_AND_ASSIGN(qr, OpenQrScreen());
  ASSERT_TRUE(phone_->app().ScanQr(qr.AttributeOf("img", "alt", "QR-code", "src")).ok());
  ASSERT_OK_AND_ASSIGN(tryout, pages_->Click(qr, "Volgende"));
  std::string number = tryout.TextOfId("number");
  std::string wrong = number == "11" ? "12" : "11";
  ASSERT_OK_AND_ASSIGN(push, phone_->app().WaitForPush(10s, 20ms));
  ASSERT_OK_AND_ASSIGN(result, phone_->app().AnswerPush(push.id, wrong, true));
  EXPECT_EQ(result, "wrong_number");
  ASSERT_OK_AND_ASSIGN(page, ReloadUntil(tryout, "Het nummer komt niet overeen"));
  EXPECT_TRUE(page.Contains("Het nummer komt niet overeen")) << page.Describe();
}

TEST_F(PhoneAgainstMockIdp, CannotScanPathTypesCodeAndUrl) {
  ASSERT_OK_AND_ASSIGN(qr, OpenQrScreen());
  StatusOr<Page> shown = pages_->FollowLink(qr, "Kan de QR-afbeelding niet scannen?");
  const Page& text_page = shown.ok() ? *shown : qr;  // may be revealed in place
  std::smatch code, url;
  ASSERT_TRUE(
      std::regex_search(text_page.html, code, std::regex(R"(Code:\s*(?:<[^>]*>\s*)*(\d+))")))
      << text_page.Describe();
  ASSERT_TRUE(std::regex_search(text_page.html, url,
                                std::regex(R"(URL:\s*(?:<[^>]*>\s*)*(https?://[^\s<"]+))")));
  ASSERT_OK_AND_ASSIGN(account, phone_->app().AddWorkAccountManually(code[1].str(), url[1].str()));
  EXPECT_EQ(account.name, user_.username);
  EXPECT_TRUE(phone_->secrets().Contains(code[1].str()));

  // The same activation code a second time is refused by the portal.
  StatusOr<Account> again = phone_->app().AddWorkAccountManually(code[1].str(), url[1].str());
  EXPECT_FALSE(again.ok());
  EXPECT_NE(again.status().message().find("used"), std::string::npos) << again.status().ToString();
}

TEST_F(PhoneAgainstMockIdp, OtherAppPathGivesTotpAccountWhoseCodeThePortalAccepts) {
  ASSERT_OK_AND_ASSIGN(start, pages_->Get("/"));
  ASSERT_OK_AND_ASSIGN(more_info, pages_->Click(start, "Aanmelden",
                                                {{"Gebruikersnaam", user_.username},
                                                 {"Wachtwoord", user_.password}}));
  ASSERT_OK_AND_ASSIGN(intro, pages_->Click(more_info, "Volgende"));
  ASSERT_OK_AND_ASSIGN(setup,
                       pages_->FollowLink(intro, "Ik wil een andere verificatie-app gebruiken"));
  ASSERT_OK_AND_ASSIGN(qr, pages_->Click(setup, "Volgende"));
  ASSERT_OK_AND_ASSIGN(account,
                       phone_->app().ScanQr(qr.AttributeOf("img", "alt", "QR-code", "src")));
  EXPECT_FALSE(account.work_account()) << "an otpauth:// code";
  ASSERT_OK_AND_ASSIGN(enter, pages_->Click(qr, "Volgende"));
  EXPECT_SCREEN(enter, "Voer de code in");
  ASSERT_OK_AND_ASSIGN(code, phone_->app().CurrentCode());
  ASSERT_OK_AND_ASSIGN(next, pages_->Click(enter, "Volgende", {{"Code", code}}));
  EXPECT_EQ(next.ErrorText(), "");
  EXPECT_SCREEN(next, "Telefoon");
}

}  // namespace
}  // namespace proofup::phone
