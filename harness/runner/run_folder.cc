#include "harness/runner/run_folder.h"

#include <openssl/rand.h>
#include <sys/random.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>

namespace proofup::runner {

namespace fs = std::filesystem;

std::string NewRunId() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  // getrandom first, as for the portal's token (portal.cc): RAND_bytes would
  // set up OpenSSL's generator (~0.6 ms of CPU) for these two bytes, on the
  // path between the target check and the first step.
  unsigned char r[2] = {0, 0};
  if (getrandom(r, sizeof r, 0) != static_cast<ssize_t>(sizeof r)) RAND_bytes(r, sizeof r);
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%02x%02x", r[0], r[1]);
  return std::string(stamp) + "-" + suffix;
}

StatusOr<RunFolder> CreateRunFolder(const std::string& reports_root, const std::string& run_id) {
  std::error_code ec;
  fs::path dir = fs::path(reports_root) / run_id;
  fs::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create " + dir.string() + ": " + ec.message());
  // Replace "latest" atomically: make the new link under a temporary name, then rename over.
  fs::path latest = fs::path(reports_root) / "latest";
  fs::path tmp = fs::path(reports_root) / (".latest-" + run_id);
  fs::remove(tmp, ec);
  fs::create_directory_symlink(run_id, tmp, ec);
  if (!ec) fs::rename(tmp, latest, ec);
  if (ec)
    return Status::IoError("cannot point " + latest.string() + " at " + run_id + ": " +
                           ec.message());
  return RunFolder{run_id, dir.string()};
}

std::string Slug(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c)) {
      out += static_cast<char>(std::tolower(c));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "x" : out;
}

}  // namespace proofup::runner
