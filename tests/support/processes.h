// Processes for the end-to-end tests: finding what a server under test
// started (to kill a browser in the middle of a run) and a free loopback port.
#pragma once

#include <sys/types.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

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

}  // namespace proofup::e2e
