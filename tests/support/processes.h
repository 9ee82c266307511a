// Processes for the end-to-end tests: running proofup, and finding what a
// server under test started (to kill a browser in the middle of a run).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "harness/process/process.h"
#include "tests/support/files.h"

namespace proofup::e2e {

// The pids of every process below `root` (only its children when `direct`)
// whose command line contains `needle`.
inline std::vector<pid_t> Descendants(pid_t root, const std::string& needle, bool direct = false) {
  namespace fs = std::filesystem;
  std::map<pid_t, pid_t> parent;
  for (const auto& e : fs::directory_iterator("/proc")) {
    pid_t pid = std::atoi(e.path().filename().c_str());
    if (pid <= 0) continue;
    std::string stat = ReadFile(e.path() / "stat");
    size_t close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 2));
    std::string state;
    pid_t ppid = 0;
    rest >> state >> ppid;
    parent[pid] = ppid;
  }
  std::vector<pid_t> out;
  for (const auto& [pid, ppid] : parent) {
    bool below = direct && ppid == root;
    if (direct && !below) continue;
    for (pid_t p = ppid; p > 1 && !below; p = parent.count(p) ? parent[p] : 0) below = p == root;
    if (!below) continue;
    std::string cmdline = ReadFile("/proc/" + std::to_string(pid) + "/cmdline");
    for (char& c : cmdline)
      if (c == '\0') c = ' ';
    if (cmdline.find(needle) != std::string::npos) out.push_back(pid);
  }
  return out;
}

// What a proofup run printed, its exit code (-1 when it did not exit in
// time or died of a signal) and its report.json (discarded JSON when none).
struct RunOutput {
  int code = -1;
  std::string out, err;
  nlohmann::json report;
};

// Starts proofup `args` --reports `reports` from the source folder, stderr
// captured, with `env` added.
inline StatusOr<std::unique_ptr<ChildProcess>> StartProofup(const std::vector<std::string>& args,
                                                            const std::filesystem::path& reports,
                                                            std::vector<std::string> env = {}) {
  std::vector<std::string> argv = {
      (std::filesystem::path(PROOFUP_BINARY_DIR) / "proofup").string()};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"--reports", reports.string()});
  SpawnOptions options;
  options.capture_stderr = true;
  options.working_dir = PROOFUP_SOURCE_DIR;
  options.extra_env = std::move(env);
  return ChildProcess::Spawn(argv, options);
}

// Reads what `child` (from StartProofup) prints until it ends, at most 3
// minutes, then the latest report in `reports`.
inline RunOutput Finish(ChildProcess& child, const std::filesystem::path& reports) {
  RunOutput run;
  run.out = child.ReadAllStdout();
  run.err = child.ReadAllStderr();
  auto exit = child.Wait(std::chrono::minutes(3));
  if (exit.ok() && exit->exited) run.code = exit->code;
  run.report = nlohmann::json::parse(ReadFile(reports / "latest" / "report.json"), nullptr, false);
  return run;
}

// proofup `args` --reports `reports` to its end; a run that cannot start
// has code -1 and no output.
inline RunOutput Proofup(const std::vector<std::string>& args, const std::filesystem::path& reports,
                         std::vector<std::string> env = {}) {
  auto child = StartProofup(args, reports, std::move(env));
  return child.ok() ? Finish(**child, reports) : RunOutput{};
}

}  // namespace proofup::e2e
