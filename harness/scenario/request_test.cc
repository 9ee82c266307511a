// `request:` steps: the model they load into, and every loader error with its
// file:line:column.
#include <gtest/gtest.h>

#include "harness/scenario/scenario.h"

namespace proofup::scenario {
namespace {

#define HEAD "name: t\nsteps:\n"

HttpRequest LoadOne(const std::string& steps) {
  auto s = LoadScenarioText(HEAD + steps, "t.yaml");
  EXPECT_TRUE(s.ok()) << s.status().message();
  if (!s.ok() || s->steps.size() != 1) return {};
  const auto* r = std::get_if<HttpRequest>(&s->steps[0].action);
  EXPECT_NE(r, nullptr);
  return r ? *r : HttpRequest{};
}

// The "file:line:column: error: message" lines of a failed load, without carets.
std::string ErrorLines(const std::string& steps) {
  auto s = LoadScenarioText(HEAD + steps, "t.yaml");
  if (s.ok()) return "(loaded)";
  std::string out, line;
  for (std::istringstream in(s.status().message()); std::getline(in, line);)
    if (line.starts_with("t.yaml:")) out += (out.empty() ? "" : "\n") + line;
  return out;
}

TEST(RequestStepTest, ShortFormIsAGet) {
  HttpRequest r = LoadOne("  - request: /api/me\n");
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.url, "/api/me");
  EXPECT_TRUE(r.status.empty());
  EXPECT_EQ(r.body_kind, HttpRequest::BodyKind::kNone);
}

TEST(RequestStepTest, LoadsMethodHeadersJsonChecksAndCaptures) {
  HttpRequest r = LoadOne(R"yaml(  - request:
      method: post
      url: ${target}/api/verify
      headers: {X-CSRF-Token: "${target}", Accept: application/json}
      json: {code: "123456", n: 42, s: "42", ok: true, none: null, list: [1, "a"], f: 1.5}
      expect:
        status: [200, 201]
        headers:
          Content-Type: {matches: "^application/json"}
          X-Mode: test
          Location: {exists: no}
        body:
          $.ok: true
          $['n']: 42
          $.items[*].id: [1, 2]
          $.token: {exists: yes}
          $.name: {matches: "^j"}
          $.obj: {equals: {a: 1}}
        body matches: '"ok":\s*true'
      capture:
        otp_uri: $.uri
        code: {regex: "code=(\\d+)", secret: true}
        token: {path: "$.token", secret: yes}
)yaml");
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "${target}/api/verify");
  ASSERT_EQ(r.headers.size(), 2u);
  EXPECT_EQ(r.headers[0].first, "X-CSRF-Token");
  EXPECT_EQ(r.headers[0].second, "${target}");
  EXPECT_EQ(r.body_kind, HttpRequest::BodyKind::kJson);
  EXPECT_EQ(r.body,
            R"({"code":"123456","n":42,"s":"42","ok":true,"none":null,"list":[1,"a"],"f":1.5})");
  EXPECT_EQ(r.status, (std::vector<int>{200, 201}));
  ASSERT_EQ(r.expect_headers.size(), 3u);
  EXPECT_EQ(r.expect_headers[0].check.kind, ValueCheck::Kind::kMatches);
  EXPECT_EQ(r.expect_headers[1].check.value, "test");
  EXPECT_EQ(r.expect_headers[2].check.kind, ValueCheck::Kind::kExists);
  EXPECT_FALSE(r.expect_headers[2].check.exists);
  ASSERT_EQ(r.expect_body.size(), 6u);
  EXPECT_EQ(r.expect_body[0].path, "$.ok");
  EXPECT_EQ(r.expect_body[0].check.value, "true");
  EXPECT_EQ(r.expect_body[1].check.value, "42");
  EXPECT_EQ(r.expect_body[2].check.value, "[1,2]");
  EXPECT_EQ(r.expect_body[3].check.kind, ValueCheck::Kind::kExists);
  EXPECT_EQ(r.expect_body[4].check.kind, ValueCheck::Kind::kMatches);
  EXPECT_EQ(r.expect_body[5].check.value, R"({"a":1})");
  EXPECT_EQ(r.body_matches, (std::vector<std::string>{R"("ok":\s*true)"}));
  ASSERT_EQ(r.captures.size(), 3u);
  EXPECT_EQ(r.captures[0].var, "otp_uri");
  EXPECT_EQ(r.captures[0].path, "$.uri");
  EXPECT_FALSE(r.captures[0].secret);
  EXPECT_EQ(r.captures[1].pattern, R"(code=(\d+))");
  EXPECT_TRUE(r.captures[1].secret);
  EXPECT_EQ(r.captures[2].path, "$.token");
  EXPECT_TRUE(r.captures[2].secret);
}

TEST(RequestStepTest, FormAndRawBodies) {
  HttpRequest form = LoadOne("  - request: {url: /x, method: PUT, form: {a: '1', b: ''}}\n");
  EXPECT_EQ(form.body_kind, HttpRequest::BodyKind::kForm);
  ASSERT_EQ(form.form.size(), 2u);
  EXPECT_EQ(form.form[1].first, "b");
  HttpRequest raw = LoadOne("  - request: {url: /x, method: POST, body: 'a=1&b=2'}\n");
  EXPECT_EQ(raw.body_kind, HttpRequest::BodyKind::kRaw);
  EXPECT_EQ(raw.body, "a=1&b=2");
}

