// The SIM card: an inbox read from an SmsSource, and the code in the newest new message.
#include <re2/re2.h>

#include <algorithm>
#include <memory>

#include "harness/phone/phone.h"
#include "harness/phone/sms/sources.h"

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
    : SimCard(number, sms::NewMockOutbox(std::move(gateway_url), transport),
              std::move(code_pattern), clock, secrets) {}

SimCard::SimCard(std::string number, std::unique_ptr<SmsSource> source, std::string code_pattern,
                 Clock& clock, SecretRegistry& secrets)
    : number_(std::move(number)),
      source_(std::move(source)),
      code_pattern_(std::move(code_pattern)),
      clock_(clock),
      secrets_(secrets) {}

std::string SimCard::KeyOf(const SmsMessage& m) {
  return m.to + '\n' + std::to_string(m.sent_at) + '\n' + m.text;
}

void SimCard::MarkSeen(const std::vector<SmsMessage>& inbox) {
  std::map<std::string, int> now;
  for (const SmsMessage& m : inbox) ++now[KeyOf(m)];
  for (const auto& [key, count] : now) seen_[key] = std::max(seen_[key], count);
}

Status SimCard::Begin() {
  StatusOr<std::vector<SmsMessage>> inbox = Inbox();
  if (inbox.ok()) {
    MarkSeen(*inbox);
    return Status::Ok();
  }
  old_before_ = clock_.NowUnixSeconds();
  return inbox.status();
}

StatusOr<std::vector<SmsMessage>> SimCard::Inbox() {
  if (number_.empty()) return Status::FailedPrecondition("the phone has no SIM number");
  if (!source_)
    return Status::FailedPrecondition(
        "no SMS source for this target: the SIM cannot receive messages (give the target "
        "profile an \"sms:\" source, docs/scenarios.md)");
  StatusOr<std::vector<SmsMessage>> inbox = source_->Fetch(number_);
  if (!inbox.ok()) return inbox.status();
  // Codes are registered as secrets before anyone can log a message.
  StatusOr<std::unique_ptr<RE2>> pattern = CompilePattern(code_pattern_);
  for (const SmsMessage& message : *inbox) {
    if (pattern.ok()) {
      if (std::optional<std::string> code = FindCode(message.text, **pattern)) secrets_.Add(*code);
    }
  }
  return inbox;
}

StatusOr<std::string> SimCard::CodeOfNewest(const std::vector<SmsMessage>& inbox,
                                            std::string_view pattern_text) {
  std::string pattern_string = pattern_text.empty() ? code_pattern_ : std::string(pattern_text);
  StatusOr<std::unique_ptr<RE2>> pattern = CompilePattern(pattern_string);
  if (!pattern.ok()) return pattern.status();
  if (inbox.empty()) return Status::NotFound("no SMS has arrived on " + number_);
  MarkSeen(inbox);
  last_message_ = inbox.back();
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
    // New: beyond the count of its key already seen, and not from before the
    // session when Begin() could not read the source.
    std::vector<SmsMessage> fresh;
    std::map<std::string, int> counted;
    for (const SmsMessage& m : *inbox) {
      std::string key = KeyOf(m);
      auto seen = seen_.find(key);
      if (++counted[key] <= (seen == seen_.end() ? 0 : seen->second)) continue;
      if (old_before_ > 0 && m.sent_at > 0 && m.sent_at < old_before_) continue;
      fresh.push_back(m);
    }
    if (!fresh.empty()) {
      MarkSeen(*inbox);
      return CodeOfNewest(fresh, "");
    }
    int64_t left = deadline - clock_.MonotonicMillis();
    if (left <= 0) break;
    clock_.Pause(std::chrono::milliseconds(std::min<int64_t>(left, poll_interval.count())));
  }
  return Status::Timeout("no new SMS arrived on " + number_ + " within " +
                         std::to_string(timeout.count()) + " ms (" + std::to_string(polls) +
                         " polls of " + (source_ ? source_->Where() : "no source") + ")");
}

}  // namespace proofup::phone
