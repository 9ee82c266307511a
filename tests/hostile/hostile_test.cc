// Runs proofup against a hostile portal (hostile_server.py on a free loopback
// port): every case of cases.yaml must end with the expected exit code and
// message, within bounded time and memory (peak RSS from wait4), and leave
// complete, valid reports behind (junit.xml passes xmllint, report.json parses).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <thread>

extern char** environ;

namespace {

namespace fs = std::filesystem;
const fs::path kSource = PROOFUP_SOURCE_DIR;
const fs::path kProofup = fs::path(PROOFUP_BINARY_DIR) / "proofup";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Exit {
  int code = -1;  // -1: killed by a signal or timed out
  double seconds = 0;
  long max_rss_kb = 0;
};

// Spawns argv with stdout/stderr to files, stdin from `stdin_fd` (-1: /dev/null),
// and waits with wait4 (for the peak RSS) until `limit`, then kills it.
Exit RunAndMeasure(const std::vector<std::string>& argv, const fs::path& out, const fs::path& err,
                   std::chrono::seconds limit) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  Exit e;
  int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return e;
  int status = 0;
  rusage usage{};
  for (auto pause = std::chrono::milliseconds(1);;
       pause = std::min(pause * 2, std::chrono::milliseconds(50))) {
    pid_t done = wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() - start > limit) {
      kill(pid, SIGKILL);
      wait4(pid, &status, 0, &usage);
      break;
    }
    std::this_thread::sleep_for(pause);  // polling the child, not timing the test
  }
  e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  e.max_rss_kb = usage.ru_maxrss;
  if (WIFEXITED(status)) e.code = WEXITSTATUS(status);
  return e;
}

// The hostile server, up for the whole suite; closing its stdin stops it.
class HostileServer {
 public:
  HostileServer() {
    int to_child[2], from_child[2];
    if (pipe(to_child) != 0 || pipe(from_child) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
    posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
    posix_spawn_file_actions_addclose(&actions, to_child[1]);
    posix_spawn_file_actions_addclose(&actions, from_child[0]);
    std::string script = (kSource / "tests/hostile/hostile_server.py").string();
    std::vector<char*> args = {const_cast<char*>("/usr/bin/python3"), script.data(), nullptr};
    int rc = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(to_child[0]);
    close(from_child[1]);
    stdin_ = to_child[1];
    fcntl(stdin_, F_SETFD, FD_CLOEXEC);
    if (rc != 0) return;
    FILE* out = fdopen(from_child[0], "r");
    int port = 0;
    if (out && std::fscanf(out, "port %d", &port) == 1) port_ = port;  // blocks until listening
    if (out) std::fclose(out);
  }
  ~HostileServer() {
    if (stdin_ >= 0) close(stdin_);
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int stdin_ = -1;
  int port_ = 0;
};

HostileServer& Server() {
  static HostileServer* server = new HostileServer();  // lives until the process ends
  return *server;
}

std::vector<std::string> Strings(const YAML::Node& n) {
  std::vector<std::string> out;
  if (n)
    for (const auto& v : n) out.push_back(v.as<std::string>());
  return out;
}

std::vector<YAML::Node> Cases() {
  std::vector<YAML::Node> out;
  for (const auto& c : YAML::LoadFile((kSource / "tests/hostile/cases.yaml").string()))
    out.push_back(c);
  return out;
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "proofup-hostile-XXXXXX").string();
    path = mkdtemp(tmpl.data());
  }
  ~TempDir() { fs::remove_all(path); }
};

class HostileCase : public testing::TestWithParam<YAML::Node> {};

