// A command run to its end with a deadline (hooks, scripts): both streams are
// read together, so a command that fills its stderr pipe cannot block on it.
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "harness/process/process.h"

namespace proofup {
namespace {

using Clock = std::chrono::steady_clock;

// Cancellation is noticed within this time even while the command is silent.
constexpr std::chrono::milliseconds kCancelCheck{100};

// Appends what `fd` has to `into` (up to `limit`); false at end of stream.
bool Drain(int fd, std::string& into, size_t limit, bool& truncated) {
  char buf[4096];
  ssize_t n;
  do {
    n = read(fd, buf, sizeof buf);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) return false;
  const size_t room = into.size() < limit ? limit - into.size() : 0;
  into.append(buf, std::min(room, static_cast<size_t>(n)));
  if (static_cast<size_t>(n) > room) truncated = true;
  return true;
}

}  // namespace

void ChildProcess::SignalGroup(int signal) {
  if (!reaped_ && pid_ > 0) kill(-pid_, signal);
}

StatusOr<CommandResult> RunToEnd(const std::vector<std::string>& argv,
                                 const RunToEndOptions& options) {
  SpawnOptions spawn;
  spawn.capture_stdout = true;
  spawn.capture_stderr = true;
  spawn.working_dir = options.working_dir;
  spawn.extra_env = options.extra_env;
  auto child = ChildProcess::Spawn(argv, spawn);
  if (!child.ok()) return child.status();
  ChildProcess& c = **child;
  CommandResult result;
  const auto deadline = Clock::now() + options.timeout;
  bool out_open = true, err_open = true;
  while (out_open || err_open) {
    if (options.cancelled && options.cancelled->load()) {
      result.cancelled = true;
      break;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      break;
    }
    pollfd fds[2] = {{out_open ? c.stdout_fd_ : -1, POLLIN, 0},
                     {err_open ? c.stderr_fd_ : -1, POLLIN, 0}};
    const auto wait = options.cancelled ? std::min(left, kCancelCheck) : left;
    const int ready = poll(fds, 2, static_cast<int>(wait.count()) + 1);
    if (ready < 0 && errno != EINTR)
      return Status::Internal(std::string("poll: ") + strerror(errno));
    if (ready <= 0) continue;
    if (out_open && fds[0].revents != 0)
      out_open = Drain(c.stdout_fd_, result.out, options.max_output_bytes, result.truncated);
    if (err_open && fds[1].revents != 0)
      err_open = Drain(c.stderr_fd_, result.err, options.max_output_bytes, result.truncated);
  }
  if (result.timed_out || result.cancelled) c.SignalGroup(SIGKILL);
  // Both streams closed: the command is exiting; a process that closed them
  // and lives on is given what is left of the timeout, then killed.
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  auto exit = c.Wait(std::max(left, std::chrono::milliseconds(0)));
  if (!exit.ok()) {
    result.timed_out = true;
    c.SignalGroup(SIGKILL);
    exit = c.Wait(std::chrono::milliseconds(10'000));
    if (!exit.ok()) return exit.status();
  }
  result.exit = *exit;
  return result;
}

}  // namespace proofup
