// End to end, with the built `proofup` as a child process against a small
// local portal: `before:` / `after:` hooks of a scenario, of a target profile
// and from the command line, with tests/hooks/issue-pass.sh as the hook.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "harness/http/test_server.h"
#include "harness/process/process.h"

namespace proofup {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kHook = std::string(PROOFUP_SOURCE_DIR) + "/tests/hooks/issue-pass.sh";

class HooksE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("proofup_hooks_e2e_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // The portal: a login page for every path, remembering what it was asked.
    portal_.server().set_logger([this](const httplib::Request& q, const httplib::Response&) {
      std::lock_guard<std::mutex> lock(mu_);
      asked_ += q.target + "\n";
    });
    portal_.server().Get(".*", [](const httplib::Request&, httplib::Response& r) {
      r.set_content("<html><head><title>Log in</title></head><body><h1>Log in</h1></body></html>",
                    "text/html");
    });
    ASSERT_TRUE(portal_.Start());
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  static std::string Read(const fs::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  std::string Asked() {
    std::lock_guard<std::mutex> lock(mu_);
    return asked_;
  }
  std::string Log() { return Read(dir_ / "hooks.log"); }

  // `proofup run` with the reports in the test's folder; the JSON report is parsed into report_.
  CommandResult Run(std::vector<std::string> args) {
    std::vector<std::string> argv = {std::string(PROOFUP_BINARY_DIR) + "/proofup",
                                     "run",
                                     "--reports",
                                     (dir_ / "reports").string(),
                                     "--report-json",
                                     (dir_ / "report.json").string()};
    argv.insert(argv.end(), args.begin(), args.end());
    RunToEndOptions options;
    options.working_dir = PROOFUP_SOURCE_DIR;
    options.extra_env = {"HOOK_LOG=" + (dir_ / "hooks.log").string(), "NO_COLOR=1"};
    options.timeout = std::chrono::seconds(120);
    auto r = RunToEnd(argv, options);
    EXPECT_TRUE(r.ok()) << r.status().message();
    if (!r.ok()) return {};
    EXPECT_FALSE(r->timed_out) << r->out << r->err;
    report_ = json::parse(Read(dir_ / "report.json"), nullptr, false);
    return *r;
  }
  const json& Step(size_t scenario, size_t step) {
    return report_["scenarios"][scenario]["steps"][step];
  }

  fs::path dir_;
  http::testing::LocalServer portal_;
  std::mutex mu_;
  std::string asked_;
  json report_;
};

TEST_F(HooksE2E, PrintedVariablesReachTheStepsAndStaySecret) {
  const std::string scenario = Write("vars.yaml", R"(name: Hook variables
before:
  - [")" + kHook + R"(", alice, json]
  - run: )" + kHook + R"( alice lines
    sets: [code]
    public: [note]
  - run: [")" + kHook + R"(", alice, json]
    sets: [sign_in_pass]
    public: [user_id]
after: )" + kHook + R"( alice
steps:
  - go to: /sign-in?pass=${sign_in_pass}&code=${code}&id=${user_id}
  - expect screen: Log in
)");
  CommandResult r = Run({"--target", portal_.Url("/"), scenario});
  EXPECT_EQ(r.exit.code, 0) << r.out << r.err;
  EXPECT_NE(Asked().find("/sign-in?pass=PASS-alice-7319&code=C0DE-alice-5521&id=42"),
            std::string::npos)
      << Asked();
  ASSERT_TRUE(report_.is_object());
  const json& steps = report_["scenarios"][0]["steps"];
  ASSERT_EQ(steps.size(), 6u);
  EXPECT_EQ(steps[0]["action"], "hook.before");
  EXPECT_EQ(steps[0]["outcome"], "passed");
  EXPECT_EQ(steps[1]["observed_text"], "set code (secret), note = two words");
  EXPECT_EQ(steps[2]["observed_text"], "set sign_in_pass (secret), user_id = 42");
  EXPECT_EQ(steps[5]["action"], "hook.after");
  EXPECT_EQ(steps[5]["outcome"], "passed");
  EXPECT_GT(steps[2]["duration_ms"].get<double>(), 0);
  // The one-time pass and the code are masked in every report and on the console.
  for (const std::string& text : {report_.dump(), Read(dir_ / "reports" / "latest" / "junit.xml"),
                                  Read(dir_ / "reports" / "latest" / "index.html"), r.out, r.err}) {
    EXPECT_EQ(text.find("PASS-alice-7319"), std::string::npos);
    EXPECT_EQ(text.find("C0DE-alice-5521"), std::string::npos);
  }
  // Each hook ran in the scenario's folder and was told about the scenario.
  EXPECT_NE(Log().find("before user= scenario=Hook variables outcome= dir=" + dir_.string()),
            std::string::npos)
      << Log();
  EXPECT_NE(Log().find("after user= scenario=Hook variables outcome=passed"), std::string::npos)
      << Log();
}

TEST_F(HooksE2E, AFailingHookIsTheScenariosErrorWithItsStderr) {
  const std::string scenario = Write("fail.yaml", R"(name: Reset fails
before: )" + kHook + R"( alice fail
after: )" + kHook + R"( alice
steps:
  - go to: /never
)");
  CommandResult r = Run({"--target", portal_.Url("/"), scenario});
  EXPECT_EQ(r.exit.code, 1) << r.out << r.err;
  EXPECT_EQ(report_["scenarios"][0]["outcome"], "error");
  const std::string error = report_["scenarios"][0]["error"];
  EXPECT_NE(error.find("before hook `" + kHook + " alice fail` (" + scenario +
                       ":2:9) failed with exit status 3; its stderr ends with:\n  reset of alice "
                       "failed: HTTP 500 from the admin API"),
            std::string::npos)
      << error;
  EXPECT_EQ(Step(0, 1)["outcome"], "not run");
  EXPECT_EQ(Asked().find("/never"), std::string::npos);
  EXPECT_EQ(Step(0, 2)["outcome"], "passed") << "the after hook ran all the same";
  EXPECT_NE(Log().find("after user= scenario=Reset fails outcome=error"), std::string::npos);
}

TEST_F(HooksE2E, AHookThatNeverEndsIsKilledAtItsTimeout) {
  const std::string scenario = Write("slow.yaml", R"(name: Slow reset
before:
  run: sleep 1000 & wait
  shell: yes
  timeout: 300ms
steps:
  - go to: /never
)");
  CommandResult r = Run({"--target", portal_.Url("/"), scenario});
  EXPECT_EQ(r.exit.code, 1) << r.out << r.err;
  const std::string error = report_["scenarios"][0]["error"];
  EXPECT_NE(error.find("did not finish within 300 ms; its process group was killed"),
            std::string::npos)
      << error;
  // The sleep (a grandchild of proofup) is gone too: nothing holds the pipes.
  EXPECT_LT(report_["scenarios"][0]["steps"][0]["duration_ms"].get<double>(), 20'000);
}

TEST_F(HooksE2E, AfterHooksRunAfterAFailedScenarioWithoutHidingIt) {
  const std::string scenario = Write("failed.yaml", R"(name: Wrong screen
after:
  - )" + kHook + R"( alice
  - )" + kHook + R"( alice garbage
steps:
  - go to: /
  - expect screen: Welkom
)");
  CommandResult r = Run({"--target", portal_.Url("/"), scenario});
  EXPECT_EQ(r.exit.code, 1);
  EXPECT_EQ(report_["scenarios"][0]["outcome"], "failed") << "still the scenario's own result";
  EXPECT_NE(Log().find("after user= scenario=Wrong screen outcome=failed"), std::string::npos);
  EXPECT_EQ(Step(0, 3)["outcome"], "failed");
  EXPECT_NE(Step(0, 3)["failure"].get<std::string>().find(
                "its output is neither a JSON object nor key=value lines (line 1 is not "
                "name=value)"),
            std::string::npos)
      << Step(0, 3);
  EXPECT_NE(report_["scenarios"][0]["error"].get<std::string>().find("after hook"),
            std::string::npos);
  // junit.xml's failure message names the failed step, then the failed hook.
  const std::string junit = Read(dir_ / "reports" / "latest" / "junit.xml");
  const size_t open = junit.find("<failure message=\"");
  ASSERT_NE(open, std::string::npos) << junit;
  const std::string message = junit.substr(open, junit.find("\" type=", open) - open);
  const size_t step = message.find("Welkom");
  const size_t hook = message.find("; also: " + dir_.string() + "/failed.yaml:4: after hook `");
  EXPECT_NE(step, std::string::npos) << message;
  EXPECT_NE(hook, std::string::npos) << message;
  EXPECT_LT(step, hook) << message;
  EXPECT_NE(message.find("alice garbage` ", hook), std::string::npos) << message;
}

TEST_F(HooksE2E, RunLevelHooksFromTheProfileAndTheCommandLine) {
  const std::string profile = Write("portal.yaml", "url: " + portal_.Url("") + R"(
before:
  run: [./issue-pass.sh, run-user, json]
  sets: [sign_in_pass]
after: ./issue-pass.sh run-user
)");
  fs::copy_file(kHook, dir_ / "issue-pass.sh");  // profile hooks run in the profile's folder
  const std::string scenario = Write("uses-run-pass.yaml", R"(name: Uses the run's pass
steps:
  - go to: /start?pass=${sign_in_pass}&code=${code}
)");
  CommandResult r = Run({"--target-file", profile, "--before", kHook + " cli lines", "--hook-var",
                         "code", "--after", kHook + " cli", scenario});
  EXPECT_EQ(r.exit.code, 0) << r.out << r.err;
  EXPECT_NE(Asked().find("/start?pass=PASS-run-user-7319&code=C0DE-cli-5521"), std::string::npos)
      << Asked();
  ASSERT_EQ(report_["setup"].size(), 2u) << report_.dump(1);
  EXPECT_EQ(report_["setup"][0]["action"], "hook.before");
  EXPECT_EQ(report_["setup"][0]["outcome"], "passed");
  ASSERT_EQ(report_["teardown"].size(), 2u);
  EXPECT_EQ(report_.dump().find("PASS-run-user-7319"), std::string::npos);
  EXPECT_NE(Log().find("after user= scenario= outcome=passed dir=" + dir_.string()),
            std::string::npos)
      << Log();
}

TEST_F(HooksE2E, AFailingRunLevelBeforeHookEndsTheRunWithCompleteReports) {
  const std::string scenario = Write("any.yaml", "name: Any\nsteps:\n  - go to: /never\n");
  CommandResult r = Run({"--target", portal_.Url("/"), "--before", kHook + " x fail", "--after",
                         kHook + " x", scenario});
  EXPECT_EQ(r.exit.code, 1) << r.out << r.err;
  // On stdout with the summary, so `| tee` keeps it.
  EXPECT_NE(r.out.find("proofup: the run's before hook `" + kHook +
                       " x fail` failed with exit status 3; its stderr ends with:"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("(no scenario ran)"), std::string::npos) << r.out;
  EXPECT_EQ(report_["scenarios"][0]["outcome"], "error");
  EXPECT_EQ(Asked().find("/never"), std::string::npos);
  EXPECT_NE(Log().find("after user= scenario= outcome=error"), std::string::npos) << Log();
  const std::string junit = Read(dir_ / "reports" / "latest" / "junit.xml");
  EXPECT_NE(junit.find("<testsuite name=\"run hooks\" tests=\"2\" failures=\"0\" errors=\"1\""),
            std::string::npos)
      << junit;
  EXPECT_NE(
      junit.find("<error message=\"before hook `" + kHook + " x fail` failed with exit status 3"),
      std::string::npos)
      << junit;
  // index.html shows both hooks, the failed one with its stderr, and says no scenario ran.
  const std::string html = Read(dir_ / "reports" / "latest" / "index.html");
  EXPECT_NE(html.find("id=\"run-hook-failed\">A run-level before hook failed: no scenario ran<"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("reset of x failed: HTTP 500 from the admin API</pre>"), std::string::npos);
  EXPECT_NE(html.find("<td>after</td><td>after: " + kHook +
                      " x</td><td><span class=\"badge "
                      "passed\">passed</span>"),
            std::string::npos);
}

// A failed run-level hook's stderr reaches index.html masked: here the after
// hook is handed the secret a before hook printed, and writes it to stderr.
TEST_F(HooksE2E, ARunLevelHooksStderrInTheHtmlReportIsMasked) {
  const std::string scenario = Write("any.yaml", "name: Any\nsteps:\n  - go to: /\n");
  CommandResult r = Run({"--target", portal_.Url("/"), "--before", kHook + " cli json", "--after",
                         kHook + " ${sign_in_pass} fail", scenario});
  EXPECT_EQ(r.exit.code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("the run's after hook"), std::string::npos) << r.out;
  const std::string html = Read(dir_ / "reports" / "latest" / "index.html");
  EXPECT_NE(html.find("id=\"run-hook-failed\">A run-level after hook failed<"), std::string::npos)
      << html;
  EXPECT_NE(html.find("failed: HTTP 500 from the admin API</pre>"), std::string::npos) << html;
  EXPECT_EQ(html.find("PASS-cli-7319"), std::string::npos) << "the secret is masked";
  EXPECT_EQ(r.out.find("PASS-cli-7319"), std::string::npos);
  EXPECT_EQ(r.err.find("PASS-cli-7319"), std::string::npos);
}

}  // namespace
}  // namespace proofup
