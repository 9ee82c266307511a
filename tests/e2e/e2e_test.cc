// Runs every case under tests/e2e/cases as a real proofup process; see README.md.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "harness/http/http.h"
#include "harness/process/process.h"
#include "tests/support/files.h"
#include "tests/support/processes.h"

namespace proofup {
namespace {

using e2e::ReadFile;
using e2e::TempDir;

namespace fs = std::filesystem;

const fs::path kSource = PROOFUP_SOURCE_DIR;
const fs::path kProofup = fs::path(PROOFUP_BINARY_DIR) / "proofup";

std::string Substitute(std::string text, const std::string& name, const std::string& value) {
  for (size_t pos = text.find(name); pos != std::string::npos;
       pos = text.find(name, pos + value.size()))
    text.replace(pos, name.size(), value);
  return text;
}

std::vector<std::string> List(const YAML::Node& node) {
  std::vector<std::string> out;
  if (node) {
    for (const auto& item : node) out.push_back(item.as<std::string>());
  }
  return out;
}

struct Outcome {
  int exit_code = -1;
  std::string out, err;
  double seconds = 0;
};

// Runs proofup with `args` in `cwd` (default: the repository root), with
// `env` ("NAME=value") added; stdout and stderr captured.
Outcome RunProofup(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                   const std::string& cwd = kSource.string()) {
  std::vector<std::string> argv = {kProofup.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  SpawnOptions options;
  options.capture_stderr = true;
  options.working_dir = cwd;
  options.extra_env = env;
  auto start = std::chrono::steady_clock::now();
  auto child = ChildProcess::Spawn(argv, options);
  Outcome o;
  if (!child.ok()) {
    o.err = child.status().ToString();
    return o;
  }
  o.out = (*child)->ReadAllStdout();  // proofup writes little; no pipe deadlock
  o.err = (*child)->ReadAllStderr();
  auto exit = (*child)->Wait(std::chrono::minutes(5));
  o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (exit.ok() && exit->exited) o.exit_code = exit->code;
  return o;
}

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kSource / "tests/e2e/cases"))
    if (fs::exists(entry.path() / "case.yaml")) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

class CaseTest : public testing::TestWithParam<std::string> {};

TEST_P(CaseTest, ProducesTheExpectedOutcome) {
  const fs::path dir = kSource / "tests/e2e/cases" / GetParam();
  YAML::Node c = YAML::LoadFile((dir / "case.yaml").string());
  TempDir reports;
  auto expand = [&](const std::string& text) {
    return Substitute(
        Substitute(Substitute(text, "${case}", dir.string()), "${source}", kSource.string()),
        "${reports}", reports.path.string());
  };
  std::vector<std::string> args, env;
  for (const auto& a : List(c["args"])) args.push_back(expand(a));
  if (!args.empty() && args[0] == "run" && !c["own_reports"]) {
    args.push_back("--reports");
    args.push_back(reports.path.string());
  }
  for (const auto& e : List(c["env"])) env.push_back(expand(e));
  std::string cwd = c["cwd"] ? expand(c["cwd"].as<std::string>()) : kSource.string();
  // `before`: a command run first with the same reports folder (e.g. for --last-failed).
  if (c["before"]) {
    std::vector<std::string> before;
    for (const auto& a : List(c["before"])) before.push_back(expand(a));
    before.insert(before.end(), {"--reports", reports.path.string()});
    RunProofup(before, env, cwd);
  }
  Outcome o = RunProofup(args, env, cwd);
  SCOPED_TRACE("stdout:\n" + o.out + "\nstderr:\n" + o.err);
  EXPECT_EQ(o.exit_code, c["exit"].as<int>());
  for (const auto& t : List(c["stdout"])) EXPECT_NE(o.out.find(t), std::string::npos) << t;
  for (const auto& t : List(c["stderr"])) EXPECT_NE(o.err.find(t), std::string::npos) << t;
  for (const auto& t : List(c["not_stdout"])) EXPECT_EQ(o.out.find(t), std::string::npos) << t;
  for (const auto& t : List(c["not_stderr"])) EXPECT_EQ(o.err.find(t), std::string::npos) << t;
  if (c["report"]) {
    std::string junit = ReadFile(reports.path / "latest" / "junit.xml");
    for (const auto& t : List(c["report"])) EXPECT_NE(junit.find(t), std::string::npos) << t;
  }
  if (c["not_in_reports"]) {
    // Every file of the run (reports and saved screens), not only junit.xml.
    for (const auto& pattern : List(c["not_in_reports"])) {
      std::regex re(pattern);
      int files = 0;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(reports.path)) {
        if (!entry.is_regular_file()) continue;
        ++files;
        std::string text = ReadFile(entry.path());
        std::smatch m;
        EXPECT_FALSE(std::regex_search(text, m, re))
            << pattern << " found in " << entry.path() << ": " << m.str();
      }
      EXPECT_GT(files, 3) << "no report files to check";
    }
  }
  for (const auto& f : List(c["files"]))
    EXPECT_TRUE(fs::exists(reports.path / f)) << "missing " << f;
  if (c["max_seconds"]) {
    EXPECT_LT(o.seconds, c["max_seconds"].as<double>());
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, CaseTest, testing::ValuesIn(CaseNames()), [](const auto& info) {
  std::string n = info.param;
  for (char& ch : n)
    if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return n;
});

// A target that accepts connections but never answers must not hang proofup:
// it gives up within its timeout and exits 3.
TEST(TargetTest, HangingTargetFailsWithinTheTimeout) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(fd, 16), 0);  // never accept(): connections sit in the backlog
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  TempDir reports;
  Outcome o = RunProofup({"run", "scenarios/enrollment-nl.yaml", "--target", url, "--timeout", "1",
                          "--reports", reports.path.string()});
  close(fd);
  EXPECT_EQ(o.exit_code, 3) << o.err;
  EXPECT_NE(o.err.find("did not answer"), std::string::npos) << o.err;
  EXPECT_LT(o.seconds, 30);
  // The run still leaves whole reports behind, every scenario marked as an error.
  EXPECT_NE(ReadFile(reports.path / "latest" / "junit.xml").find("<error"), std::string::npos);
}