TEST_P(HostileCase, EndsCleanlyWithinBounds) {
  const YAML::Node c = GetParam();
  ASSERT_GT(Server().port(), 0) << "hostile server did not start";
  TempDir tmp;
  YAML::Node scenario;
  scenario["name"] = "hostile " + c["name"].as<std::string>();
  scenario["steps"] = c["steps"];
  fs::path file = tmp.path / (c["name"].as<std::string>() + ".yaml");
  std::ofstream(file) << scenario;
  fs::path reports = tmp.path / "reports";
  std::vector<std::string> argv = {kProofup.string(),
                                   "run",
                                   file.string(),
                                   "--target",
                                   "http://127.0.0.1:" + std::to_string(Server().port()),
                                   "--reports",
                                   reports.string(),
                                   "--users",
                                   (kSource / "fixtures/users.yaml").string()};
  for (const auto& a : Strings(c["args"])) argv.push_back(a);
  if (c["file_size_limit_blocks"]) {
    // SIGXFSZ ignored, so a write past the limit fails with EFBIG as on a full disk.
    argv.insert(argv.begin(),
                {"/bin/sh", "-c",
                 "trap '' XFSZ; ulimit -f " + c["file_size_limit_blocks"].as<std::string>() +
                     "; exec \"$0\" \"$@\""});
  }
  Exit e = RunAndMeasure(argv, tmp.path / "out", tmp.path / "err", std::chrono::seconds(60));
  std::string out = ReadFile(tmp.path / "out"), err = ReadFile(tmp.path / "err");
  std::string junit = ReadFile(reports / "latest" / "junit.xml");
  std::string all = out + err + junit;
  SCOPED_TRACE("stdout: " + out + "\nstderr: " + err.substr(0, 4000));
  std::printf("[ measured ] %s: exit %d, %.2f s, peak RSS %ld MiB\n",
              c["name"].as<std::string>().c_str(), e.code, e.seconds, e.max_rss_kb / 1024);
  EXPECT_EQ(e.code, c["exit"].as<int>());
  for (const auto& t : Strings(c["output"])) EXPECT_NE(all.find(t), std::string::npos) << t;
  for (const auto& t : Strings(c["not_stdout"])) EXPECT_EQ(out.find(t), std::string::npos) << t;
  EXPECT_LT(e.seconds, c["max_seconds"] ? c["max_seconds"].as<double>() : 10.0);
  EXPECT_LT(e.max_rss_kb / 1024, c["max_rss_mb"] ? c["max_rss_mb"].as<long>() : 200L);
  if (c["reports"] && !c["reports"].as<bool>()) return;

  std::error_code ec;
  fs::path run = fs::canonical(reports / "latest", ec);
  ASSERT_FALSE(ec) << "no reports/latest: " << ec.message();
  EXPECT_FALSE(junit.empty());
  Exit lint = RunAndMeasure({"/usr/bin/xmllint", "--noout", (run / "junit.xml").string()},
                            tmp.path / "lint.out", tmp.path / "lint.err", std::chrono::seconds(20));
  EXPECT_EQ(lint.code, 0) << ReadFile(tmp.path / "lint.err");
  EXPECT_FALSE(nlohmann::json::parse(ReadFile(run / "report.json"), nullptr, false).is_discarded());
  EXPECT_NE(ReadFile(run / "index.html").find("</html>"), std::string::npos);
  std::vector<std::string> texts;
  for (const auto& entry : fs::recursive_directory_iterator(run))
    if (entry.is_regular_file()) texts.push_back(ReadFile(entry.path()));
  for (const auto& pattern : Strings(c["not_in_reports"])) {
    std::regex re(pattern);
    for (const auto& t : texts) EXPECT_FALSE(std::regex_search(t, re)) << pattern;
  }
  for (const auto& pattern : Strings(c["in_reports"])) {
    std::regex re(pattern);
    bool found = false;
    for (const auto& t : texts) found = found || std::regex_search(t, re);
    EXPECT_TRUE(found) << pattern;
  }
}

INSTANTIATE_TEST_SUITE_P(Hostile, HostileCase, testing::ValuesIn(Cases()),
                         [](const testing::TestParamInfo<YAML::Node>& info) {
                           std::string n = info.param["name"].as<std::string>();
                           for (char& ch : n)
                             if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

}  // namespace
