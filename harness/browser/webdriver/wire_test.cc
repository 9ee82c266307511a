// The WebDriver wire's error mapping, on replies as chromedriver and a
// Selenium Grid send them, and a command to a server that is not there.
#include "harness/browser/webdriver/wire.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

namespace proofup::browser::webdriver {
namespace {

std::string Reply(const std::string& error, const std::string& message) {
  return Json{{"value", {{"error", error}, {"message", message}, {"stacktrace", "#0 ..."}}}}.dump();
}

TEST(WireErrorTest, AGridThatNoLongerKnowsTheSessionMeansTheSessionIsLost) {
  WireError e = ErrorOf(404, Reply("invalid session id",
                                   "Unable to find session with ID: abc\n"
                                   "Build info: version: '4.48.0'"));
  EXPECT_TRUE(e.session_lost);
  EXPECT_EQ(e.status.kind(), Status::Kind::kNetworkError);
  EXPECT_EQ(e.status.message(),
            "the WebDriver session was lost: Unable to find session with ID: abc");
}

TEST(WireErrorTest, ABrowserThatDiedUnderChromedriverMeansTheSessionIsLost) {
  WireError e = ErrorOf(500, Reply("unknown error",
                                   "unknown error: cannot determine loading "
                                   "status\nfrom disconnected: not connected to "
                                   "DevTools"));
  // Its second line says so.
  EXPECT_TRUE(e.session_lost);
  EXPECT_EQ(e.status.message(),
            "the WebDriver session was lost: unknown error: cannot determine loading status (from "
            "disconnected: not connected to DevTools)");
  e = ErrorOf(500, Reply("unknown error", "disconnected: not connected to DevTools"));
  EXPECT_TRUE(e.session_lost);
  e = ErrorOf(500, Reply("unknown error", "chrome not reachable"));
  EXPECT_TRUE(e.session_lost);
}

TEST(WireErrorTest, ARefusedNewSessionKeepsTheServersMessage) {
  WireError e = ErrorOf(500, Reply("session not created",
                                   "Could not start a new session. New session request timed out"));
  EXPECT_FALSE(e.session_lost);
  EXPECT_EQ(e.status.kind(), Status::Kind::kNetworkError);
  EXPECT_EQ(e.status.message(),
            "the WebDriver server refused a new session: Could not start a new session. New "
            "session request timed out");
}

TEST(WireErrorTest, ChromedriversCauseOnItsOwnLineIsKept) {
  WireError e = ErrorOf(500, Reply("session not created",
                                   "Could not start a new session. Response code 500. Message: "
                                   "session not created\nfrom unknown error: no chrome binary at "
                                   "/x \nHost info: host: 'vm'"));
  EXPECT_EQ(e.status.message(),
            "the WebDriver server refused a new session: Could not start a new session. Response "
            "code 500. Message: session not created (from unknown error: no chrome binary at /x)");
}

TEST(WireErrorTest, ScriptErrorsTimeoutsAndNonJsonAnswers) {
  Status script =
      ErrorOf(500, Reply("javascript error", "javascript error: x is not defined")).status;
  EXPECT_EQ(script.kind(), Status::Kind::kFailedPrecondition);
  EXPECT_EQ(script.message(), "script in the page failed: javascript error: x is not defined");
  EXPECT_EQ(ErrorOf(500, Reply("script timeout", "script timeout")).status.kind(),
            Status::Kind::kTimeout);
  WireError e = ErrorOf(502, "<html>Bad Gateway</html>");
  EXPECT_FALSE(e.session_lost);
  EXPECT_EQ(e.status.message(), "the WebDriver server answered HTTP 502: <html>Bad Gateway</html>");
}

TEST(WireTest, CommandsReturnTheValueAndSendUtf8Json) {
  httplib::Server server;
  server.set_keep_alive_max_count(1);  // stop() does not wait out an idle keep-alive
  std::string content_type, body;
  server.Post("/session/s1/url", [&](const httplib::Request& req, httplib::Response& res) {
    content_type = req.get_header_value("Content-Type");
    body = req.body;
    res.set_content(R"({"value":null})", "application/json");
  });
  server.Get("/session/s1/title", [](const httplib::Request&, httplib::Response& res) {
    res.status = 404;
    res.set_content(Reply("invalid session id", "invalid session id"), "application/json");
  });
  int port = server.bind_to_any_port("127.0.0.1");
  std::thread thread([&] { server.listen_after_bind(); });
  Wire wire("http://127.0.0.1:" + std::to_string(port) + "/", 5000);
  bool lost = false;
  auto r = wire.Command("POST", "/session/s1/url", Json{{"url", "about:blank"}}, &lost);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->is_null());
  EXPECT_EQ(content_type, "application/json; charset=utf-8");
  EXPECT_EQ(Json::parse(body)["url"], "about:blank");
  EXPECT_FALSE(lost);
  r = wire.Command("GET", "/session/s1/title", Json(), &lost);
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(lost);
  server.stop();
  thread.join();
}

TEST(WireTest, AServerThatIsNotThereIsANetworkErrorAndLosesTheSession) {
  // A port that was free a moment ago: bound, then closed again.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), size), 0);
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size), 0);
  close(fd);
  int port = ntohs(address.sin_port);
  Wire wire("http://127.0.0.1:" + std::to_string(port), 2000);
  bool lost = false;
  auto r = wire.Command("GET", "/status", Json(), &lost);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), Status::Kind::kNetworkError);
  EXPECT_NE(r.status().message().find("cannot reach the WebDriver server at http://127.0.0.1:"),
            std::string::npos)
      << r.status().message();
  EXPECT_TRUE(lost);
}

}  // namespace
}  // namespace proofup::browser::webdriver
