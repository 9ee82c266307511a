// The protocol client against a fake peer on a pipe pair: replies matched by
// id, events routed by session, errors and a closed peer reported.
#include "harness/browser/chromium/cdp.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <thread>

namespace proofup::browser::cdp {
namespace {

// The other end of the pipes: reads NUL-delimited commands, answers them.
class FakePeer {
 public:
  FakePeer() {
    int to_peer[2], from_peer[2];
    EXPECT_EQ(pipe(to_peer), 0);
    EXPECT_EQ(pipe(from_peer), 0);
    in_ = to_peer[0];
    out_ = from_peer[1];
    connection_ = std::make_unique<Connection>(to_peer[1], from_peer[0]);
  }
  ~FakePeer() {
    if (out_ >= 0) close(out_);
    connection_.reset();
    close(in_);
  }
  Json ReadCommand() {
    std::string text;
    char c;
    while (read(in_, &c, 1) == 1 && c != '\0') text += c;
    return Json::parse(text);
  }
  void Write(const Json& message) {
    std::string text = message.dump();
    text.push_back('\0');
    ASSERT_EQ(write(out_, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }
  void CloseOutput() {
    close(out_);
    out_ = -1;
  }
  Connection& connection() { return *connection_; }

 private:
  int in_, out_;
  std::unique_ptr<Connection> connection_;
};

TEST(CdpConnectionTest, CallsGetResultsErrorsTimeoutsAndClose) {
  FakePeer peer;
  std::vector<std::string> events;
  std::mutex mu;
  peer.connection().Subscribe("S1", [&](const std::string& m, const Json& p) {
    std::lock_guard<std::mutex> lock(mu);
    events.push_back(m + ":" + p.value("x", ""));
  });
  std::thread server([&] {
    Json a = peer.ReadCommand();
    EXPECT_EQ(a["sessionId"], "S1");
    peer.Write({{"method", "E"}, {"sessionId", "S2"}, {"params", {{"x", "other"}}}});
    peer.Write({{"method", "E"}, {"sessionId", "S1"}, {"params", {{"x", "mine"}}}});
    peer.Write({{"id", a["id"]}, {"result", {{"v", 2}}}});
    Json b = peer.ReadCommand();
    peer.Write({{"id", b["id"]}, {"error", {{"message", "No such thing"}}}});
    peer.ReadCommand();  // never answered: times out
    Json d = peer.ReadCommand();
    (void)d;
    peer.CloseOutput();
  });
  auto ok = peer.connection().Call("A", Json::object(), "S1");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ((*ok)["v"], 2);
  {
    std::lock_guard<std::mutex> lock(mu);
    EXPECT_EQ(events, std::vector<std::string>{"E:mine"});  // before the reply, S2's dropped
  }
  auto bad = peer.connection().Call("B");
  EXPECT_EQ(bad.status().kind(), Status::Kind::kFailedPrecondition);
  EXPECT_NE(bad.status().message().find("No such thing"), std::string::npos);
  auto slow = peer.connection().Call("C", Json::object(), "", std::chrono::milliseconds(50));
  EXPECT_EQ(slow.status().kind(), Status::Kind::kTimeout);
  auto closed = peer.connection().Call("D");
  EXPECT_EQ(closed.status().kind(), Status::Kind::kNetworkError);
  EXPECT_TRUE(peer.connection().closed());
  EXPECT_NE(peer.connection().close_reason().find("closed"), std::string::npos);
  server.join();
}

}  // namespace
}  // namespace proofup::browser::cdp
