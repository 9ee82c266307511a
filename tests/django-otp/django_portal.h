// The Django + django-otp test portal (serve.py) as a child process of a test
// binary: started on first use on a free loopback port, with its database and
// request log in a temporary folder, and stopped (SIGTERM, then SIGKILL) and
// removed when the binary ends. One portal per binary, because migrating the
// database costs more than the scenarios that use it.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "harness/process/process.h"
#include "tests/support/files.h"

namespace proofup::django {

// A random password for the portal's users: passed to serve.py and proofup as
// DJANGO_PASSWORD (the users file reads it), and looked for in the reports,
// which must never show it.
inline std::string RandomPassword() {
  unsigned char bytes[12] = {};
  const int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    if (read(fd, bytes, sizeof bytes) != static_cast<ssize_t>(sizeof bytes)) bytes[0] = 0;
    close(fd);
  }
  std::string out = "pw-";
  for (unsigned char b : bytes) {
    char hex[3];
    std::snprintf(hex, sizeof hex, "%02x", b);
    out += hex;
  }
  return out;
}

class DjangoPortal {
 public:
  // Empty url() and a reason in error() when the portal did not start.
  DjangoPortal() : password_(RandomPassword()) {
    SpawnOptions options;
    options.die_with_parent = true;
    options.extra_env = {"DJANGO_PASSWORD=" + password_};
    auto child = ChildProcess::Spawn(
        {"/usr/bin/python3", std::string(PROOFUP_SOURCE_DIR) + "/tests/django-otp/serve.py",
         "--data", dir_.path.string(), "--log", log().string()},
        options);
    if (!child.ok()) {
      error_ = child.status().message();
      return;
    }
    child_ = std::move(*child);
    // Generous: migrate on a loaded 2-core machine.
    auto line = child_->ReadStdoutLine(std::chrono::seconds(60));
    const std::string prefix = "django-otp portal: ";
    if (!line.ok() || line->rfind(prefix, 0) != 0) {
      error_ = (line.ok() ? *line : line.status().message()) +
               " (are python3-django and python3-django-otp installed?)";
      return;
    }
    url_ = line->substr(prefix.size(), line->find(' ', prefix.size()) - prefix.size());
  }
  DjangoPortal(const DjangoPortal&) = delete;
  DjangoPortal& operator=(const DjangoPortal&) = delete;

  const std::string& url() const { return url_; }
  const std::string& error() const { return error_; }
  const std::string& password() const { return password_; }
  // The environment proofup needs for targets/django-otp.yaml.
  std::vector<std::string> Env() const {
    return {"DJANGO_URL=" + url_, "DJANGO_PASSWORD=" + password_};
  }
  std::filesystem::path log() const { return dir_.path / "requests.log"; }
  // Every request the portal answered so far: `"GET /path HTTP/1.1" 200 123` lines.
  std::string Requests() const { return e2e::ReadFile(log()); }

 private:
  e2e::TempDir dir_;  // declared first: removed after the child is gone
  std::string password_;
  std::unique_ptr<ChildProcess> child_;
  std::string url_, error_;
};

// The binary's one portal, started on first use.
inline DjangoPortal& Portal() {
  static DjangoPortal portal;
  return portal;
}

}  // namespace proofup::django
