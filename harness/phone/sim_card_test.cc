#include <gtest/gtest.h>

#include "harness/phone/fake_portal.h"
#include "harness/phone/phone.h"

namespace proofup::phone {
namespace {

using testing::FakePortal;

constexpr char kGateway[] = "http://127.0.0.1:8080";
constexpr char kOutboxUrl[] = "http://127.0.0.1:8080/sms/outbox?number=%2B31612345678";

class SimTest : public ::testing::Test {
 protected:
  SimCard MakeSim(std::string number = "+31612345678") {
    return SimCard(std::move(number), kGateway, PhoneOptions{}.sms_code_pattern, *transport_,
                   clock_, secrets_);
  }
  // The gateway's outbox holds `texts`, oldest first.
  void Outbox(const std::vector<std::string>& texts) {
    nlohmann::json list = nlohmann::json::array();
    int64_t sent = 100;
    for (const std::string& text : texts) {
      list.push_back({{"to", "+31612345678"}, {"text", text}, {"sent_at", sent++}});
    }
    portal_.Reply("GET", kOutboxUrl, 200, {{"messages", list}});
  }

  FakePortal portal_;
  std::unique_ptr<http::Transport> transport_ = portal_.NewTransport();
  ManualClock clock_;
  SecretRegistry secrets_;
};

TEST_F(SimTest, InboxReadsTheOutboxOfItsNumber) {
  Outbox({"Uw verificatiecode is 123456"});
  SimCard sim = MakeSim();
  StatusOr<std::vector<SmsMessage>> inbox = sim.Inbox();
  ASSERT_TRUE(inbox.ok()) << inbox.status().ToString();
  ASSERT_EQ(portal_.requests.size(), 1u);
  EXPECT_EQ(portal_.requests[0].method, "GET");
  EXPECT_EQ(portal_.requests[0].url, kOutboxUrl);
  ASSERT_EQ(inbox->size(), 1u);
  EXPECT_EQ((*inbox)[0].to, "+31612345678");
  EXPECT_EQ((*inbox)[0].sent_at, 100);
  EXPECT_TRUE(secrets_.Contains("123456")) << "codes are secrets as soon as they are seen";
}

TEST_F(SimTest, LatestCodeTakesTheNewestMessage) {
  Outbox({"Uw verificatiecode is 111111", "Uw verificatiecode is 222222"});
  SimCard sim = MakeSim();
  EXPECT_FALSE(sim.last_message().has_value());
  EXPECT_EQ(sim.LatestCode().value(), "222222");
  ASSERT_TRUE(sim.last_message().has_value());  // what the messages app shows
  EXPECT_EQ(sim.last_message()->text, "Uw verificatiecode is 222222");
  EXPECT_EQ(sim.LatestCode(R"(Code: (\d+))").status().kind(), Status::Kind::kNotFound);
  EXPECT_EQ(sim.LatestCode(R"(\d{3}$)").value(), "222") << "no group: the whole match";
  EXPECT_EQ(sim.LatestCode("(").status().kind(), Status::Kind::kInvalidArgument);
}

TEST_F(SimTest, PatternOverAHugeMessageRunsInLinearTime) {
  // std::regex recursed once per character here and overflowed the stack.
  Outbox({"Code " + std::string(200000, '7')});
  StatusOr<std::string> code = MakeSim().LatestCode(R"((\d+))");
  ASSERT_TRUE(code.ok()) << code.status().ToString();
  EXPECT_EQ(code->size(), 200000u);
}

TEST_F(SimTest, NoMatchDoesNotQuoteTheMessage) {
  Outbox({"Uw code: 12-34-56"});
  StatusOr<std::string> code = MakeSim().LatestCode();
  EXPECT_EQ(code.status().kind(), Status::Kind::kNotFound);
  EXPECT_EQ(code.status().message().find("12-34"), std::string::npos) << code.status().message();
  EXPECT_NE(code.status().message().find("+31612345678"), std::string::npos);
}

TEST_F(SimTest, EmptyInboxIsNotFound) {
  Outbox({});
  StatusOr<std::string> code = MakeSim().LatestCode();
  EXPECT_EQ(code.status().kind(), Status::Kind::kNotFound);
  EXPECT_EQ(code.status().message(), "no SMS has arrived on +31612345678");
}

TEST_F(SimTest, WaitForCodeWaitsForAMessageNotReadBefore) {
  Outbox({"Uw verificatiecode is 111111"});
  SimCard sim = MakeSim();
  EXPECT_EQ(sim.WaitForCode(std::chrono::seconds(1)).value(), "111111") << "unread: at once";
  EXPECT_EQ(clock_.MonotonicMillis(), 0);

  // "Code opnieuw verzenden": the new message arrives on the third poll.
  int polls = 0;
  portal_.On("GET", kOutboxUrl, [&](const http::Request&) -> StatusOr<http::Response> {
    // The message read before is still there, unchanged (the SIM knows it by
    // recipient, time and text).
    nlohmann::json list = {
        {{"to", "+31612345678"}, {"text", "Uw verificatiecode is 111111"}, {"sent_at", 100}}};
    if (++polls >= 3) list.push_back({{"to", "+31612345678"}, {"text", "code 333333"}});
    return testing::JsonResponse(200, {{"messages", list}});
  });
  StatusOr<std::string> code =
      sim.WaitForCode(std::chrono::seconds(5), std::chrono::milliseconds(200));
  ASSERT_TRUE(code.ok()) << code.status().ToString();
  EXPECT_EQ(*code, "333333");
  EXPECT_EQ(clock_.MonotonicMillis(), 400);
  EXPECT_TRUE(secrets_.Contains("333333"));
}

TEST_F(SimTest, WaitForCodeTimesOutNamingTheNumber) {
  Outbox({"Uw verificatiecode is 111111"});
  SimCard sim = MakeSim();
  ASSERT_TRUE(sim.LatestCode().ok());
  StatusOr<std::string> code =
      sim.WaitForCode(std::chrono::milliseconds(500), std::chrono::milliseconds(100));
  EXPECT_EQ(code.status().kind(), Status::Kind::kTimeout);
  EXPECT_EQ(clock_.MonotonicMillis(), 500);
  EXPECT_NE(code.status().message().find("no new SMS arrived on +31612345678 within 500 ms"),
            std::string::npos)
      << code.status().message();
}

TEST_F(SimTest, ResetGatewayMakesEveryMessageNew) {
  Outbox({"a 111111", "b 222222"});
  SimCard sim = MakeSim();
  ASSERT_TRUE(sim.LatestCode().ok());
  Outbox({"c 444444"});
  EXPECT_EQ(sim.WaitForCode(std::chrono::seconds(1)).value(), "444444");
}

TEST_F(SimTest, PhoneWithoutSimCannotReadSms) {
  SimCard sim = MakeSim("");
  EXPECT_EQ(sim.Inbox().status().kind(), Status::Kind::kFailedPrecondition);
  EXPECT_TRUE(portal_.requests.empty());
}

}  // namespace
}  // namespace proofup::phone
