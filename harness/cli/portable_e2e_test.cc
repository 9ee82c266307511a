// End to end, with the built `proofup` as a child process: target profiles,
// scenarios skipped on a portal that is not mock-idp, `--admin-token` against
// such a portal, and `proofup sms-gateway` receiving a Twilio-style post (curl).
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "harness/http/test_server.h"
#include "harness/process/process.h"

namespace proofup {
namespace {

namespace fs = std::filesystem;

struct Result {
  int exit_code = -1;
  std::string out, err;
};

class PortableE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("proofup_portable_e2e_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  std::string Read(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  Result Proofup(std::vector<std::string> args, std::vector<std::string> env = {}) {
    std::vector<std::string> argv = {std::string(PROOFUP_BINARY_DIR) + "/proofup"};
    argv.insert(argv.end(), args.begin(), args.end());
    SpawnOptions options;
    options.capture_stdout = true;
    options.capture_stderr = true;
    options.working_dir = PROOFUP_SOURCE_DIR;
    options.extra_env = std::move(env);
    auto child = ChildProcess::Spawn(argv, options);
    EXPECT_TRUE(child.ok()) << child.status().message();
    if (!child.ok()) return {};
    Result r;
    r.out = (*child)->ReadAllStdout();
    r.err = (*child)->ReadAllStderr();
    auto exit = (*child)->Wait(std::chrono::seconds(60));
    if (exit.ok() && exit->exited) r.exit_code = exit->code;
    return r;
  }

  // A portal that answers 200 with its login page to everything, recording what it was asked.
  void StartHtmlPortal() {
    html_.server().set_logger([this](const httplib::Request& q, const httplib::Response&) {
      std::lock_guard<std::mutex> lock(asked_mu_);
      asked_ += q.method + " " + q.target + " " + q.body + "\n";
    });
    auto page = [](const httplib::Request&, httplib::Response& r) {
      r.set_content("<html><head><title>Log in</title></head><body><h1>Log in</h1></body></html>",
                    "text/html");
    };
    html_.server().Get(".*", page);
    html_.server().Post(".*", page);
    html_.server().Delete(".*", page);
    ASSERT_TRUE(html_.Start());
  }
  std::string Asked() {
    std::lock_guard<std::mutex> lock(asked_mu_);
    return asked_;
  }
  std::string ReportArgs() { return (dir_ / "reports").string(); }

  fs::path dir_;
  http::testing::LocalServer html_;
  std::mutex asked_mu_;
  std::string asked_;
};

constexpr char kControlScenario[] = R"(name: Needs the control API
user: anna@voorbeeld.nl
steps:
  - control:
      advance clock: 60s
  - go to: /
)";

constexpr char kDeclaredScenario[] = R"(name: Declares what it needs
needs: [mock-phone-api]
steps:
  - go to: /
)";

constexpr char kPortableScenario[] = R"(name: Portable
steps:
  - go to: /
  - expect screen: Log in
)";

