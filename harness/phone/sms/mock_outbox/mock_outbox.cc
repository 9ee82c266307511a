// mock-idp's SMS outbox: GET <target>/sms/outbox?number= (mock-idp/PROTOCOL.md).
// The only source that talks to the target, and only mock-idp has this route.
#include "harness/otp/otp.h"
#include "harness/phone/json_client.h"
#include "harness/phone/sms/sources.h"

namespace proofup::phone::sms {
namespace {

class MockOutbox : public SmsSource {
 public:
  MockOutbox(std::string origin, http::Transport& transport)
      : origin_(std::move(origin)), transport_(transport) {}

  StatusOr<std::vector<SmsMessage>> Fetch(const std::string& number) override {
    std::string url = origin_ + "/sms/outbox?number=" + otp::PercentEncode(number);
    StatusOr<nlohmann::json> list = GetJsonList(transport_, url, "messages");
    if (!list.ok()) return list.status();
    std::vector<SmsMessage> inbox;
    for (const nlohmann::json& item : *list) {
      std::string what = "message from " + url;
      StatusOr<std::string> text = StringMember(item, "text", what);
      if (!text.ok()) return text.status();
      SmsMessage message{number, *text, 0};
      if (StatusOr<std::string> to = StringMember(item, "to", what); to.ok()) message.to = *to;
      if (StatusOr<int64_t> sent = IntMember(item, "sent_at", what); sent.ok())
        message.sent_at = *sent;
      inbox.push_back(std::move(message));
    }
    return inbox;
  }

  std::string Where() const override { return "GET " + origin_ + "/sms/outbox"; }

 private:
  std::string origin_;
  http::Transport& transport_;
};

}  // namespace

std::unique_ptr<SmsSource> NewMockOutbox(std::string target_origin, http::Transport& transport) {
  return std::make_unique<MockOutbox>(std::move(target_origin), transport);
}

}  // namespace proofup::phone::sms
