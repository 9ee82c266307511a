// proofup as a process against a real portal: Django's admin with django-otp
// (tests/django-otp/serve.py, Debian's python3-django and python3-django-otp),
// through the profile targets/django-otp.yaml. Its own scenarios must pass
// (http and Chromium); the manual's scenarios that need mock-idp must be
// skipped with their reason; --admin-token must never make a control step pass.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "harness/process/process.h"
#include "tests/django-otp/django_portal.h"
#include "tests/support/files.h"

namespace proofup::django {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = PROOFUP_SOURCE_DIR;

struct ProofupRun {
  int exit_code = -1;
  std::string out, err;
  nlohmann::json report;  // --report-json
  fs::path reports;       // the run folders
};

class DjangoOtp : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(Portal().url().empty()) << "the Django portal did not start: " << Portal().error();
  }

  ProofupRun Proofup(std::vector<std::string> args) {
    ProofupRun r;
    r.reports = tmp_.path / ("reports-" + std::to_string(runs_++));
    const fs::path json = r.reports / "report.json";
    std::vector<std::string> argv = {std::string(PROOFUP_BINARY_DIR) + "/proofup", "run"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--reports", r.reports.string(), "--report-json", json.string()});
    SpawnOptions options;
    options.capture_stderr = true;
    options.working_dir = kSource.string();
    options.extra_env = Portal().Env();
    auto child = ChildProcess::Spawn(argv, options);
    EXPECT_TRUE(child.ok()) << child.status().message();
    if (!child.ok()) return r;
    r.out = (*child)->ReadAllStdout();
    r.err = (*child)->ReadAllStderr();
    auto exit = (*child)->Wait(std::chrono::seconds(120));
    if (exit.ok() && exit->exited) r.exit_code = exit->code;
    r.report = nlohmann::json::parse(e2e::ReadFile(json), nullptr, false);
    return r;
  }

  e2e::TempDir tmp_;
  int runs_ = 0;
};

// Every file under `dir` (reports) that contains `text`.
std::vector<std::string> FilesContaining(const fs::path& dir, const std::string& text) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file() && e2e::ReadFile(entry.path()).find(text) != std::string::npos)
      found.push_back(entry.path().string());
  return found;
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_F(DjangoOtp, ScenariosPassWithHttpAndChromium) {
  const auto start = std::chrono::steady_clock::now();
  ProofupRun r = Proofup(
      {"--target-file", "targets/django-otp.yaml", "tests/django-otp/scenarios", "--workers", "4"});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("[ measured ] 4 Django scenarios, 4 workers: %.1f s\n", seconds);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  ASSERT_TRUE(r.report.is_object()) << r.out;
  std::map<std::string, std::string> outcomes;
  for (const auto& s : r.report["scenarios"]) outcomes[s["file"]] = s["outcome"];
  const std::string dir = "tests/django-otp/scenarios/";
  EXPECT_EQ(outcomes, (std::map<std::string, std::string>{{dir + "chromium-sign-in.yaml", "passed"},
                                                          {dir + "sign-in-twice.yaml", "passed"},
                                                          {dir + "svg-qr-matrix.yaml", "passed"},
                                                          {dir + "wrong-code.yaml", "passed"}}));
  // Chromium leaves a screenshot of every step; the http backend none.
  for (const auto& s : r.report["scenarios"]) {
    bool screenshots = false;
    for (const auto& step : s["steps"])
      screenshots = screenshots || !step.value("screenshot_file", std::string()).empty();
    EXPECT_EQ(screenshots, s["file"] == dir + "chromium-sign-in.yaml") << s["file"];
  }

  const std::string requests = Portal().Requests();
  // django-otp's own QR view (image/svg+xml) was fetched, and each form of the matrix.
  EXPECT_NE(requests.find("/qrcode/ HTTP/1.1\" 200"), std::string::npos) << requests;
  EXPECT_NE(requests.find("GET /qr/svg/SvgImage/10/4/ HTTP/1.1\" 200"), std::string::npos);
  EXPECT_NE(requests.find("GET /qr/inline/SvgPathImage/1/0/ HTTP/1.1\" 200"), std::string::npos);
  // Five sign-ins accepted by django-otp (a redirect), two codes refused (the form again):
  // the wrong one and the reused one.
  EXPECT_EQ(Count(requests, "\"POST /otpadmin/login/?next=/otpadmin/ HTTP/1.1\" 302"), 5u)
      << requests;
  EXPECT_EQ(Count(requests, "\"POST /otpadmin/login/?next=/otpadmin/ HTTP/1.1\" 200"), 2u)
      << requests;
  // The typed password never reaches the console or the reports.
  EXPECT_EQ((r.out + r.err).find(Portal().password()), std::string::npos);
  EXPECT_EQ(FilesContaining(r.reports, Portal().password()), std::vector<std::string>{});
}

