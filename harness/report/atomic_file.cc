#include "harness/report/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <system_error>
#include <vector>

namespace proofup::report_internal {
namespace {

Status WriteError(const std::string& path, int error) {
  return Status::IoError("cannot write " + path + ": " + std::generic_category().message(error));
}

// Writes everything, retrying short writes and EINTR. Returns 0 or an errno.
int WriteAllBytes(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return 0;
}

}  // namespace

Status WriteFileAtomically(const std::string& path, std::string_view contents) {
  std::string pattern = path + ".tmp-XXXXXX";
  std::vector<char> temp(pattern.begin(), pattern.end());
  temp.push_back('\0');
  int fd = ::mkstemp(temp.data());
  if (fd < 0) return WriteError(path, errno);
  const std::string temp_path(temp.data());

  int error = WriteAllBytes(fd, contents);
  // mkstemp creates 0600; reports are meant to be shared (CI artifacts, web servers).
  if (error == 0 && ::fchmod(fd, 0644) != 0) error = errno;
  // No fsync: the rename already keeps readers from a half-written report, and a
  // report lost to a power cut is re-made by running again; fsync cost ~3 ms a run.
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && std::rename(temp_path.c_str(), path.c_str()) != 0) error = errno;
  if (error != 0) {
    ::unlink(temp_path.c_str());
    return WriteError(path, error);
  }
  return Status::Ok();
}

}  // namespace proofup::report_internal
