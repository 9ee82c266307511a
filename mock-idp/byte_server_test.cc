// MockIdp::ServeConnectionBytes: a connection's bytes served in the calling
// thread, with the socket's routes and limits (the fuzz driver relies on it).
#include <gtest/gtest.h>

#include <string>

#include "mock-idp/mock_idp.h"

namespace proofup::mockidp {
namespace {

std::unique_ptr<MockIdp> StartQuiet() {
  MockIdpOptions options;
  options.users_file = std::string(PROOFUP_SOURCE_DIR) + "/fixtures/users.yaml";
  options.threads = 2;
  options.log_requests = false;
  auto idp = MockIdp::Start(options);
  EXPECT_TRUE(idp.ok()) << idp.status().ToString();
  return idp.ok() ? std::move(*idp) : nullptr;
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(ServeConnectionBytes, AnswersPipelinedRequestsLikeASocket) {
  auto idp = StartQuiet();
  ASSERT_TRUE(idp);
  const std::string get = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  auto one = idp->ServeConnectionBytes(get);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(one->rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << *one;
  EXPECT_NE(one->find("{\"ok\":true}"), std::string::npos) << *one;
  auto three = idp->ServeConnectionBytes(get + get + "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(three.ok());
  EXPECT_EQ(Count(*three, "HTTP/1.1 200 OK"), 2u) << *three;
  EXPECT_EQ(Count(*three, "HTTP/1.1 404"), 1u) << *three;
}

TEST(ServeConnectionBytes, KeepsTheBodyLimitsAndSurvivesGarbage) {
  auto idp = StartQuiet();
  ASSERT_TRUE(idp);
  auto chunked = idp->ServeConnectionBytes(
      "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nab=cd\r\n0\r\n\r\n");
  ASSERT_TRUE(chunked.ok());
  EXPECT_EQ(chunked->rfind("HTTP/1.1 411", 0), 0u) << *chunked;
  auto big = idp->ServeConnectionBytes("POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                                       std::to_string(10 << 20) + "\r\n\r\nabc");
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(big->rfind("HTTP/1.1 413", 0), 0u) << *big;
  for (const std::string& garbage :
       {std::string(), std::string("\0\r\n\r\n", 5), std::string("GET")}) {
    auto answer = idp->ServeConnectionBytes(garbage);
    ASSERT_TRUE(answer.ok());
    EXPECT_EQ(answer->find("HTTP/1.1 200"), std::string::npos) << *answer;
  }
}

}  // namespace
}  // namespace proofup::mockidp