// What a scenario of scenarios/ needs from mock-idp, read here from its YAML
// (and its include groups) independently of proofup's own analysis.
bool StepsNeedTheMock(const YAML::Node& steps, const fs::path& dir) {
  for (const YAML::Node& step : steps) {
    if (step["control"]) return true;
    if (const YAML::Node phone = step["phone"]; phone && phone.IsMap())
      if (phone["approve"] || phone["deny"] || phone["read sms"]) return true;
    if (const YAML::Node phone = step["phone"];
        phone && phone.IsScalar() && (phone.Scalar() == "deny" || phone.Scalar() == "approve"))
      return true;
    if (const YAML::Node include = step["include"]) {
      const fs::path group = dir / include.as<std::string>();
      if (StepsNeedTheMock(YAML::LoadFile(group.string())["steps"], group.parent_path()))
        return true;
    }
  }
  return false;
}

bool NeedsTheMock(const fs::path& file) {
  const YAML::Node s = YAML::LoadFile(file.string());
  return s["needs"] || StepsNeedTheMock(s["steps"], file.parent_path());
}

// The manual's scenarios (scenarios/*.yaml): those that need mock-idp, and the others.
void SplitManualScenarios(std::set<std::string>& need_mock, std::set<std::string>& portable) {
  for (const auto& entry : fs::directory_iterator(kSource / "scenarios"))
    if (entry.path().extension() == ".yaml")
      (NeedsTheMock(entry.path()) ? need_mock : portable)
          .insert("scenarios/" + entry.path().filename().string());
}

TEST_F(DjangoOtp, ManualScenariosThatNeedTheMockAreSkippedWithTheirReason) {
  std::set<std::string> need_mock, portable;
  SplitManualScenarios(need_mock, portable);
  ASSERT_GE(need_mock.size(), 10u);
  ASSERT_FALSE(portable.empty());

  // The manual's users: the Django portal's file does not have them (and a
  // profile's users file gives way to --users only when it names another file).
  const std::string users = (kSource / "fixtures/users.yaml").string();
  ProofupRun r = Proofup({"--target-file", "targets/django-otp.yaml", "--users", users,
                          "scenarios/", "--workers", "4"});
  EXPECT_EQ(r.exit_code, 1) << "the scenarios that can run fail against Django\n" << r.out << r.err;
  ASSERT_TRUE(r.report.is_object()) << r.out << r.err;
  size_t seen = 0;
  for (const auto& s : r.report["scenarios"]) {
    const std::string file = s["file"];
    SCOPED_TRACE(file);
    ++seen;
    if (need_mock.count(file)) {
      EXPECT_EQ(s["outcome"], "skipped");
      EXPECT_EQ(s["skip_reason"].get<std::string>().rfind("needs ", 0), 0u) << s["skip_reason"];
      EXPECT_NE(r.out.find("SKIP  " + s["name"].get<std::string>()), std::string::npos);
    } else {
      EXPECT_TRUE(portable.count(file));
      EXPECT_EQ(s["outcome"], "failed") << "a portable scenario of the mock's manual cannot pass";
    }
  }
  EXPECT_EQ(seen, need_mock.size() + portable.size());
  EXPECT_EQ(r.report["summary"]["skipped"], need_mock.size());

  // Skipped scenarios alone leave the exit code at 0 (README, "Exit codes").
  std::vector<std::string> args = {"--target-file", "targets/django-otp.yaml", "--users", users};
  args.insert(args.end(), need_mock.begin(), need_mock.end());
  ProofupRun skipped = Proofup(args);
  EXPECT_EQ(skipped.exit_code, 0) << skipped.out << skipped.err;
  EXPECT_EQ(skipped.report["summary"]["skipped"], need_mock.size());

  // The portal heard neither a control call nor the SIM's number.
  const std::string requests = Portal().Requests();
  EXPECT_EQ(requests.find("/__control/clock"), std::string::npos) << requests;
  EXPECT_EQ(requests.find("/__control/reset"), std::string::npos) << requests;
  EXPECT_EQ(requests.find("/sms/outbox"), std::string::npos) << requests;
}

