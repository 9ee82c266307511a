// proofup --browser chromium --webdriver URL over a local chromedriver: the
// report has the page's request log and console errors, as with the
// DevTools pipe, and secrets in them are masked.
#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/support/files.h"
#include "tests/support/loopback_portal.h"
#include "tests/support/webdriver_servers.h"

namespace proofup {
namespace {

using e2e::Proofup;
using e2e::RunOutput;
using e2e::Servers;
using e2e::TempDir;
using Json = nlohmann::json;

// /page logs an error with its query, fetches /api (whose answer becomes
// the screen) and a missing /ontbreekt, and throws; /einde is a plain page.
// Both fetches read their bodies: a fetch whose body the page never reads
// sometimes has no end event in chromedriver's performance log (seen here:
// its 404 in the console, the request never in the log).
void ScriptedRoutes(httplib::Server& server) {
  server.Get("/page", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"(<title>Wacht</title><h1>Wacht</h1><script>
console.error('pagina', location.search, 7);
fetch('/api').then((r) => r.text()).then((t) => {
  document.title = t; document.querySelector('h1').textContent = t; });
fetch('/ontbreekt').then((r) => r.text());
setTimeout(() => { throw new Error('kapot'); }, 0);
</script>)",
                    "text/html");
  });
  server.Get("/api", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("Klaar", "text/plain");
  });
  server.Get("/einde", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<title>Einde</title><h1>Einde</h1>", "text/html");
  });
  server.Get("/ontbreekt", [](const httplib::Request&, httplib::Response& res) {
    res.status = 404;
    res.set_content("weg", "text/plain");
  });
}

TEST(WebDriverLogE2eTest, TheReportHasTheRequestLogAndConsoleThroughChromedriver) {
  e2e::Server* driver = Servers::Get().chromedriver();
  PROOFUP_REQUIRE_SERVER(driver, Servers::Get().why_no_chromedriver());
  TempDir dir;
  std::ofstream(dir.path / "log.yaml")
      << "name: log and console\n"
         "user: log@voorbeeld.nl\n"
         "steps:\n  - go to: /page?pw=${user.password}\n  - expect screen: Klaar\n"
         "  - go to: /einde\n  - expect screen: Einde\n";
  std::ofstream(dir.path / "users.yaml")
      << "tenant: Test\nusers:\n  - username: log@voorbeeld.nl\n    password: Geheim-7531\n"
         "    display_name: Log\n    language: nl\n    state: not_enrolled\n";
  e2e::LoopbackPortal portal(ScriptedRoutes);
  RunOutput run = Proofup(
      {"run", (dir.path / "log.yaml").string(), "--browser", "chromium", "--webdriver", driver->url,
       "--target", portal.url(), "--users", (dir.path / "users.yaml").string()},
      dir.path / "reports");
  ASSERT_EQ(run.code, 0) << run.out << run.err;
  ASSERT_TRUE(run.report.is_object());
  std::vector<std::string> requests, console;
  for (const Json& step : run.report["scenarios"][0]["steps"]) {
    for (const Json& r : step["requests"])
      requests.push_back(r["method"].get<std::string>() + " " + r["url"].get<std::string>() + " " +
                         std::to_string(r["status"].get<int>()));
    for (const Json& c : step["console"]) console.push_back(c);
  }
  auto has = [](const std::vector<std::string>& lines, const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
  };
  const std::string u = portal.url();
  std::string all = ::testing::PrintToString(requests) + ::testing::PrintToString(console);
  EXPECT_TRUE(has(requests, "GET " + u + "/page?pw=•••••• 200")) << all;
  EXPECT_TRUE(has(requests, "GET " + u + "/api 200")) << all;
  EXPECT_TRUE(has(requests, "GET " + u + "/ontbreekt 404")) << all;
  EXPECT_TRUE(has(requests, "GET " + u + "/einde 200")) << all;
  EXPECT_TRUE(has(console, "console: pagina ?pw=•••••• 7")) << all;
  EXPECT_TRUE(has(console, "exception: Error: kapot")) << all;
  EXPECT_TRUE(has(console, "request: GET " + u + "/ontbreekt -> 404")) << all;
  EXPECT_EQ(all.find("Geheim-7531"), std::string::npos) << all;
  EXPECT_EQ(e2e::ReadFile(dir.path / "reports" / "latest" / "report.json").find("Geheim-7531"),
            std::string::npos);
}

}  // namespace
}  // namespace proofup