TEST_F(PortableE2E, ScenariosThatNeedTheMockAreSkippedOnAnotherPortal) {
  StartHtmlPortal();
  std::string control = Write("control.yaml", kControlScenario);
  std::string declared = Write("declared.yaml", kDeclaredScenario);
  std::string portable = Write("portable.yaml", kPortableScenario);
  const std::string junit = (dir_ / "junit.xml").string();
  const std::string json = (dir_ / "report.json").string();
  Result r = Proofup({"run", "--target", html_.Url("/"), control, declared, portable,
                      "scenarios/sign-in-sms.yaml", "--reports", ReportArgs(), "--report-junit",
                      junit, "--report-json", json});
  EXPECT_EQ(r.exit_code, 0) << "nothing failed: skipped is not a failure\n" << r.out << r.err;
  EXPECT_NE(r.out.find("PASS  Portable"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("skipped: needs mock-idp's control API (control.clock at " + control),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("skipped: needs mock-idp's phone API"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("skipped: needs an SMS source for the SIM (phone.read_sms at "),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("1 passed, 0 failed, 0 flaky, 0 not run, 3 skipped"), std::string::npos)
      << r.out;

  const std::string xml = Read(junit);
  EXPECT_NE(xml.find("<skipped message=\"skipped: needs mock-idp&#39;s control API"),
            std::string::npos)
      << xml;
  auto report = nlohmann::json::parse(Read(json));
  EXPECT_EQ(report["summary"]["skipped"], 3);
  EXPECT_EQ(report["scenarios"][0]["outcome"], "skipped");
  EXPECT_NE(report["scenarios"][0]["skip_reason"].get<std::string>().find("control API"),
            std::string::npos);
  fs::path html = fs::path(ReportArgs()) / "latest" / "index.html";
  EXPECT_NE(Read(html.string()).find("Skipped: needs mock-idp"), std::string::npos);

  // The portal under test never heard of the control API or the phone number.
  const std::string asked = Asked();
  EXPECT_EQ(asked.find("/__control/clock"), std::string::npos) << asked;
  EXPECT_EQ(asked.find("/sms/outbox"), std::string::npos) << asked;
  EXPECT_EQ(asked.find("31612340013"), std::string::npos) << asked;
}

TEST_F(PortableE2E, AdminTokenAgainstAPortalThatIsNotMockIdpNeverPasses) {
  StartHtmlPortal();
  std::string control = Write("control.yaml", kControlScenario);
  Result r = Proofup({"run", "--target", html_.Url("/"), "--admin-token", "not-a-mock-token",
                      control, "--reports", ReportArgs()});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(r.out.find("PASS "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("does not answer as mock-idp's control API (GET /__control/hello answered "
                       "HTTP 200 (text/html"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.err.find("--admin-token is given, but"), std::string::npos) << r.err;
  EXPECT_EQ(Asked().find("/__control/clock"), std::string::npos) << Asked();
  EXPECT_EQ(Asked().find("/__control/reset"), std::string::npos) << Asked();
}

TEST_F(PortableE2E, ProfileDecidesWhatTheBundledMockOffers) {
  std::string profile =
      Write("mock.yaml", "url: bundled\nusers: " + std::string(PROOFUP_SOURCE_DIR) +
                             "/fixtures/users.yaml\noffers:\n  control api: no\n");
  std::string control = Write("control.yaml", kControlScenario);
  Result r = Proofup({"run", "--target-file", profile, control, "scenarios/sign-in-sms.yaml",
                      "--reports", ReportArgs()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("PASS  Aanmelden na inschrijving met een sms-code"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("skipped: needs mock-idp's control API"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(bundled mock-idp, profile " + profile + ")"), std::string::npos) << r.out;
}

// A profile's users file gives way to --users even when --users names the
// default file (the manual's users against a portal profile of its own).
TEST_F(PortableE2E, GivenUsersWinOverTheProfileEvenWithTheDefaultPath) {
  std::string users = Write("portal-users.yaml",
                            "users:\n  - username: someone@else.example\n"
                            "    password: not-used\n");
  std::string profile = Write("mock.yaml", "url: bundled\nusers: " + users + "\n");
  Result given = Proofup({"run", "--target-file", profile, "--users", "fixtures/users.yaml",
                          "scenarios/sign-in-sms.yaml", "--reports", ReportArgs()});
  EXPECT_EQ(given.exit_code, 0) << given.out << given.err;
  EXPECT_NE(given.out.find("PASS  Aanmelden na inschrijving met een sms-code"), std::string::npos)
      << given.out;
  Result from_profile = Proofup(
      {"run", "--target-file", profile, "scenarios/sign-in-sms.yaml", "--reports", ReportArgs()});
  EXPECT_EQ(from_profile.exit_code, 2) << from_profile.out << from_profile.err;
  EXPECT_NE(from_profile.err.find("is not in " + users), std::string::npos) << from_profile.err;
}

TEST_F(PortableE2E, ProfileWithEnvironmentValuesAndPerScenarioVariables) {
  StartHtmlPortal();
  std::string profile = Write("portal.yaml", R"(name: html portal
url: ${env:PORTAL_URL}
offers:
  control api: no
vars:
  heading: Wrong heading
scenarios:
  uses-vars:
    vars:
      heading: ${env:PORTAL_HEADING}
)");
  std::string scenario = Write("uses-vars.yaml", R"(name: Uses profile variables
steps:
  - go to: /
  - expect screen: ${heading}
)");
  Result r = Proofup({"run", "--target-file", profile, scenario, "--reports", ReportArgs()},
                     {"PORTAL_URL=" + html_.Url(""), "PORTAL_HEADING=Log in"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("PASS  Uses profile variables"), std::string::npos) << r.out;
  // --var wins over the profile.
  r = Proofup({"run", "--target-file", profile, scenario, "--var", "heading=Nope", "--reports",
               ReportArgs()},
              {"PORTAL_URL=" + html_.Url(""), "PORTAL_HEADING=Log in"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
}

TEST_F(PortableE2E, ProfileErrorsNameFileLineAndColumn) {
  std::string profile = Write("bad.yaml",
                              "url: ${env:PROOFUP_TEST_UNSET_URL}\nsms:\n  sorce: file\n"
                              "offers:\n  control api: maybe\n");
  Result r = Proofup({"run", "--target-file", profile, "--reports", ReportArgs()});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(
      r.err.find(profile + ":1:6: error: environment variable PROOFUP_TEST_UNSET_URL is not set"),
      std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(profile + ":3:3: error: unknown key \"sorce\" in \"sms\"; did you mean "
                                 "\"source\"?"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(profile + ":5:16: error: expected yes or no"), std::string::npos) << r.err;
  r = Proofup({"run", "--target-file", profile, "--target", "http://127.0.0.1:1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not both"), std::string::npos) << r.err;
}

TEST_F(PortableE2E, SmsGatewayAnswersATwilioPostAndAppendsToItsInbox) {
  const std::string inbox = (dir_ / "inbox.log").string();
  std::vector<std::string> argv = {std::string(PROOFUP_BINARY_DIR) + "/proofup",
                                   "sms-gateway",
                                   "--listen",
                                   "127.0.0.1:0",
                                   "--inbox",
                                   inbox};
  auto gateway = ChildProcess::Spawn(argv, SpawnOptions());
  ASSERT_TRUE(gateway.ok()) << gateway.status().message();
  auto first = (*gateway)->ReadStdoutLine(std::chrono::seconds(10));
  ASSERT_TRUE(first.ok()) << first.status().message();
  ASSERT_EQ(first->rfind("sms-gateway: http://127.0.0.1:", 0), 0u) << *first;
  const std::string url = first->substr(13, first->find(' ', 13) - 13);

  auto curl = ChildProcess::Spawn(
      {"curl", "-s", "-u", "AC0123:secret", "-X", "POST",
       url + "/2010-04-01/Accounts/AC0123/Messages.json", "--data-urlencode", "To=+31612345678",
       "--data-urlencode", "From=+3197010", "--data-urlencode",
       "Body=Your verification code is 482913\nDo not share it"},
      SpawnOptions());
  ASSERT_TRUE(curl.ok());
  const std::string answer = (*curl)->ReadAllStdout();
  ASSERT_TRUE((*curl)->Wait(std::chrono::seconds(10)).ok());
  auto json = nlohmann::json::parse(answer, nullptr, false);
  ASSERT_TRUE(json.is_object()) << answer;
  EXPECT_EQ(json["status"], "queued");
  EXPECT_EQ(json["to"], "+31612345678");
  EXPECT_EQ(json["uri"].get<std::string>().rfind("/2010-04-01/Accounts/AC0123/Messages/SM", 0), 0u);

  const std::string line = Read(inbox);
  EXPECT_NE(
      line.find("\t+31612345678\t+3197010\tYour verification code is 482913 Do not share it\n"),
      std::string::npos)
      << line;
  (*gateway)->Signal(SIGTERM);
  auto exit = (*gateway)->Wait(std::chrono::seconds(10));
  ASSERT_TRUE(exit.ok());
  EXPECT_TRUE(exit->exited && exit->code == 0);
}

// proofup runs the gateway from proofup-sms-gateway (exec): its own checks
// still come first, and a missing executable says where it was looked for.
TEST_F(PortableE2E, SmsGatewayChecksListenAndNamesAMissingServer) {
  Result r = Proofup({"sms-gateway", "--listen", "127.0.0.1:99999"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--listen expects HOST:PORT"), std::string::npos) << r.err;
  const std::string missing = (dir_ / "no-such-gateway").string();
  r = Proofup({"sms-gateway", "--listen", "127.0.0.1:0"}, {"PROOFUP_SMS_GATEWAY=" + missing});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("cannot run " + missing + ": No such file or directory"), std::string::npos)
      << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

}  // namespace
}  // namespace proofup
