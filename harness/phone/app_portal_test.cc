// Push notifications, through a whole VirtualPhone on a scripted portal and a manual clock.
#include <gtest/gtest.h>

#include "harness/phone/fake_portal.h"
#include "harness/phone/phone.h"

namespace proofup::phone {
namespace {

using testing::FakePortal;

constexpr char kPortal[] = "http://127.0.0.1:8080";
constexpr char kToken[] = "feedc0de";

nlohmann::json Notifications(std::vector<std::pair<std::string, int64_t>> items) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [id, created] : items) {
    list.push_back({{"id", id}, {"account", "anna@voorbeeld.nl"}, {"created_at", created}});
  }
  return {{"notifications", list}};
}

class PushTest : public ::testing::Test {
 protected:
  void SetUp() override {
    PhoneOptions options;
    options.app_installed = options.terms_accepted = true;
    options.push_token = kToken;
    options.accounts = {{"anna@voorbeeld.nl", "Voorbeeld College", "JBSWY3DPEHPK3PXP",
                         std::string(kPortal) + "/anything"}};
    auto phone = VirtualPhone::Create(
        options, kPortal, [this] { return portal_.NewTransport(); }, clock_);
    ASSERT_TRUE(phone.ok()) << phone.status().ToString();
    phone_ = std::move(phone).value();
  }
  AuthenticatorApp& app() { return phone_->app(); }

  const std::string poll_url_ = std::string(kPortal) + "/phone/push?token=" + kToken;
  FakePortal portal_;
  ManualClock clock_;
  std::unique_ptr<VirtualPhone> phone_;
};

TEST_F(PushTest, PendingPushesPollsWithThePushToken) {
  portal_.Reply("GET", poll_url_, 200, Notifications({{"n2", 20}, {"n1", 10}}));
  StatusOr<std::vector<PushNotification>> pending = app().PendingPushes();
  ASSERT_TRUE(pending.ok()) << pending.status().ToString();
  ASSERT_EQ(portal_.requests.size(), 1u);
  EXPECT_EQ(portal_.requests[0].method, "GET");
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].id, "n1") << "oldest first";
  EXPECT_EQ((*pending)[0].account, "anna@voorbeeld.nl");
  EXPECT_EQ((*pending)[0].created_at, 10);
  EXPECT_EQ((*pending)[0].service_url, kPortal);
}

TEST_F(PushTest, WaitForPushPollsUntilOneArrives) {
  int polls = 0;
  portal_.On("GET", poll_url_, [&](const http::Request&) -> StatusOr<http::Response> {
    ++polls;
    return testing::JsonResponse(200, polls == 4 ? Notifications({{"n1", 1}}) : Notifications({}));
  });
  int64_t start = clock_.MonotonicMillis();
  StatusOr<PushNotification> push =
      app().WaitForPush(std::chrono::seconds(5), std::chrono::milliseconds(250));
  ASSERT_TRUE(push.ok()) << push.status().ToString();
  EXPECT_EQ(push->id, "n1");
  EXPECT_EQ(polls, 4);
  EXPECT_EQ(clock_.MonotonicMillis() - start, 750);
}

TEST_F(PushTest, WaitForPushTimesOutAtTheDeadline) {
  portal_.Reply("GET", poll_url_, 200, Notifications({}));
  int64_t start = clock_.MonotonicMillis();
  StatusOr<PushNotification> push =
      app().WaitForPush(std::chrono::milliseconds(1000), std::chrono::milliseconds(300));
  EXPECT_EQ(push.status().kind(), Status::Kind::kTimeout);
  EXPECT_EQ(clock_.MonotonicMillis() - start, 1000) << "last pause is cut to the deadline";
  EXPECT_EQ(portal_.requests.size(), 5u);  // at 0, 300, 600, 900, 1000 ms
  EXPECT_NE(push.status().message().find("Pixel 8"), std::string::npos);
  EXPECT_NE(push.status().message().find("1000 ms"), std::string::npos);
  EXPECT_NE(push.status().message().find(kPortal), std::string::npos);
}

TEST_F(PushTest, WaitForPushPassesOnNetworkErrors) {
  StatusOr<PushNotification> push = app().WaitForPush(std::chrono::seconds(1));
  EXPECT_EQ(push.status().kind(), Status::Kind::kNetworkError);
  EXPECT_EQ(portal_.requests.size(), 1u);
}

TEST_F(PushTest, AnswerPushSendsTokenNumberAndChoice) {
  portal_.Reply("GET", poll_url_, 200, Notifications({{"n1", 1}}));
  std::string answer_url = std::string(kPortal) + "/phone/push/n1/answer";
  portal_.Reply("POST", answer_url, 200, {{"result", "wrong_number"}});
  ASSERT_TRUE(app().WaitForPush(std::chrono::seconds(1)).ok());
  EXPECT_FALSE(app().last_answer().has_value());
  StatusOr<std::string> result = app().AnswerPush("n1", "42", true);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(*result, "wrong_number");
  ASSERT_TRUE(app().last_answer().has_value());  // the prompt as answered, for drawings
  EXPECT_EQ(app().last_answer()->number, "42");
  EXPECT_EQ(app().last_answer()->account, "anna@voorbeeld.nl");
  EXPECT_TRUE(app().last_answer()->approve);
  const http::Request& request = portal_.requests.back();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, answer_url);
  EXPECT_EQ(portal_.Body(portal_.requests.size() - 1),
            (nlohmann::json{{"token", kToken}, {"number", "42"}, {"approve", true}}));

  portal_.Reply("POST", answer_url, 200, {{"result", "denied"}});
  ASSERT_TRUE(app().AnswerPush("n1", "", false).ok());
  EXPECT_EQ(portal_.Body(portal_.requests.size() - 1)["approve"], false);
}

TEST_F(PushTest, AnswerPushMapsConflictsAndUnknownIds) {
  std::string answer_url = std::string(kPortal) + "/phone/push/n9/answer";
  portal_.Reply("POST", answer_url, 409, {{"error", "answered"}});
  StatusOr<std::string> late = app().AnswerPush("n9", "42", true);
  EXPECT_EQ(late.status().kind(), Status::Kind::kFailedPrecondition);
  EXPECT_NE(late.status().message().find("already answered or has expired"), std::string::npos);
  portal_.Reply("POST", answer_url, 404, {{"error", "unknown"}});
  EXPECT_EQ(app().AnswerPush("n9", "42", true).status().kind(), Status::Kind::kNotFound);
}

TEST_F(PushTest, PortalErrorIsAFailureNamingTheUrl) {
  portal_.Reply("GET", poll_url_, 500, nullptr);
  StatusOr<std::vector<PushNotification>> pending = app().PendingPushes();
  EXPECT_FALSE(pending.ok());
  EXPECT_NE(pending.status().message().find("HTTP 500"), std::string::npos);
  portal_.Reply("GET", poll_url_, 200, {{"unexpected", 1}});
  EXPECT_EQ(app().PendingPushes().status().kind(), Status::Kind::kParseError);
}

TEST_F(PushTest, PresetAccountGivesCodesAndItsSecretIsRegistered) {
  EXPECT_TRUE(phone_->secrets().Contains("JBSWY3DPEHPK3PXP"));
  StatusOr<std::string> code = app().CurrentCode("anna@voorbeeld.nl");
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(code->size(), 6u);
  EXPECT_TRUE(phone_->secrets().Contains(*code));
}

}  // namespace
}  // namespace proofup::phone
