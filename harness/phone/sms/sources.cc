// What the SMS sources share, the option checks and the factory.
#include "harness/phone/sms/sources.h"

#include <algorithm>
#include <ctime>

#include "harness/otp/otp.h"

namespace proofup::phone {
namespace sms {
namespace {

RE2::Options Quiet() {
  RE2::Options options;
  options.set_log_errors(false);
  return options;
}

bool AllDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "2026-12-02T01:02:03[.123](Z|+01:00|-0530)".
std::optional<int64_t> ParseIso8601(std::string_view text) {
  std::tm tm{};
  int consumed = 0;
  std::string s(text);
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%*[T ]%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6)
    return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  int64_t seconds = timegm(&tm);
  std::string_view rest = text.substr(static_cast<size_t>(consumed));
  if (!rest.empty() && rest[0] == '.') {
    size_t end = rest.find_first_not_of("0123456789", 1);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  }
  if (rest.empty() || rest == "Z" || rest == "z") return seconds;
  if (rest[0] != '+' && rest[0] != '-') return std::nullopt;
  std::string digits;
  for (char c : rest.substr(1))
    if (c != ':') digits += c;
  if (digits.size() != 4 || !AllDigits(digits)) return std::nullopt;
  int64_t offset = std::stoi(digits.substr(0, 2)) * 3600 + std::stoi(digits.substr(2)) * 60;
  return rest[0] == '+' ? seconds - offset : seconds + offset;
}

}  // namespace

std::string NumberDigits(std::string_view number) {
  std::string digits;
  for (char c : number)
    if (c >= '0' && c <= '9') digits += c;
  if (number.substr(0, 1) != "+" && digits.rfind("00", 0) == 0) digits.erase(0, 2);
  return digits;
}

bool SameNumber(std::string_view a, std::string_view b) {
  return !NumberDigits(a).empty() && NumberDigits(a) == NumberDigits(b);
}

std::string ExpandNumber(std::string_view text, const std::string& number, bool percent) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (text.substr(i, 8) == "{number}") {
      out += percent ? otp::PercentEncode(number) : number;
      i += 8;
    } else if (text.substr(i, 8) == "{digits}") {
      out += NumberDigits(number);
      i += 8;
    } else {
      out += text[i++];
    }
  }
  return out;
}

std::optional<int64_t> ParseMessageTime(std::string_view text) {
  if (AllDigits(text) && text.size() <= 15) {
    int64_t v = std::stoll(std::string(text));
    return v > 100'000'000'000 ? v / 1000 : v;
  }
  return ParseIso8601(text);
}

std::optional<int64_t> ParseJsonTime(const nlohmann::json& value) {
  if (value.is_number_integer() || value.is_number_unsigned()) {
    int64_t v = value.get<int64_t>();
    return v > 100'000'000'000 ? v / 1000 : v;
  }
  if (value.is_number_float()) {
    double v = value.get<double>();
    return static_cast<int64_t>(v > 1e11 ? v / 1000 : v);
  }
  if (value.is_string()) return ParseMessageTime(value.get<std::string>());
  return std::nullopt;
}

StatusOr<std::vector<JsonPathPart>> ParseJsonPath(std::string_view path) {
  std::vector<JsonPathPart> parts;
  size_t i = 0;
  if (path.substr(0, 1) == "$") i = 1;
  auto bad = [&](const std::string& why) {
    return Status::InvalidArgument("JSON path \"" + std::string(path) + "\": " + why);
  };
  while (i < path.size()) {
    if (path[i] == '.') {
      ++i;
      continue;
    }
    if (path[i] == '[') {
      size_t close = path.find(']', i);
      if (close == std::string_view::npos) return bad("unclosed [");
      std::string_view inside = path.substr(i + 1, close - i - 1);
      if (inside.size() >= 2 && (inside[0] == '\'' || inside[0] == '"') &&
          inside.back() == inside[0]) {
        parts.emplace_back(std::string(inside.substr(1, inside.size() - 2)));
      } else if (AllDigits(inside)) {
        parts.emplace_back(static_cast<size_t>(std::stoul(std::string(inside))));
      } else {
        return bad("expected [N] or ['name'], got [" + std::string(inside) + "]");
      }
      i = close + 1;
      continue;
    }
    size_t end = path.find_first_of(".[", i);
    if (end == std::string_view::npos) end = path.size();
    parts.emplace_back(std::string(path.substr(i, end - i)));
    i = end;
  }
  return parts;
}

const nlohmann::json* FollowJsonPath(const nlohmann::json& root,
                                     const std::vector<JsonPathPart>& path) {
  const nlohmann::json* at = &root;
  for (const JsonPathPart& part : path) {
    if (const std::string* name = std::get_if<std::string>(&part)) {
      if (!at->is_object() || !at->contains(*name)) return nullptr;
      at = &(*at)[*name];
    } else {
      size_t index = std::get<size_t>(part);
      if (!at->is_array() || index >= at->size()) return nullptr;
      at = &(*at)[index];
    }
  }
  return at;
}

