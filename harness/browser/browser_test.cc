// Browser behaviour over a fake Transport that records every request and
// answers from a script of responses keyed by "METHOD url".
#include <gtest/gtest.h>

#include <map>

#include "harness/browser/http/http_browser.h"

namespace proofup::browser {
namespace {

class FakeTransport : public http::Transport {
 public:
  struct Shared {
    std::map<std::string, http::Response> routes;  // "GET http://h/x" -> response
    std::vector<http::Request> requests;
  };
  explicit FakeTransport(Shared* shared) : shared_(shared) {}
  StatusOr<http::Response> Send(const http::Request& request) override {
    shared_->requests.push_back(request);
    auto it = shared_->routes.find(request.method + " " + request.url);
    if (it == shared_->routes.end()) return Status::NetworkError("refused: " + request.url);
    http::Response r = it->second;
    r.url = request.url;
    r.elapsed_ms = 0.5;
    return r;
  }

 private:
  Shared* shared_;
};

http::Response Html(std::string body, int status = 200) {
  return {status, {{"Content-Type", "text/html"}}, std::move(body), "", 0};
}
http::Response Redirect(int status, std::string location) {
  return {status, {{"Location", std::move(location)}}, "", "", 0};
}

class BrowserTest : public ::testing::Test {
 protected:
  FakeTransport::Shared fake_;
  HttpBrowser browser_{std::make_unique<FakeTransport>(&fake_)};
  void Serve(const std::string& key, http::Response r) { fake_.routes[key] = std::move(r); }
  const http::Request& Last() const { return fake_.requests.back(); }
};

const char* kLogin = R"(<title>Aanmelden - Voorbeeld College</title>
  <form method="post" action="/login"><input type="hidden" name="csrf" value="t0k">
  <label for="u">Gebruikersnaam</label><input id="u" name="username">
  <label for="p">Wachtwoord</label><input id="p" type="password" name="password">
  <input type="checkbox" name="remember" id="r"><label for="r">Onthouden</label>
  <button type="submit" name="action" value="login">Aanmelden</button>
  <button type="submit" name="action" value="cancel">Annuleren</button></form>
  <a href="/help">Hulp nodig?</a>)";

TEST_F(BrowserTest, FillAndClickSubmitsEncodedFormWithClickedButton) {
  Serve("GET http://h/login", Html(kLogin));
  Serve("POST http://h/login", Html("<h1>Meer informatie vereist</h1>"));
  ASSERT_TRUE(browser_.Open("http://h/login").ok());
  ASSERT_TRUE(browser_.Fill("Gebruikersnaam", "anna@voorbeeld.nl").ok());
  ASSERT_TRUE(browser_.Fill("wachtwoord", "g3heim & veilig").ok());  // loose match
  ASSERT_TRUE(browser_.Check("Onthouden").ok());
  Status st = browser_.Click("Aanmelden");
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(Last().method, "POST");
  EXPECT_EQ(Last().url, "http://h/login");
  EXPECT_EQ(Last().body,
            "csrf=t0k&username=anna%40voorbeeld.nl&password=g3heim+%26+veilig&remember=on"
            "&action=login");
  EXPECT_EQ(Last().headers.front().value, "application/x-www-form-urlencoded");
  EXPECT_EQ(browser_.page().headings.at(0).text, "Meer informatie vereist");
}

// Without JavaScript a script-drawn shell is blank: the http backend says why
// (the page is still current, for the report), and never waits for a change.
TEST_F(BrowserTest, ScriptDrawnPageFailsWithTheNeedsJavaScriptMessage) {
  Serve("GET http://h/spa", Html("<title></title><script src=/app.js></script><main></main>"));
  Status st = browser_.Open("http://h/spa");
  EXPECT_EQ(st.kind(), Status::Kind::kFailedPrecondition);
  EXPECT_EQ(st.message(), std::string(kNeedsScriptsMessage) + " (http://h/spa)");
  ASSERT_TRUE(browser_.has_page());
  EXPECT_EQ(browser_.page().url, "http://h/spa");
  Status wait = browser_.AwaitChange(std::chrono::steady_clock::now() + std::chrono::hours(1));
  EXPECT_EQ(wait.kind(), Status::Kind::kUnimplemented);
  Serve("GET http://h/ok", Html("<h1>Aanmelden</h1><script>x()</script>"));
  EXPECT_TRUE(browser_.Open("http://h/ok").ok());
}

TEST_F(BrowserTest, GetFormPutsDataInQuery) {
  Serve("GET http://h/s", Html(R"(<form action="/find?old=1"><input name="q" value="a b">
      <select name="c"><option>een</option><option value="2">twee</option></select>
      <input type="radio" name="m" value="sms" id="s"><label for="s">Sms</label>
      <input type="radio" name="m" value="app" id="a" checked><label for="a">App</label>
      <input name="off" disabled value="x"><input type="submit" value="Zoek"></form>)"));
  Serve("GET http://h/find?q=hallo&c=2&m=sms", Html("<h1>ok</h1>"));
  ASSERT_TRUE(browser_.Open("http://h/s").ok());
  ASSERT_TRUE(browser_.Fill("q", "hallo").ok());
  ASSERT_TRUE(browser_.Select("c", "twee").ok());
  ASSERT_TRUE(browser_.Choose("Sms").ok());
  Status st = browser_.Click("Zoek");
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(Last().method, "GET");
  EXPECT_EQ(Last().body, "");
}

TEST_F(BrowserTest, FieldFoundByPlaceholderAriaLabelAndId) {
  Serve("GET http://h/f", Html(R"(<form method="post"><input placeholder="Code" name="a">
      <input aria-label="Telefoonnummer" name="b"><input id="cid" name="c">
      <button>Verstuur</button></form>)"));
  Serve("POST http://h/f", Html("ok"));
  ASSERT_TRUE(browser_.Open("http://h/f").ok());
  ASSERT_TRUE(browser_.Fill("Code", "1").ok());
  ASSERT_TRUE(browser_.Fill("Telefoonnummer", "2").ok());
  ASSERT_TRUE(browser_.Fill("cid", "3").ok());
  ASSERT_TRUE(browser_.Click("Verstuur").ok());
  EXPECT_EQ(Last().body, "a=1&b=2&c=3");
}

TEST_F(BrowserTest, MissingAndAmbiguousMatchesListCandidates) {
  Serve("GET http://h/login", Html(kLogin));
  ASSERT_TRUE(browser_.Open("http://h/login").ok());
  Status st = browser_.Click("Volgende");
  EXPECT_EQ(st.kind(), Status::Kind::kNotFound);
  EXPECT_EQ(st.message(),
            "no button or link \"Volgende\"; buttons on the page: \"Aanmelden\", \"Annuleren\"; "
            "links: \"Hulp nodig?\"");
  st = browser_.Fill("E-mail", "x");
  EXPECT_EQ(st.kind(), Status::Kind::kNotFound);
  EXPECT_EQ(st.message(),
            "no field \"E-mail\"; fields on the page: \"Gebruikersnaam\" (text, name=username), "
            "\"Wachtwoord\" (password, name=password)");
  Serve("GET http://h/two", Html(R"(<form method=post><button name=a value=1>Ja</button></form>
                <form method=post action=/x><button name=a value=1>Ja</button></form>
                <form><button name=a value=1>Nee</button><button name=a value=1>Nee</button></form>
                <input name=x placeholder=Code><input name=y placeholder=Code>)"));
  ASSERT_TRUE(browser_.Open("/two").ok());
  st = browser_.Click("Ja");
  EXPECT_EQ(st.kind(), Status::Kind::kFailedPrecondition);
  EXPECT_NE(st.message().find("\"Ja\" is ambiguous"), std::string::npos) << st.message();
  st = browser_.Fill("Code", "123456");
  EXPECT_EQ(st.kind(), Status::Kind::kFailedPrecondition);
  EXPECT_EQ(st.message().find("123456"), std::string::npos) << "value leaked: " << st.message();
  // Two identical buttons in one form do the same thing: not ambiguous.
  Serve("GET http://h/two?a=1", Html("ok"));
  EXPECT_TRUE(browser_.Click("Nee").ok());
}

TEST_F(BrowserTest, ExactMatchWinsOverLooseMatch) {
  Serve("GET http://h/p", Html(R"(<a href="/a">volgende</a><a href="/b">Volgende</a>)"));
  Serve("GET http://h/b", Html("b"));
  Serve("GET http://h/a", Html("a"));
  ASSERT_TRUE(browser_.Open("http://h/p").ok());
  ASSERT_TRUE(browser_.Click("Volgende").ok());
  EXPECT_EQ(Last().url, "http://h/b");
  ASSERT_TRUE(browser_.Open("/p").ok());
  EXPECT_EQ(browser_.Click("  VOLGENDE ").kind(), Status::Kind::kFailedPrecondition);
}

TEST_F(BrowserTest, NonSubmitButtonAndNoPageAreErrors) {
  EXPECT_EQ(browser_.Click("x").kind(), Status::Kind::kFailedPrecondition);
  EXPECT_EQ(browser_.TextOf("h1").status().kind(), Status::Kind::kFailedPrecondition);
  Serve("GET http://h/js", Html(R"(<form><button type="button">Kopiëren</button></form>)"));
  ASSERT_TRUE(browser_.Open("http://h/js").ok());
  Status st = browser_.Click("Kopiëren");
  EXPECT_EQ(st.kind(), Status::Kind::kFailedPrecondition);
  EXPECT_EQ(fake_.requests.size(), 1u);
}

TEST_F(BrowserTest, RedirectAfterPostBecomesGetWithoutBody) {
  for (int status : {301, 302, 303}) {
    fake_.requests.clear();
    Serve("GET http://h/login", Html(kLogin));
    Serve("POST http://h/login", Redirect(status, "/mfa/info"));
    Serve("GET http://h/mfa/info", Html("<h1>Meer informatie vereist</h1>"));
    ASSERT_TRUE(browser_.Open("http://h/login").ok());
    ASSERT_TRUE(browser_.Click("Aanmelden").ok());
    ASSERT_EQ(fake_.requests.size(), 3u) << status;
    EXPECT_EQ(Last().method, "GET");
    EXPECT_EQ(Last().url, "http://h/mfa/info");
    EXPECT_EQ(Last().body, "");
    for (const http::Header& h : Last().headers) EXPECT_NE(h.name, "Content-Type");
    EXPECT_EQ(browser_.page().url, "http://h/mfa/info");
  }
}

TEST_F(BrowserTest, Redirect307And308KeepMethodAndBody) {
  for (int status : {307, 308}) {
    fake_.requests.clear();
    Serve("GET http://h/login", Html(kLogin));
    Serve("POST http://h/login", Redirect(status, "http://h/v2/login"));
    Serve("POST http://h/v2/login", Html("<h1>ok</h1>"));
    ASSERT_TRUE(browser_.Open("http://h/login").ok());
    ASSERT_TRUE(browser_.Click("Aanmelden").ok());
    ASSERT_EQ(fake_.requests.size(), 3u);
    EXPECT_EQ(Last().method, "POST");
    EXPECT_EQ(Last().body, fake_.requests[1].body);
    EXPECT_FALSE(Last().body.empty());
  }
}

TEST_F(BrowserTest, RedirectLoopStopsAfterLimit) {
  Serve("GET http://h/a", Redirect(302, "/b"));
  Serve("GET http://h/b", Redirect(302, "a"));
  Status st = browser_.Open("http://h/a");
  EXPECT_EQ(st.kind(), Status::Kind::kNetworkError);
  EXPECT_NE(st.message().find("too many redirects"), std::string::npos);
  EXPECT_EQ(fake_.requests.size(), 11u);  // the request plus 10 hops
  EXPECT_FALSE(browser_.has_page());
}

TEST_F(BrowserTest, LogRecordsEveryHopAndIsTakenOnce) {
  Serve("GET http://h/a", Redirect(302, "/b#frag"));
  Serve("GET http://h/b", Html("<h1>B</h1>", 404));
  ASSERT_TRUE(browser_.Open("http://h/a").ok());
  EXPECT_EQ(browser_.page().status, 404);
  std::vector<RequestRecord> log = browser_.TakeLog();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].method, "GET");
  EXPECT_EQ(log[0].url, "http://h/a");
  EXPECT_EQ(log[0].status, 302);
  EXPECT_EQ(log[1].url, "http://h/b");
  EXPECT_EQ(log[1].status, 404);
  EXPECT_EQ(log[1].elapsed_ms, 0.5);
  EXPECT_TRUE(browser_.TakeLog().empty());
  EXPECT_FALSE(browser_.Open("http://h/down").ok());
  log = browser_.TakeLog();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].status, 0);
  EXPECT_NE(log[0].error.find("refused"), std::string::npos);
  EXPECT_EQ(browser_.page().url, "http://h/b");  // failed navigation keeps the page
}

