// Internal to the phone module: the SMS sources (one folder each) and what
// they share: number templates, message times, JSON paths and line patterns.
#ifndef PROOFUP_PHONE_SMS_SOURCES_H_
#define PROOFUP_PHONE_SMS_SOURCES_H_

#include <re2/re2.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "harness/phone/phone.h"

namespace proofup::phone::sms {

// The sources; options are already validated (ValidateSmsSourceOptions).
std::unique_ptr<SmsSource> NewMockOutbox(std::string target_origin, http::Transport& transport);
std::unique_ptr<SmsSource> NewHttpInbox(const SmsSourceOptions& options,
                                        http::Transport& transport);
std::unique_ptr<SmsSource> NewFileSource(const SmsSourceOptions& options);
std::unique_ptr<SmsSource> NewCommandSource(const SmsSourceOptions& options);

// The number's digits without '+', spaces or dashes, and without a leading
// "00" international prefix: "+31 6-1234" and "0031612..." compare equal.
std::string NumberDigits(std::string_view number);
bool SameNumber(std::string_view a, std::string_view b);
// `text` with {number} (percent-encoded when `percent`, else as is) and {digits} substituted.
std::string ExpandNumber(std::string_view text, const std::string& number, bool percent);

// A message time: Unix seconds, Unix milliseconds (values above 10^11), or
// ISO 8601 "2026-12-02T01:02:03Z" / "+01:00" / fractional seconds. nullopt otherwise.
std::optional<int64_t> ParseMessageTime(std::string_view text);
std::optional<int64_t> ParseJsonTime(const nlohmann::json& value);

// A small JSONPath subset: "a.b", "a[0].b", "$.a", "$['a b']"; "" or "$" is the root.
using JsonPathPart = std::variant<std::string, size_t>;
StatusOr<std::vector<JsonPathPart>> ParseJsonPath(std::string_view path);
// The value at `path` in `root`, or null when a member or index is missing.
const nlohmann::json* FollowJsonPath(const nlohmann::json& root,
                                     const std::vector<JsonPathPart>& path);

// Messages for `number` in a JSON document, by the options' paths.
// kParseError naming `what` when the list is missing or a message has no text.
StatusOr<std::vector<SmsMessage>> MessagesFromJson(const nlohmann::json& document,
                                                   const SmsSourceOptions& options,
                                                   const std::string& number,
                                                   const std::string& what);

// Lines by the options' line_pattern; lines that do not match, and lines for
// another number (when the pattern has a `to` group), are left out.
class LineReader {
 public:
  explicit LineReader(const std::string& pattern);
  bool ok() const { return re_.ok(); }
  std::optional<SmsMessage> Parse(std::string_view line, const std::string& number) const;
  std::vector<SmsMessage> ParseAll(std::string_view text, const std::string& number) const;

 private:
  RE2 re_;
  int text_ = -1, to_ = -1, time_ = -1;  // capture group numbers; -1 = absent
};

// Oldest first: a stable sort by time when every message has one.
void SortByTime(std::vector<SmsMessage>& messages);

}  // namespace proofup::phone::sms

#endif  // PROOFUP_PHONE_SMS_SOURCES_H_