StatusOr<std::vector<SmsMessage>> MessagesFromJson(const nlohmann::json& document,
                                                   const SmsSourceOptions& options,
                                                   const std::string& number,
                                                   const std::string& what) {
  // The paths were checked by ValidateSmsSourceOptions.
  auto list_path = ParseJsonPath(options.messages_path).value();
  auto text_path = ParseJsonPath(options.text_path).value();
  auto time_path = ParseJsonPath(options.time_path).value();
  auto to_path = ParseJsonPath(options.to_path).value();
  const nlohmann::json* list = FollowJsonPath(document, list_path);
  if (!list || !list->is_array())
    return Status::ParseError(what + ": no list of messages at \"" +
                              (options.messages_path.empty() ? "$" : options.messages_path) + "\"");
  std::vector<SmsMessage> out;
  for (size_t i = 0; i < list->size(); ++i) {
    const nlohmann::json& item = (*list)[i];
    const nlohmann::json* text = FollowJsonPath(item, text_path);
    if (!text || !text->is_string())
      return Status::ParseError(what + ": message " + std::to_string(i) + " has no text at \"" +
                                options.text_path + "\"");
    SmsMessage m{number, text->get<std::string>(), 0};
    if (!options.to_path.empty()) {
      const nlohmann::json* to = FollowJsonPath(item, to_path);
      if (!to || !to->is_string() || !SameNumber(to->get<std::string>(), number)) continue;
      m.to = to->get<std::string>();
    }
    if (!options.time_path.empty()) {
      if (const nlohmann::json* t = FollowJsonPath(item, time_path))
        m.sent_at = ParseJsonTime(*t).value_or(0);
    }
    out.push_back(std::move(m));
  }
  SortByTime(out);
  return out;
}

LineReader::LineReader(const std::string& pattern) : re_(pattern, Quiet()) {
  if (!re_.ok()) return;
  const auto& names = re_.NamedCapturingGroups();
  auto group = [&](const char* name) {
    auto it = names.find(name);
    return it == names.end() ? -1 : it->second;
  };
  text_ = group("text");
  to_ = group("to");
  time_ = group("time");
}

std::optional<SmsMessage> LineReader::Parse(std::string_view line,
                                            const std::string& number) const {
  if (text_ < 0) return std::nullopt;
  std::vector<re2::StringPiece> groups(re_.NumberOfCapturingGroups() + 1);
  if (!re_.Match(re2::StringPiece(line.data(), line.size()), 0, line.size(), RE2::UNANCHORED,
                 groups.data(), static_cast<int>(groups.size())))
    return std::nullopt;
  auto at = [&](int g) { return g < 0 ? std::string() : std::string(groups[g]); };
  SmsMessage m{number, at(text_), 0};
  if (to_ >= 0) {
    if (!SameNumber(at(to_), number)) return std::nullopt;
    m.to = at(to_);
  }
  if (time_ >= 0) m.sent_at = ParseMessageTime(at(time_)).value_or(0);
  return m;
}

std::vector<SmsMessage> LineReader::ParseAll(std::string_view text,
                                             const std::string& number) const {
  std::vector<SmsMessage> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    // A last line without its newline may still be being written: wait for it.
    if (end == std::string_view::npos) break;
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (auto m = Parse(line, number)) out.push_back(std::move(*m));
    start = end + 1;
  }
  SortByTime(out);
  return out;
}

void SortByTime(std::vector<SmsMessage>& messages) {
  bool all_timed = std::all_of(messages.begin(), messages.end(),
                               [](const SmsMessage& m) { return m.sent_at > 0; });
  if (!all_timed) return;
  std::stable_sort(messages.begin(), messages.end(),
                   [](const SmsMessage& a, const SmsMessage& b) { return a.sent_at < b.sent_at; });
}

}  // namespace sms

Status ValidateSmsSourceOptions(const SmsSourceOptions& o) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidArgument("SMS source \"" + o.kind + "\": " + why);
  };
  const bool lines = o.kind == "file" || (o.kind == "command" && o.format == "lines");
  const bool json = o.kind == "http_inbox" || (o.kind == "command" && o.format == "json");
  if (o.kind == "mock_outbox" || o.kind == "none") return Status::Ok();
  if (o.kind != "http_inbox" && o.kind != "file" && o.kind != "command")
    return Status::InvalidArgument("unknown SMS source \"" + o.kind +
                                   "\" (valid: mock_outbox, http_inbox, file, command, none)");
  if (o.kind == "http_inbox" && o.url.rfind("http://", 0) != 0 && o.url.rfind("https://", 0) != 0)
    return bad("url must be an http(s) URL template, got \"" + o.url + "\"");
  if (o.kind == "file" && o.file.empty()) return bad("file is empty");
  if (o.kind == "command" && o.command.empty()) return bad("command is empty");
  if (o.kind == "command" && o.format != "lines" && o.format != "json")
    return bad("format must be lines or json, got \"" + o.format + "\"");
  if (lines) {
    sms::LineReader reader(o.line_pattern);
    if (!reader.ok()) return bad("line pattern is not a valid RE2 regex");
    if (!RE2(o.line_pattern).NamedCapturingGroups().count("text"))
      return bad("line pattern needs a group named text: (?P<text>...)");
  }
  if (json) {
    if (o.text_path.empty()) return bad("text path is empty");
    for (const std::string* p : {&o.messages_path, &o.text_path, &o.time_path, &o.to_path})
      if (auto parsed = sms::ParseJsonPath(*p); !parsed.ok()) return bad(parsed.status().message());
  }
  return Status::Ok();
}

StatusOr<std::unique_ptr<SmsSource>> NewSmsSource(const SmsSourceOptions& options,
                                                  const std::string& target_origin,
                                                  http::Transport& transport) {
  if (Status s = ValidateSmsSourceOptions(options); !s.ok()) return s;
  if (options.kind == "mock_outbox") return sms::NewMockOutbox(target_origin, transport);
  if (options.kind == "http_inbox") return sms::NewHttpInbox(options, transport);
  if (options.kind == "file") return sms::NewFileSource(options);
  if (options.kind == "command") return sms::NewCommandSource(options);
  return std::unique_ptr<SmsSource>();  // "none"
}

}  // namespace proofup::phone