TEST_F(BrowserTest, MetaRefreshAndReload) {
  Serve("GET http://h/wait", Html(R"(<meta http-equiv="refresh" content="1"><h1>Wachten</h1>)"));
  ASSERT_TRUE(browser_.Open("http://h/wait").ok());
  ASSERT_TRUE(browser_.FollowMetaRefresh().ok());
  EXPECT_EQ(Last().url, "http://h/wait");
  EXPECT_EQ(fake_.requests.size(), 2u);
  Serve("GET http://h/wait", Html(R"(<meta http-equiv="refresh" content="0;url=/done">)"));
  Serve("GET http://h/done", Html("<h1>Klaar</h1>"));
  ASSERT_TRUE(browser_.Reload().ok());
  ASSERT_TRUE(browser_.FollowMetaRefresh().ok());
  EXPECT_EQ(Last().url, "http://h/done");
  EXPECT_EQ(*browser_.TextOf("h1"), "Klaar");
  EXPECT_EQ(browser_.FollowMetaRefresh().kind(), Status::Kind::kFailedPrecondition);
}

TEST_F(BrowserTest, SelectorQueriesOnCurrentPage) {
  Serve("GET http://h/n", Html(R"(<div class="number-match" id="number">42</div>
      <div class="error" role="alert">Uw account of wachtwoord is onjuist.</div>)"));
  ASSERT_TRUE(browser_.Open("http://h/n").ok());
  EXPECT_EQ(*browser_.TextOf("#number"), "42");
  EXPECT_EQ(*browser_.TextOf("div[role=alert]"), "Uw account of wachtwoord is onjuist.");
  EXPECT_TRUE(*browser_.Exists(".error"));
  EXPECT_FALSE(*browser_.Exists("img"));
  EXPECT_EQ(browser_.TextOf("img").status().kind(), Status::Kind::kNotFound);
  EXPECT_EQ(browser_.Exists("a:b").status().kind(), Status::Kind::kInvalidArgument);
}

TEST_F(BrowserTest, SelectChecksOptionsAndListsThem) {
  Serve("GET http://h/phone", Html(R"(<form><label for="c">Land</label><select id="c" name="c">
      <option value="+31">Nederland (+31)</option><option value="+32">België (+32)</option>
      </select></form>)"));
  ASSERT_TRUE(browser_.Open("http://h/phone").ok());
  ASSERT_TRUE(browser_.Select("Land", "+32").ok());
  EXPECT_TRUE(browser_.page().fields[0].options[1].selected);
  EXPECT_FALSE(browser_.page().fields[0].options[0].selected);
  Status st = browser_.Select("Land", "Frankrijk");
  EXPECT_EQ(st.kind(), Status::Kind::kNotFound);
  EXPECT_NE(st.message().find("\"Nederland (+31)\", \"België (+32)\""), std::string::npos)
      << st.message();
}

TEST_F(BrowserTest, FetchBytesDecodesDataAndFetchesUrlsWithSession) {
  Serve("GET http://h/p", Html(R"(<img src="/qr.png">)"));
  Serve("GET http://h/qr.png", {200, {}, "PNGDATA", "", 0});
  ASSERT_TRUE(browser_.Open("http://h/p").ok());
  StatusOr<std::string> bytes = browser_.FetchBytes(browser_.page().images[0].src);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  EXPECT_EQ(*bytes, "PNGDATA");
  EXPECT_EQ(*browser_.FetchBytes("data:text/plain;base64,SGFsbG8="), "Hallo");
  EXPECT_EQ(browser_.FetchBytes("/missing.png").status().kind(), Status::Kind::kNetworkError);
  EXPECT_EQ(browser_.page().url, "http://h/p");  // fetching an image is no navigation
}

}  // namespace
}  // namespace proofup::browser
