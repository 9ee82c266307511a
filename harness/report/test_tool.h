// Test-only: runs an external checker (xmllint, chromium) and captures its
// output. Report tests use these tools when present and skip when not.
#ifndef PROOFUP_REPORT_TEST_TOOL_H_
#define PROOFUP_REPORT_TEST_TOOL_H_

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace proofup::test_tool {

// Full path of `program` found in PATH, or empty.
inline std::string FindInPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    std::string candidate = dir + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

struct ToolResult {
  int exit_code = -1;  // -1: could not start or killed by a signal
  std::string output;  // stdout and stderr
};

// Runs argv under coreutils `timeout` (so a hung tool fails the test instead of
// hanging it), with stdout and stderr captured through `scratch_file`.
inline ToolResult RunTool(std::vector<std::string> argv, const std::string& scratch_file,
                          int timeout_seconds = 120) {
  std::vector<std::string> full = {"timeout", "-k", "5", std::to_string(timeout_seconds)};
  full.insert(full.end(), argv.begin(), argv.end());
  std::vector<char*> args;
  for (std::string& a : full) args.push_back(a.data());
  args.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, scratch_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, "timeout", &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ToolResult result;
  if (rc != 0) return result;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  std::ifstream in(scratch_file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  result.output = text.str();
  return result;
}

// A fresh directory under the test binary dir, removed by the destructor.
class TempDir {
 public:
  explicit TempDir(const std::string& name) {
    std::string pattern = std::string(PROOFUP_BINARY_DIR) + "/" + name + "-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    path_ = ::mkdtemp(buffer.data()) ? buffer.data() : "";
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace proofup::test_tool

#endif  // PROOFUP_REPORT_TEST_TOOL_H_
