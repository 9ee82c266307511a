// The phone side: notifications and SMS stay with their own device/number.
#include <gtest/gtest.h>

#include "harness/qr/qr.h"
#include "mock-idp/testing/flow_driver.h"

namespace proofup::mockidp::testing {
namespace {

TEST(PhoneApi, PushesBelongToOneDeviceAndOneSignIn) {
  auto idp = StartServer();
  ASSERT_TRUE(idp);
  HttpClient kees_browser(idp->url()), alice_browser(idp->url());
  VirtualPhone kees(idp->url(), "fixture-push-kees"), alice(idp->url(), "fixture-push-alice");
  HttpResponse kp = SignIn(kees_browser, "kees@voorbeeld.nl", "Test-Kees-2024!");
  HttpResponse ap = SignIn(alice_browser, "alice@voorbeeld.nl", "Test-Alice-2024!");
  auto kees_pushes = kees.Pushes();
  auto alice_pushes = alice.Pushes();
  ASSERT_EQ(kees_pushes.size(), 1u);
  ASSERT_EQ(alice_pushes.size(), 1u);
  EXPECT_EQ(kees_pushes[0]["account"], "kees@voorbeeld.nl");
  EXPECT_EQ(alice_pushes[0]["account"], "alice@voorbeeld.nl");
  // Alice's phone cannot answer Kees's notification: same answer as unknown.
  HttpResponse foreign = alice.Answer(kees_pushes[0]["id"], MatchNumber(kp.body), true);
  EXPECT_EQ(foreign.status, 404);
  EXPECT_EQ(alice.Answer("0123456789abcdef", "10", true).status, 404);
  EXPECT_EQ(kees.Answer(kees_pushes[0]["id"], MatchNumber(kp.body), true).Json()["result"],
            "approved");
  EXPECT_EQ(kees_browser.Get("/challenge/push").Path(), "/");
  EXPECT_NE(alice_browser.Get("/challenge/push").Path(), "/");  // Alice still waits
  EXPECT_TRUE(kees.Pushes().empty());
  EXPECT_EQ(alice.Pushes().size(), 1u);
}

TEST(PhoneApi, OutboxIsPerNumber) {
  auto idp = StartServer();
  ASSERT_TRUE(idp);
  HttpClient a(idp->url()), b(idp->url());
  SignIn(a, "sanne@voorbeeld.nl", "Test-Sanne-2024!");  // default method: SMS
  VirtualPhone phone(idp->url(), "x");
  auto sanne = phone.Sms("+31612340002");
  ASSERT_EQ(sanne.size(), 1u);
  EXPECT_EQ(sanne[0].substr(0, 22), "Uw verificatiecode is ");
  EXPECT_TRUE(phone.Sms("+31612340001").empty());
  // An unencoded '+' (read as a space) still finds the number.
  HttpResponse raw = phone.http().Get("/sms/outbox?number=+31612340002", false);
  EXPECT_EQ(raw.Json()["messages"].size(), 1u);
  EXPECT_EQ(raw.Json()["messages"][0]["to"], "+31612340002");
  EXPECT_EQ(phone.http().Get("/sms/outbox", false).status, 400);
}

TEST(PhoneApi, MalformedRequestsAre400) {
  auto idp = StartServer();
  ASSERT_TRUE(idp);
  HttpClient c(idp->url());
  EXPECT_EQ(
      c.Send("POST", "/activate/abcdef", "{not json", {"Content-Type: application/json"}).status,
      400);
  EXPECT_EQ(c.PostJson("/activate/abcdef", {{"code", "1"}}).status, 400);
  EXPECT_EQ(c.PostJson("/activate/abcdef", nlohmann::json::array()).status, 400);
  EXPECT_EQ(c.PostJson("/phone/push/abcdef/answer", {{"token", "t"}, {"approve", "yes"}}).status,
            400);
  EXPECT_EQ(c.Get("/phone/push", false).status, 400);
  HttpResponse r = c.PostJson("/activate/NOT-HEX", {{"code", "1"}, {"push_token", "t"}});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.Json()["error"], "not_found");
}

}  // namespace
}  // namespace proofup::mockidp::testing
