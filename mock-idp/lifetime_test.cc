// The bundled mock-idp as proofup starts it: it dies with a SIGKILLed proofup
// (no orphan keeps serving), and its admin token is not on its command line.
// Runs the real binaries: proofup run against a scenario that waits, the test
// finds the mock-idp child in /proc, kills proofup and polls for the child.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "harness/process/process.h"

namespace proofup {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

std::string ReadProcFile(pid_t pid, const std::string& name) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The direct children of `pid` (over all its threads).
std::vector<pid_t> ChildrenOf(pid_t pid) {
  std::vector<pid_t> out;
  std::error_code ec;
  for (const auto& task : fs::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    std::ifstream in(task.path() / "children");
    pid_t child;
    while (in >> child) out.push_back(child);
  }
  return out;
}

// True while `pid` exists and is not a zombie (an orphan killed by the death
// signal is a zombie until init reaps it; that counts as gone).
bool Alive(pid_t pid) {
  const std::string stat = ReadProcFile(pid, "stat");
  if (stat.empty()) return false;
  const size_t paren = stat.rfind(')');
  return paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] != 'Z';
}

template <typename F>
bool PollUntil(milliseconds limit, F done) {
  const auto deadline = steady_clock::now() + limit;
  while (steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(milliseconds(20));  // polling interval, not a timing guess
  }
  return done();
}

TEST(BundledPortalLifetime, DiesWithKilledProofupAndKeepsTokenOffArgv) {
  const fs::path dir =
      fs::path(PROOFUP_BINARY_DIR) / "mock-idp-lifetime-test" / std::to_string(getpid());
  fs::create_directories(dir);
  // A scenario that keeps proofup busy (waiting for a text that never comes).
  {
    std::ofstream s(dir / "waits.yaml");
    s << "name: waits\nuser: user01@voorbeeld.nl\nlanguage: nl\nphone:\n  number: "
         "\"+31639999999\"\nsteps:\n  - go to: /\n  - wait for:\n      text: nooit\n"
         "      timeout: 60s\n";
  }
  SpawnOptions options;
  options.discard_stderr = true;
  options.extra_env = {std::string("PROOFUP_MOCK_IDP=") + MOCK_IDP_BINARY};
  auto proofup =
      ChildProcess::Spawn({PROOFUP_BINARY, "run", (dir / "waits.yaml").string(), "--users",
                           std::string(PROOFUP_SOURCE_DIR) + "/fixtures/users.yaml", "--reports",
                           (dir / "reports").string(), "--timeout", "60"},
                          options);
  ASSERT_TRUE(proofup.ok()) << proofup.status().ToString();
  const pid_t proofup_pid = (*proofup)->pid();
  // "target: ..." is printed once the mock-idp answered with its URL.
  auto line = (*proofup)->ReadStdoutLine(milliseconds(20'000));
  ASSERT_TRUE(line.ok()) << line.status().ToString();
  ASSERT_NE(line->find("bundled mock-idp"), std::string::npos) << *line;
  pid_t mock = 0;
  ASSERT_TRUE(PollUntil(milliseconds(5000), [&] {
    for (pid_t c : ChildrenOf(proofup_pid))
      if (ReadProcFile(c, "cmdline").find("mock-idp") != std::string::npos) mock = c;
    return mock != 0;
  }));

  std::string cmdline = ReadProcFile(mock, "cmdline");
  const std::string environ = ReadProcFile(mock, "environ");
  const std::string key = std::string("MOCK_IDP_ADMIN_TOKEN=");
  const size_t at = environ.find(key);
  ASSERT_NE(at, std::string::npos) << "the token comes through the environment";
  const std::string token = environ.substr(at + key.size(), 32);
  ASSERT_EQ(token.size(), 32u);
  EXPECT_EQ(cmdline.find(token), std::string::npos);
  EXPECT_EQ(cmdline.find("--admin-token"), std::string::npos);

  (*proofup)->Signal(SIGKILL);
  auto exit = (*proofup)->Wait(milliseconds(5000));
  ASSERT_TRUE(exit.ok());
  EXPECT_EQ(exit->signal, SIGKILL);
  EXPECT_TRUE(PollUntil(milliseconds(3000), [&] { return !Alive(mock); }))
      << "mock-idp " << mock << " outlived the killed proofup";
  if (Alive(mock)) kill(mock, SIGKILL);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace proofup
