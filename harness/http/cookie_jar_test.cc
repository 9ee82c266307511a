#include "harness/http/cookie_jar.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "harness/http/test_server.h"

namespace proofup::http {
namespace {

std::string Names(const std::vector<Cookie>& cookies) {
  std::string out;
  for (const Cookie& c : cookies) out += (out.empty() ? "" : ",") + c.name;
  return out;
}

TEST(MatchCookiesTest, AppliesDomainPathSecureAndExpiry) {
  const std::vector<std::string> jar = {
      "portal.example\tFALSE\t/\tFALSE\t0\texact\t1",
      ".example\tTRUE\t/\tFALSE\t0\tsubdomains\t2",
      "#HttpOnly_portal.example\tFALSE\t/api\tFALSE\t0\tapi\t3",
      "portal.example\tFALSE\t/\tTRUE\t0\tsecure\t4",
      "portal.example\tFALSE\t/\tFALSE\t1000\texpired\t5",
      "portal.example\tFALSE\t/\tFALSE\t3000\tlater\t6",
      "other.example\tFALSE\t/\tFALSE\t0\tother\t7",
  };
  const int64_t now = 2000;
  EXPECT_EQ(Names(MatchCookies(jar, "http://portal.example/", now)), "exact,subdomains,later");
  EXPECT_EQ(Names(MatchCookies(jar, "https://PORTAL.example:8443/api/x?y", now)),
            "api,exact,subdomains,secure,later");
  EXPECT_EQ(Names(MatchCookies(jar, "http://portal.example/apiary", now)),
            "exact,subdomains,later");
  EXPECT_EQ(Names(MatchCookies(jar, "http://sub.portal.example/api", now)), "subdomains");
  EXPECT_EQ(Names(MatchCookies(jar, "http://notexample/", now)), "");
  EXPECT_EQ(Names(MatchCookies(jar, "not a url", now)), "");
}

// The public form of the same rules, over cookies as a browser reports them.
TEST(CookiesForRequestTest, AppliesTheJarsRulesToStoredCookies) {
  std::vector<StoredCookie> stored = {
      {"exact", "1", "portal.example", false, "/", false, 0},
      {"subdomains", "2", "example", true, "/", false, 0},
      {"api", "3", "portal.example", false, "/api", false, 0},
      {"secure", "4", "portal.example", false, "/", true, 0},
      {"expired", "5", "portal.example", false, "/", false, 1000},
  };
  EXPECT_EQ(Names(CookiesForRequest(stored, "http://portal.example/api/x", 2000)),
            "api,exact,subdomains");
  EXPECT_EQ(Names(CookiesForRequest(stored, "https://sub.portal.example/", 2000)), "subdomains");
  EXPECT_EQ(Names(CookiesForRequest(stored, "https://portal.example/", 2000)),
            "exact,subdomains,secure");
  EXPECT_EQ(HostOf("https://PORTAL.example:8443/x"), "portal.example");
  EXPECT_EQ(HostOf("not a url"), "");
}

TEST(CookieHeaderTest, JoinsNameValuePairs) {
  EXPECT_EQ(CookieHeader({}), "");
  EXPECT_EQ(CookieHeader({{"a", "1"}, {"sid", "x=y"}}), "a=1; sid=x=y");
}

// libcurl is the reference: for every URL, CookiesFor answers exactly what
// the same transport then sends in its own Cookie header.
// The cookies of a Cookie header, sorted: curl orders cookies of equal path
// length in its own way.
std::string Sorted(const std::string& header) {
  std::vector<std::string> parts;
  for (size_t start = 0; start < header.size();) {
    size_t end = header.find("; ", start);
    parts.push_back(header.substr(start, end - start));
    start = end == std::string::npos ? header.size() : end + 2;
  }
  std::sort(parts.begin(), parts.end());
  std::string out;
  for (const auto& p : parts) out += p + "|";
  return out;
}

Request Get(const std::string& url) {
  Request r;
  r.url = url;
  return r;
}

TEST(CurlCookiesTest, CookiesForIsWhatCurlSends) {
  testing::LocalServer server;
  server.server().Get("/set", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Set-Cookie", "sid=abc123; Path=/; HttpOnly");
    res.headers.emplace("Set-Cookie", "api=k; Path=/api");
    res.headers.emplace("Set-Cookie", "tls=only; Path=/; Secure");
    res.headers.emplace("Set-Cookie", "gone=1; Path=/; Max-Age=0");
    res.set_content("ok", "text/plain");
  });
  server.server().Get(".*", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(req.get_header_value("Cookie"), "text/plain");
  });
  ASSERT_TRUE(server.Start());
  auto transport = NewCurlTransport();
  EXPECT_TRUE(transport->CookiesFor(server.Url("/")).empty());
  ASSERT_TRUE(transport->Send(Get(server.Url("/set"))).ok());
  for (const std::string path : {"/", "/api", "/api/me", "/apiary", "/x/y"}) {
    auto sent = transport->Send(Get(server.Url(path)));
    ASSERT_TRUE(sent.ok()) << sent.status().message();
    EXPECT_EQ(Sorted(CookieHeader(transport->CookiesFor(server.Url(path)))), Sorted(sent->body))
        << path;
  }
  // Secure cookies go to loopback over http, as curl and Chromium send them.
  EXPECT_EQ(CookieHeader(transport->CookiesFor(server.Url("/api/me"))),
            "api=k; sid=abc123; tls=only");
  EXPECT_EQ(CookieHeader(NewCurlTransport()->CookiesFor(server.Url("/"))), "");  // own jar
}

}  // namespace
}  // namespace proofup::http