// Captured names are variables for the steps after the request, not before.
TEST(RequestStepTest, CapturesAreVariablesOfLaterSteps) {
  auto ok = LoadScenarioText(HEAD
                             "  - request: {url: /k, capture: {otp_uri: $.uri}}\n"
                             "  - phone: {add account: {uri: \"${otp_uri}\"}}\n",
                             "t.yaml");
  EXPECT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ErrorLines("  - go to: /${otp_uri}\n"
                       "  - request: {url: /k, capture: {otp_uri: $.uri}}\n"),
            "t.yaml:3:13: error: variable \"${otp_uri}\" is used before it is set (at t.yaml:4)");
  EXPECT_EQ(ErrorLines("  - request: {url: /k, json: {code: \"${cod}\"}}\n"),
            "t.yaml:3:38: error: unknown variable \"${cod}\" (set it in \"vars\", with "
            "capture/read, with --var cod=..., or use ${env.NAME})");
}

TEST(RequestStepTest, EveryBadKeyAndValueIsReportedWhereItIs) {
  struct Bad {
    std::string steps, errors;
  };
  for (const Bad& b : std::vector<Bad>{
           {"  - request: {url: /x, metod: GET}\n",
            "t.yaml:3:24: error: unknown key \"metod\" in \"request\"; did you mean \"method\"?"},
           {"  - request: {method: GET}\n",
            "t.yaml:3:5: error: missing required key \"url\" in \"request\""},
           {"  - request: {url: /x, method: FETCH}\n",
            "t.yaml:3:32: error: unknown HTTP method \"FETCH\"; did you mean \"PATCH\"?"},
           {"  - request: {url: /x, json: {a: 1}, form: {b: 2}}\n",
            "t.yaml:3:38: error: a request has one body: \"form\", \"json\" or \"body\""},
           {"  - request: {url: /x, method: HEAD, body: x}\n",
            "t.yaml:3:5: error: a HEAD request sends no body"},
           {"  - request: {url: /x, headers: [a]}\n",
            "t.yaml:3:33: error: expected a mapping of header: value for \"headers\", got a "
            "list"},
           {"  - request: {url: /x, expect: {status: 700}}\n",
            "t.yaml:3:41: error: HTTP status 700 is outside 100..599"},
           {"  - request: {url: /x, expect: {status: [200, ok]}}\n",
            "t.yaml:3:47: error: expected a whole number for an item of \"status\", got \"ok\""},
           {"  - request: {url: /x, expect: {stat: 200}}\n",
            "t.yaml:3:33: error: unknown key \"stat\" in \"expect\"; did you mean \"status\"?"},
           {"  - request:\n      url: /x\n      expect:\n        body:\n          $.a[: 1\n",
            "t.yaml:7:11: error: invalid JSONPath: unterminated \"[\" at character 4 of \"$.a[\""},
           {"  - request: {url: /x, expect: {body: {a.b: 1}}}\n",
            "t.yaml:3:40: error: invalid JSONPath: a JSONPath starts with \"$\" at character 1 "
            "of \"a.b\""},
           {"  - request: {url: /x, expect: {body: {$.a: {matches: \"(\"}}}}\n",
            "t.yaml:3:55: error: invalid regular expression \"(\": unmatched ( or )"},
           {"  - request: {url: /x, expect: {body: {$.a: {equal: 1}}}}\n",
            "t.yaml:3:46: error: unknown key \"equal\" in JSONPath \"$.a\"; did you mean "
            "\"equals\"?"},
           {"  - request: {url: /x, expect: {body: {$.a: {}}}}\n",
            "t.yaml:3:45: error: JSONPath \"$.a\" needs exactly one of equals, matches, exists "
            "(compare an object with {equals: {...}})"},
           {"  - request: {url: /x, expect: {headers: {X-A: {exists: maybe}}}}\n",
            "t.yaml:3:57: error: expected yes or no for \"exists\", got \"maybe\""},
           {"  - request: {url: /x, expect: {body matches: \"[a\"}}\n",
            "t.yaml:3:47: error: invalid regular expression \"[a\": unmatched [ or ]"},
           {"  - request: {url: /x, capture: {otp: uri}}\n",
            "t.yaml:3:39: error: capture \"otp\" needs a JSONPath (\"$.a.b\") or a mapping with "
            "path or regex, e.g. {regex: \"code=(\\\\d+)\"}"},
           {"  - request: {url: /x, capture: {otp: {path: $.a, regex: b}}}\n",
            "t.yaml:3:51: error: capture \"otp\" takes one of \"path\" and \"regex\""},
           {"  - request: {url: /x, capture: {otp: {secret: yes}}}\n",
            "t.yaml:3:34: error: capture \"otp\" needs \"path\" (a JSONPath) or \"regex\""},
           {"  - request: {url: /x, capture: {9x: $.a}}\n",
            "t.yaml:3:34: error: invalid variable name \"9x\": use letters, digits, '_' and '-', "
            "not starting with a digit"},
           {"  - request: [a]\n",
            "t.yaml:3:14: error: expected a URL or a mapping with method, url, headers, body, "
            "expect for \"request\", got a list"},
       }) {
    EXPECT_EQ(ErrorLines(b.steps), b.errors) << b.steps;
  }
}

}  // namespace
}  // namespace proofup::scenario
