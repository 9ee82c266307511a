// The SIM card: an inbox read from the target's SMS gateway, and the code in
// the newest message.
#include <re2/re2.h>

#include <algorithm>
#include <memory>

#include "harness/phone/json_client.h"
#include "harness/phone/phone.h"

namespace proofup::phone {
namespace {

// RE2, not std::regex: the pattern runs in linear time over whatever text the
// SMS source delivers, and the loader checks patterns with the same syntax.
StatusOr<std::unique_ptr<RE2>> CompilePattern(const std::string& pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_unique<RE2>(pattern, options);
  if (!re->ok()) {
    return Status::InvalidArgument("SMS code pattern \"" + pattern +
                                   "\" is not a valid regex: " + re->error());
  }
  return re;
}

// The code in `text`: the first capture group, or the whole match.
std::optional<std::string> FindCode(const std::string& text, const RE2& pattern) {
  int groups = pattern.NumberOfCapturingGroups();
  std::vector<re2::StringPiece> match(groups > 0 ? 2 : 1);
  if (!pattern.Match(text, 0, text.size(), RE2::UNANCHORED, match.data(),
                     static_cast<int>(match.size())))
    return std::nullopt;
  const re2::StringPiece& code = groups > 0 && match[1].data() ? match[1] : match[0];
  return std::string(code.data(), code.size());
}

}  // namespace

SimCard::SimCard(std::string number, std::string gateway_url, std::string code_pattern,
                 http::Transport& transport, Clock& clock, SecretRegistry& secrets)
    : number_(std::move(number)),
      gateway_url_(std::move(gateway_url)),
      code_pattern_(std::move(code_pattern)),
      transport_(transport),
      clock_(clock),
      secrets_(secrets) {}

StatusOr<std::vector<SmsMessage>> SimCard::Inbox() {
  if (number_.empty()) return Status::FailedPrecondition("the phone has no SIM number");
  std::string url = gateway_url_ + "/sms/outbox?number=" + otp::PercentEncode(number_);
  StatusOr<JsonReply> reply = ExchangeJson(transport_, "GET", url);
  if (!reply.ok()) return reply.status();
  if (reply->status != 200) {
    return Status::FailedPrecondition("GET " + url + " answered HTTP " +
                                      std::to_string(reply->status));
  }
  const nlohmann::json& list = reply->body["messages"];
  if (!list.is_array()) return Status::ParseError("GET " + url + ": no \"messages\" list");

  // Codes are registered as secrets before anyone can log a message.
  StatusOr<std::unique_ptr<RE2>> pattern = CompilePattern(code_pattern_);
  std::vector<SmsMessage> inbox;
  for (const nlohmann::json& item : list) {
    std::string what = "message from " + url;
    StatusOr<std::string> text = StringMember(item, "text", what);
    if (!text.ok()) return text.status();
    SmsMessage message{number_, *text, 0};
    if (StatusOr<std::string> to = StringMember(item, "to", what); to.ok()) message.to = *to;
    if (StatusOr<int64_t> sent = IntMember(item, "sent_at", what); sent.ok()) {
      message.sent_at = *sent;
    }
    if (pattern.ok()) {
      if (std::optional<std::string> code = FindCode(message.text, **pattern)) secrets_.Add(*code);
    }
    inbox.push_back(std::move(message));
  }
  return inbox;
}

StatusOr<std::string> SimCard::CodeOfNewest(const std::vector<SmsMessage>& inbox,
                                            std::string_view pattern_text) {
  std::string pattern_string = pattern_text.empty() ? code_pattern_ : std::string(pattern_text);
  StatusOr<std::unique_ptr<RE2>> pattern = CompilePattern(pattern_string);
  if (!pattern.ok()) return pattern.status();
  if (inbox.empty()) return Status::NotFound("no SMS has arrived on " + number_);
  read_count_ = inbox.size();
  std::optional<std::string> code = FindCode(inbox.back().text, **pattern);
  if (!code) {
    // The text itself is not quoted: it may hold a code in another format.
    return Status::NotFound("the newest SMS on " + number_ + " (" +
                            std::to_string(inbox.back().text.size()) +
                            " characters) has no code matching \"" + pattern_string + "\"");
  }
  secrets_.Add(*code);
  return *code;
}

StatusOr<std::string> SimCard::LatestCode(std::string_view pattern) {
  StatusOr<std::vector<SmsMessage>> inbox = Inbox();
  if (!inbox.ok()) return inbox.status();
  return CodeOfNewest(*inbox, pattern);
}

StatusOr<std::string> SimCard::WaitForCode(std::chrono::milliseconds timeout,
                                           std::chrono::milliseconds poll_interval) {
  const int64_t deadline = clock_.MonotonicMillis() + timeout.count();
  int polls = 0;
  while (true) {
    StatusOr<std::vector<SmsMessage>> inbox = Inbox();
    ++polls;
    if (!inbox.ok()) return inbox.status();
    // A gateway that was reset holds fewer messages than were read: all are new.
    if (inbox->size() < read_count_) read_count_ = 0;
    if (inbox->size() > read_count_) return CodeOfNewest(*inbox, "");
    int64_t left = deadline - clock_.MonotonicMillis();
    if (left <= 0) break;
    clock_.Pause(std::chrono::milliseconds(std::min<int64_t>(left, poll_interval.count())));
  }
  return Status::Timeout("no new SMS arrived on " + number_ + " within " +
                         std::to_string(timeout.count()) + " ms (" + std::to_string(polls) +
                         " polls of " + gateway_url_ + ")");
}

}  // namespace proofup::phone
