#include "harness/browser/webdriver/driver_logs.h"

#include <algorithm>
#include <string_view>

namespace proofup::browser::webdriver {
namespace {

int64_t TimestampOf(const Json& entry) {
  return entry.contains("timestamp") && entry["timestamp"].is_number()
             ? entry["timestamp"].get<int64_t>()
             : 0;
}

// chromedriver writes "<url> <line>:<column> <text>" for messages with a
// source location: the text alone, as the pipe backend reports it.
std::string_view WithoutLocation(std::string_view message) {
  size_t url_end = message.find(' ');
  if (url_end == std::string_view::npos) return message;
  size_t end = message.find(' ', url_end + 1);
  std::string_view place =
      message.substr(url_end + 1, end == std::string_view::npos ? end : end - url_end - 1);
  size_t colon = place.find(':');
  auto digits = [](std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (end == std::string_view::npos || colon == std::string_view::npos ||
      !digits(place.substr(0, colon)) || !digits(place.substr(colon + 1)))
    return message;
  return message.substr(end + 1);
}

// chromedriver joins console arguments with spaces, strings JSON-quoted:
// each quoted argument back to its text, the rest (numbers, "Object") as is.
std::string UnquotedArguments(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '"' && (i == 0 || text[i - 1] == ' ')) {
      size_t j = i + 1;
      for (bool escaped = false; j < text.size(); ++j) {
        if (escaped)
          escaped = false;
        else if (text[j] == '\\')
          escaped = true;
        else if (text[j] == '"')
          break;
      }
      if (j < text.size() && (j + 1 == text.size() || text[j + 1] == ' ')) {
        Json s = Json::parse(text.substr(i, j - i + 1), nullptr, /*allow_exceptions=*/false);
        if (s.is_string()) {
          out += s.get<std::string>();
          i = j + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

}  // namespace

Json LoggingPrefs() { return {{"browser", "ALL"}, {"performance", "ALL"}}; }

ConsoleEntry ConsoleEntryOf(const Json& entry) {
  if (!entry.is_object() || !entry.contains("message") || !entry["message"].is_string()) return {};
  const std::string source = entry.value("source", ""), level = entry.value("level", "");
  const std::string message = entry["message"].get<std::string>();
  std::string_view text = WithoutLocation(message);
  if (source == "console-api" && level == "SEVERE") return {"console", UnquotedArguments(text)};
  if (source == "javascript") {
    constexpr std::string_view kUncaught = "Uncaught ";
    if (text.starts_with(kUncaught)) text.remove_prefix(kUncaught.size());
    std::string first(text.substr(0, text.find('\n')));
    return {"exception", first.empty() ? "uncaught exception" : first};
  }
  return {};
}

void DriverLogs::AddPerformance(const Json& entries) {
  if (!entries.is_array()) return;
  for (const Json& entry : entries) {
    if (!entry.is_object() || !entry.contains("message") || !entry["message"].is_string()) continue;
    Json event = Json::parse(entry["message"].get<std::string>(), nullptr, false);
    if (!event.is_object() || !event.contains("message") || !event["message"].is_object()) continue;
    const Json& m = event["message"];
    if (!m.contains("method") || !m["method"].is_string()) continue;
    events_.Handle(m["method"].get<std::string>(), m.contains("params") ? m["params"] : Json());
    std::lock_guard<std::mutex> lock(events_.mutex);
    for (; console_seen_ < events_.console.size(); ++console_seen_)
      console_.emplace_back(TimestampOf(entry), events_.console[console_seen_]);
  }
}

void DriverLogs::AddBrowser(const Json& entries) {
  if (!entries.is_array()) return;
  for (const Json& entry : entries) {
    ConsoleEntry c = ConsoleEntryOf(entry);
    if (!c.kind.empty()) console_.emplace_back(TimestampOf(entry), std::move(c));
  }
}

bool DriverLogs::Read(const LogReader& read, const std::string& type) {
  if (unsupported_) return false;
  StatusOr<Json> entries = read(type);
  // Reporting only: a server without the logs (or a lost session) is not
  // asked again, rather than costing a failing command per step.
  if (!entries.ok()) {
    unsupported_ = true;
    return false;
  }
  if (type == "performance")
    AddPerformance(*entries);
  else
    AddBrowser(*entries);
  return true;
}

std::vector<RequestRecord> DriverLogs::TakeLog(const LogReader& read) {
  performance_fresh_ = Read(read, "performance");
  std::lock_guard<std::mutex> lock(events_.mutex);
  return std::exchange(events_.log, {});
}

std::vector<ConsoleEntry> DriverLogs::TakeConsole(const LogReader& read) {
  if (!performance_fresh_) Read(read, "performance");
  performance_fresh_ = false;
  Read(read, "browser");
  std::stable_sort(console_.begin(), console_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<ConsoleEntry> out;
  for (auto& [when, entry] : console_) out.push_back(std::move(entry));
  console_.clear();
  {
    std::lock_guard<std::mutex> lock(events_.mutex);
    events_.console.clear();
  }
  console_seen_ = 0;
  return out;
}

}  // namespace proofup::browser::webdriver