// 20 copies of the enrollment, each with its own user and SIM, on 4 workers.
TEST(WorkersTest, TwentyEnrollmentsInParallelPass) {
  TempDir dir;
  YAML::Node users = YAML::LoadFile((kSource / "fixtures/users.yaml").string())["users"];
  int made = 0;
  for (const auto& u : users) {
    std::string name = u["username"].as<std::string>();
    if (name.rfind("user", 0) != 0 || made == 20) continue;
    bool en = u["language"].as<std::string>() == "en";
    std::string text =
        ReadFile(kSource / (en ? "scenarios/enrollment-en.yaml" : "scenarios/enrollment-nl.yaml"));
    std::string number = std::to_string(10 + made);
    text = std::regex_replace(text, std::regex(R"(user: \S+)"), "user: " + name);
    text = std::regex_replace(text, std::regex(R"(\+316\d{8})"), "+316123456" + number);
    text = std::regex_replace(text, std::regex(R"("06 \d{8}")"), "\"06 123456" + number + "\"");
    text = std::regex_replace(text, std::regex(R"(name: (.*))"), "name: $1 - copy " + number,
                              std::regex_constants::format_first_only);
    text = Substitute(text, "include/", (kSource / "scenarios/include/").string());
    text = Substitute(text, "manual: fixtures/", "manual: " + (kSource / "fixtures/").string());
    std::ofstream(dir.path / ("copy-" + number + ".yaml")) << text;
    ++made;
  }
  ASSERT_EQ(made, 20);
  TempDir reports;
  Outcome o =
      RunProofup({"run", dir.path.string(), "--workers", "4", "--reports", reports.path.string(),
                  "--allow-include-dir", (kSource / "scenarios/include").string()});
  EXPECT_EQ(o.exit_code, 0) << o.out << o.err;
  EXPECT_NE(o.out.find("20 scenarios: 20 passed"), std::string::npos) << o.out;
}