// Without --users the profile's users file is used, and it has none of the
// manual's users: the scenarios the portal cannot run are skipped all the
// same (their users are checked only once the profile's offers are known); a
// scenario that would run is refused before anything is written.
TEST_F(DjangoOtp, ProfileUsersAreCheckedOnlyForScenariosThatRun) {
  std::set<std::string> need_mock, portable;
  SplitManualScenarios(need_mock, portable);
  ASSERT_FALSE(need_mock.empty());
  ASSERT_FALSE(portable.empty());

  std::vector<std::string> args = {"--target-file", "targets/django-otp.yaml"};
  args.insert(args.end(), need_mock.begin(), need_mock.end());
  ProofupRun skipped = Proofup(args);
  EXPECT_EQ(skipped.exit_code, 0) << skipped.out << skipped.err;
  ASSERT_TRUE(skipped.report.is_object()) << skipped.out << skipped.err;
  EXPECT_EQ(skipped.report["summary"]["skipped"], need_mock.size());
  EXPECT_EQ(skipped.err.find("is not in"), std::string::npos) << skipped.err;

  const std::string one = *portable.begin();
  ProofupRun refused = Proofup({"--target-file", "targets/django-otp.yaml", one});
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  const std::string user = YAML::LoadFile((kSource / one).string())["user"].as<std::string>();
  EXPECT_NE(refused.err.find(one + ": error: user \"" + user +
                             "\" is not in tests/django-otp/users.yaml"),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("hint: pass --users FILE"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(refused.reports)) << "no run folder for a run that did not start";
}

TEST_F(DjangoOtp, AdminTokenCannotMakeAControlStepPass) {
  const std::string steps =
      "  - go to: /admin/\n"
      "  - expect screen: {title: Log in | Django site admin}\n";
  const fs::path with_control = tmp_.path / "control.yaml";
  std::ofstream(with_control) << "name: Control step against Django\nsteps:\n"
                                 "  - control: {advance clock: 60s}\n"
                              << steps;
  const fs::path without = tmp_.path / "portable.yaml";
  std::ofstream(without) << "name: The same without it\nsteps:\n" << steps;

  for (const std::vector<std::string>& target :
       {std::vector<std::string>{"--target", Portal().url()},
        std::vector<std::string>{"--target-file", "targets/django-otp.yaml"}}) {
    SCOPED_TRACE(target[0]);
    std::vector<std::string> args = target;
    args.insert(args.end(),
                {"--admin-token", "not-a-mock-token", with_control.string(), without.string()});
    ProofupRun r = Proofup(args);
    ASSERT_TRUE(r.report.is_object()) << r.out << r.err;
    std::map<std::string, std::string> outcomes;
    for (const auto& s : r.report["scenarios"]) outcomes[s["name"]] = s["outcome"];
    EXPECT_EQ(outcomes["The same without it"], "passed") << r.out;
    EXPECT_NE(outcomes["Control step against Django"], "passed") << r.out;
    EXPECT_EQ(r.out.find("PASS  Control step"), std::string::npos) << r.out;
    EXPECT_NE(r.err.find("--admin-token is given, but " + Portal().url() +
                         " does not answer as mock-idp's control API (GET /__control/hello "
                         "answered HTTP 404"),
              std::string::npos)
        << r.err;
  }
  const std::string requests = Portal().Requests();
  EXPECT_NE(requests.find("\"GET /__control/hello HTTP/1.1\" 404"), std::string::npos) << requests;
  EXPECT_EQ(requests.find("/__control/clock"), std::string::npos) << requests;
}

}  // namespace
}  // namespace proofup::django
