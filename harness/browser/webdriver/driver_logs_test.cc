#include "harness/browser/webdriver/driver_logs.h"

#include <gtest/gtest.h>

#include <map>

namespace proofup::browser::webdriver {
namespace {

// A "performance" log entry as chromedriver 156 writes it: the DevTools
// event as JSON text inside the entry.
Json Event(const std::string& method, Json params, int64_t timestamp = 1000) {
  Json message = {{"message", {{"method", method}, {"params", std::move(params)}}},
                  {"webview", "4494F5ACC24655E72109CC0F3101E163"}};
  return {{"level", "INFO"}, {"message", message.dump()}, {"timestamp", timestamp}};
}

// A "browser" log entry (these messages are copied from chromedriver 156).
Json Browser(const std::string& source, const std::string& level, const std::string& message,
             int64_t timestamp = 1000) {
  return {{"level", level}, {"message", message}, {"source", source}, {"timestamp", timestamp}};
}

Json Request(const std::string& id, const std::string& method, const std::string& url, double at) {
  return {{"requestId", id},
          {"request", {{"method", method}, {"url", url}}},
          {"timestamp", at},
          {"type", "Document"}};
}

TEST(ConsoleEntryOfTest, ConsoleErrorsAndExceptionsAsThePipeBackendReportsThem) {
  ConsoleEntry e = ConsoleEntryOf(
      Browser("console-api", "SEVERE", R"(http://127.0.0.1:18777/ 1:16 "early error" 42 Object)"));
  EXPECT_EQ(e.kind, "console");
  EXPECT_EQ(e.text, "early error 42 Object");
  e = ConsoleEntryOf(
      Browser("console-api", "SEVERE", R"(http://h/p?a=1 3:9 "say \"hi\" now" "two words")"));
  EXPECT_EQ(e.text, "say \"hi\" now two words");
  e = ConsoleEntryOf(
      Browser("javascript", "SEVERE", "http://127.0.0.1:18777/ 2:22 Uncaught Error: boom"));
  EXPECT_EQ(e.kind, "exception");
  EXPECT_EQ(e.text, "Error: boom");
  // Without a source location the message stays whole.
  e = ConsoleEntryOf(Browser("console-api", "SEVERE", R"("no place")"));
  EXPECT_EQ(e.text, "no place");
}

TEST(ConsoleEntryOfTest, LogsWarningsAndNetworkEntriesAreNotConsoleErrors) {
  EXPECT_EQ(ConsoleEntryOf(Browser("console-api", "INFO", R"(http://h/ 1:57 "just log")")).kind,
            "");
  EXPECT_EQ(ConsoleEntryOf(Browser("console-api", "WARNING", R"(http://h/ 1:5 "careful")")).kind,
            "");
  // Failed requests come from the performance log, as the pipe's Network events.
  EXPECT_EQ(ConsoleEntryOf(Browser("network", "SEVERE",
                                   "http://h/missing - Failed to load resource: the server "
                                   "responded with a status of 404 (Not Found)"))
                .kind,
            "");
  EXPECT_EQ(ConsoleEntryOf(Json("not an entry")).kind, "");
}

// A reader answering from queued log values, counting reads per log type.
struct FakeServer {
  std::map<std::string, std::vector<Json>> queued;
  std::map<std::string, int> reads;
  bool fail = false;
  LogReader Reader() {
    return [this](const std::string& type) -> StatusOr<Json> {
      ++reads[type];
      if (fail) return Status::NetworkError("WebDriver unknown command: unknown command");
      if (queued[type].empty()) return Json::array();
      Json v = queued[type].front();
      queued[type].erase(queued[type].begin());
      return v;
    };
  }
};

TEST(DriverLogsTest, RedirectHopsFetchesAndFailuresFromThePerformanceLog) {
  FakeServer server;
  Json redirected = Request("D4", "GET", "http://h/", 10.5);
  redirected["redirectResponse"] = {{"status", 302}};
  server.queued["performance"].push_back(Json::array({
      Event("Network.requestWillBeSent", Request("D4", "GET", "http://h/redir", 10.0)),
      Event("Network.requestWillBeSent", redirected),
      Event("Network.responseReceived",
            {{"requestId", "D4"}, {"type", "Document"}, {"response", {{"status", 200}}}}),
      Event("Network.loadingFinished", {{"requestId", "D4"}, {"timestamp", 10.75}}),
      Event("Network.requestWillBeSent", Request("13.3", "POST", "http://h/missing", 11.0), 2000),
      Event("Network.responseReceived",
            {{"requestId", "13.3"}, {"type", "Fetch"}, {"response", {{"status", 404}}}}, 2000),
      Event("Network.loadingFinished", {{"requestId", "13.3"}, {"timestamp", 11.5}}, 2000),
      Event("Network.requestWillBeSent", Request("13.4", "GET", "data:,", 12.0)),
  }));
  server.queued["browser"].push_back(Json::array(
      {Browser("console-api", "SEVERE", R"(http://h/ 1:16 "first")", 1500),
       Browser("javascript", "SEVERE", "http://h/ 2:22 Uncaught TypeError: x is null", 2500)}));
  DriverLogs logs;
  std::vector<RequestRecord> log = logs.TakeLog(server.Reader());
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].url, "http://h/redir");
  EXPECT_EQ(log[0].status, 302);
  EXPECT_DOUBLE_EQ(log[0].elapsed_ms, 500);
  EXPECT_EQ(log[1].url, "http://h/");
  EXPECT_EQ(log[1].status, 200);
  EXPECT_EQ(log[2].method, "POST");
  EXPECT_EQ(log[2].status, 404);
  // TakeConsole right after TakeLog reads only the browser log; entries of
  // both logs in the order they happened.
  std::vector<ConsoleEntry> console = logs.TakeConsole(server.Reader());
  EXPECT_EQ(server.reads["performance"], 1);
  EXPECT_EQ(server.reads["browser"], 1);
  ASSERT_EQ(console.size(), 3u);
  EXPECT_EQ(console[0].text, "first");
  EXPECT_EQ(console[1].kind, "request");
  EXPECT_EQ(console[1].text, "POST http://h/missing -> 404");
  EXPECT_EQ(console[2].text, "TypeError: x is null");
  // Taken means cleared.
  EXPECT_TRUE(logs.TakeLog(server.Reader()).empty());
  EXPECT_TRUE(logs.TakeConsole(server.Reader()).empty());
}

TEST(DriverLogsTest, ConsoleAloneReadsBothLogs) {
  FakeServer server;
  server.queued["performance"].push_back(Json::array({
      Event("Network.requestWillBeSent", Request("1", "GET", "http://h/x", 1.0)),
      Event(
          "Network.loadingFailed",
          {{"requestId", "1"}, {"timestamp", 1.25}, {"errorText", "net::ERR_CONNECTION_REFUSED"}}),
  }));
  DriverLogs logs;
  std::vector<ConsoleEntry> console = logs.TakeConsole(server.Reader());
  ASSERT_EQ(console.size(), 1u);
  EXPECT_EQ(console[0].text, "GET http://h/x failed: net::ERR_CONNECTION_REFUSED");
  EXPECT_EQ(server.reads["performance"], 1);
  // The request read on the way waits for the next TakeLog.
  std::vector<RequestRecord> log = logs.TakeLog(server.Reader());
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].error, "net::ERR_CONNECTION_REFUSED");
}

TEST(DriverLogsTest, AServerWithoutTheLogsIsAskedOnce) {
  FakeServer server;
  server.fail = true;
  DriverLogs logs;
  EXPECT_TRUE(logs.TakeLog(server.Reader()).empty());
  EXPECT_TRUE(logs.TakeConsole(server.Reader()).empty());
  EXPECT_TRUE(logs.TakeLog(server.Reader()).empty());
  EXPECT_EQ(server.reads["performance"] + server.reads["browser"], 1);
}

TEST(DriverLogsTest, LoggingPrefsAskForBothLogs) {
  EXPECT_EQ(LoggingPrefs(), Json({{"browser", "ALL"}, {"performance", "ALL"}}));
}

}  // namespace
}  // namespace proofup::browser::webdriver