// The threads of a running proofup whose signal mask lets SIGINT or SIGTERM
// through, other than the one waiting for them in rt_sigtimedwait (the run's
// watcher: while it waits, the kernel shows the awaited signals unblocked),
// and the number of such waiters. The kernel may hand a Ctrl-C to any thread
// that does not block it; there its default action kills the process.
struct StopSignalTakers {
  std::string others;  // "tid (name) ..." or ""
  int waiters = 0;
};
StopSignalTakers ThreadsThatTakeStopSignals(pid_t pid) {
  StopSignalTakers takers;
  for (const auto& task : fs::directory_iterator("/proc/" + std::to_string(pid) + "/task")) {
    std::istringstream status(ReadFile(task.path() / "status"));
    for (std::string line; std::getline(status, line);) {
      if (line.rfind("SigBlk:", 0) != 0) continue;
      const unsigned long long blocked = std::stoull(line.substr(7), nullptr, 16);
      const unsigned long long stop = (1ULL << (SIGINT - 1)) | (1ULL << (SIGTERM - 1));
      if ((blocked & stop) == stop) continue;
      const std::string syscall = ReadFile(task.path() / "syscall");
      if (syscall.rfind(std::to_string(SYS_rt_sigtimedwait) + " ", 0) == 0) {
        ++takers.waiters;
        continue;
      }
      std::string name = ReadFile(task.path() / "comm");
      takers.others +=
          task.path().filename().string() + " (" + name.substr(0, name.find('\n')) + ") ";
    }
  }
  return takers;
}

// While a run goes, every thread blocks SIGINT and SIGTERM (the run's watcher
// thread takes them with sigwait), also the threads started before the run's
// first step: the early Chromium's, the libcurl preload, the loading.
TEST(InterruptTest, EveryThreadOfARunLeavesStopSignalsToTheWatcher) {
  for (const std::string browser : {"http", "chromium"}) {
    TempDir reports;
    auto child = e2e::StartProofup({"run", "tests/e2e/data/never-ready.yaml", "--browser", browser},
                                   reports.path);
    ASSERT_TRUE(child.ok());
    auto target = (*child)->ReadStdoutLine(std::chrono::seconds(30));
    ASSERT_TRUE(target.ok()) << target.status().ToString();
    const StopSignalTakers takers = ThreadsThatTakeStopSignals((*child)->pid());
    EXPECT_EQ(takers.others, "") << browser;
    EXPECT_EQ(takers.waiters, 1) << browser << ": the run's watcher";
    (*child)->Signal(SIGINT);
    auto exit = (*child)->Wait(std::chrono::seconds(30));
    ASSERT_TRUE(exit.ok()) << "proofup did not stop after SIGINT";
    EXPECT_TRUE(exit->exited) << browser;
    EXPECT_EQ(exit->code, 1) << browser;
  }
}

// Ctrl-C stops the run promptly, and the reports are still written whole.
TEST(InterruptTest, SigintFinishesTheReports) {
  TempDir reports;
  auto child = e2e::StartProofup({"run", "tests/e2e/data/never-ready.yaml"}, reports.path);
  ASSERT_TRUE(child.ok());
  auto target = (*child)->ReadStdoutLine(std::chrono::seconds(30));
  ASSERT_TRUE(target.ok()) << target.status().ToString();
  ASSERT_EQ(target->rfind("target: ", 0), 0u) << *target;
  (*child)->Signal(SIGINT);
  auto exit = (*child)->Wait(std::chrono::seconds(30));
  ASSERT_TRUE(exit.ok()) << "proofup did not stop after SIGINT";
  EXPECT_TRUE(exit->exited);
  EXPECT_EQ(exit->code, 1);
  std::string out = (*child)->ReadAllStdout();
  EXPECT_NE(out.find("interrupted"), std::string::npos) << out;
  std::string junit = ReadFile(reports.path / "latest" / "junit.xml");
  EXPECT_NE(junit.find("</testsuites>"), std::string::npos) << junit;
  EXPECT_NE(ReadFile(reports.path / "latest" / "report.json").find("\"interrupted\": true"),
            std::string::npos);
}

// A scenario that fails once (an injected HTTP 500) and passes on the retry is
// reported as flaky, not as a clean pass, and the run still exits 0.
TEST(RetryTest, PassOnRetryIsFlaky) {
  SpawnOptions quiet;
  quiet.discard_stderr = true;
  auto mock = ChildProcess::Spawn(
      {(fs::path(PROOFUP_BINARY_DIR) / "mock-idp/mock-idp").string(), "--port", "0", "--users",
       (kSource / "fixtures/users.yaml").string(), "--admin-token", "e2e-token", "--quiet"},
      quiet);
  ASSERT_TRUE(mock.ok()) << mock.status().ToString();
  auto url = (*mock)->ReadStdoutLine(std::chrono::seconds(30));
  ASSERT_TRUE(url.ok());
  auto control = http::NewCurlTransport();
  http::Request fault;
  fault.method = "POST";
  fault.url = *url + "/__control/faults";
  fault.headers = {{"Authorization", "Bearer e2e-token"}, {"Content-Type", "application/json"}};
  fault.body = R"({"kind":"http500","route":"/mfa/more-info","count":1})";
  auto answer = control->Send(fault);
  ASSERT_TRUE(answer.ok() && answer->status == 200) << answer.status().ToString();
  TempDir reports;
  Outcome o = RunProofup({"run", "scenarios/enrollment-nl.yaml", "--target", *url, "--admin-token",
                          "e2e-token", "--retries", "1", "--reports", reports.path.string()});
  EXPECT_EQ(o.exit_code, 0) << o.out << o.err;
  EXPECT_NE(o.out.find("retry 2"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("FLAKY"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("1 flaky"), std::string::npos) << o.out;
  EXPECT_NE(ReadFile(reports.path / "latest" / "junit.xml").find("flaky"), std::string::npos);
}

// With Chromium every step leaves a PNG; without --show-secrets none of them
// holds a readable QR code (zbarimg finds none), with it the QR step's does.
int PngsWithQr(const fs::path& run, int& pngs) {
  int with_qr = 0;
  pngs = 0;
  for (const auto& entry : fs::recursive_directory_iterator(run / "screens")) {
    if (entry.path().extension() != ".png") continue;
    ++pngs;
    SpawnOptions quiet;
    quiet.discard_stderr = true;
    auto zbar = ChildProcess::Spawn({"zbarimg", "-q", entry.path().string()}, quiet);
    if (!zbar.ok()) continue;
    (*zbar)->ReadAllStdout();
    auto exit = (*zbar)->Wait(std::chrono::seconds(30));
    if (exit.ok() && exit->exited && exit->code == 0) ++with_qr;
  }
  return with_qr;
}

TEST(ChromiumScreenshotTest, NoSavedPngShowsTheQrWithoutShowSecrets) {
  TempDir masked, shown;
  Outcome o = RunProofup({"run", "scenarios/enrollment-nl.yaml", "--browser", "chromium",
                          "--reports", masked.path.string()});
  ASSERT_EQ(o.exit_code, 0) << o.out << o.err;
  int pngs = 0;
  EXPECT_EQ(PngsWithQr(masked.path / "latest", pngs), 0);
  EXPECT_GT(pngs, 10);
  EXPECT_NE(ReadFile(masked.path / "latest" / "junit.xml").find("[[ATTACHMENT|screens/"),
            std::string::npos);
  Outcome s = RunProofup({"run", "scenarios/enrollment-nl.yaml", "--browser", "chromium",
                          "--show-secrets", "--reports", shown.path.string()});
  ASSERT_EQ(s.exit_code, 0) << s.out << s.err;
  EXPECT_GE(PngsWithQr(shown.path / "latest", pngs), 1);
}

}  // namespace
}  // namespace proofup

namespace proofup {
namespace {

// proofup init writes a scenario and users file that run as they are against
// the bundled mock-idp from that folder, and never overwrites them.
TEST(InitTest, StarterRunsFromItsFolderAndIsNotOverwritten) {
  TempDir dir;
  Outcome init = RunProofup({"init", dir.path.string()});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  ASSERT_TRUE(fs::exists(dir.path / "scenarios/sign-in.yaml"));
  ASSERT_TRUE(fs::exists(dir.path / "fixtures/users.yaml"));
  Outcome run = RunProofup({"run", "--reports", "reports"}, {}, dir.path.string());
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("1 scenario: 1 passed"), std::string::npos) << run.out;
  std::ofstream(dir.path / "fixtures/users.yaml", std::ios::app) << "# edited\n";
  Outcome again = RunProofup({"init", dir.path.string()});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already exists; not overwriting it"), std::string::npos) << again.err;
  EXPECT_NE(ReadFile(dir.path / "fixtures/users.yaml").find("# edited"), std::string::npos);
}

}  // namespace
}  // namespace proofup
