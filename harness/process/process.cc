#include "harness/process/process.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

extern char** environ;

namespace proofup {
namespace {

// Waits until `fd` is readable or `timeout` passes. True when readable (or at EOF/error).
bool WaitReadable(int fd, std::chrono::milliseconds timeout) {
  pollfd p{fd, POLLIN, 0};
  for (;;) {
    int r = poll(&p, 1, static_cast<int>(timeout.count()));
    if (r >= 0) return r > 0;
    if (errno != EINTR) return true;
  }
}

std::string ReadToEnd(int fd) {
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) {
      out.append(buf, static_cast<size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      return out;
    }
  }
}

ExitInfo DecodeWaitStatus(int status) {
  ExitInfo info;
  if (WIFEXITED(status)) {
    info.exited = true;
    info.code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    info.signal = WTERMSIG(status);
  }
  return info;
}

// Owns a posix_spawn_file_actions_t for the duration of one spawn.
struct FileActions {
  posix_spawn_file_actions_t fa;
  FileActions() { posix_spawn_file_actions_init(&fa); }
  ~FileActions() { posix_spawn_file_actions_destroy(&fa); }
};

// argv[0] as execve needs it: itself when it has a '/', else the first
// executable match in PATH (resolved before fork: the child may not allocate).
std::string ResolveProgram(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  for (;;) {
    size_t end = dirs.find(':', start);
    std::string dir = dirs.substr(start, end == std::string::npos ? end : end - start);
    std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    if (end == std::string::npos) return name;
    start = end + 1;
  }
}

// The fds a child's standard streams come from; -1 = inherit.
struct ChildStreams {
  int out = -1;
  int err = -1;
  bool err_to_null = false;
};

// What the child of ForkExecDyingWithParent needs; read-only for the child.
struct DyingChildArgs {
  const char* program;
  char* const* args;
  char* const* env;
  const ChildStreams* streams;
  const char* working_dir;  // empty: stay
  pid_t parent;
  int report_fd;  // close-on-exec; gets the errno when exec fails
};

// Runs in the child on its own stack while the parent waits (CLONE_VFORK):
// it shares the parent's memory, so it writes none of it and calls only
// async-signal-safe functions that are plain system calls.
int DyingChildMain(void* raw) {
  const auto& a = *static_cast<const DyingChildArgs*>(raw);
  auto fail = [&a](int e) {
    (void)!write(a.report_fd, &e, sizeof e);
    _exit(127);
  };
  setpgid(0, 0);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) sigaction(sig, &dfl, nullptr);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail(errno);
  // The parent may have died before prctl: then nobody would send the signal.
  if (getppid() != a.parent) _exit(127);
  if (a.streams->out >= 0 && dup2(a.streams->out, 1) < 0) fail(errno);
  if (a.streams->err >= 0 && dup2(a.streams->err, 2) < 0) fail(errno);
  if (a.streams->err < 0 && a.streams->err_to_null) {
    int null_fd = open("/dev/null", O_WRONLY);
    if (null_fd < 0 || dup2(null_fd, 2) < 0) fail(errno);
  }
  if (*a.working_dir && chdir(a.working_dir) != 0) fail(errno);
  execve(a.program, a.args, a.env);
  fail(errno);
  return 127;
}

// Spawns a child that must die with its parent: the death signal can only be
// set between clone and exec, which posix_spawn cannot do. Like posix_spawn,
// the child shares the parent's memory until exec (CLONE_VM|CLONE_VFORK): a
// fork would copy the page tables of a process with ~40 libraries and make
// both sides take copy-on-write faults, on the path a run waits for. All
// signals stay blocked in the parent meanwhile, so no handler of the parent's
// runs on the shared memory. Returns the pid, or -errno when the program could
// not be executed (reported through a close-on-exec pipe).
pid_t ForkExecDyingWithParent(const std::string& program, char* const* args, char* const* env,
                              const ChildStreams& streams, const std::string& working_dir) {
  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0) return -errno;
  constexpr size_t kStackBytes = 64 * 1024;
  void* stack = mmap(nullptr, kStackBytes, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (stack == MAP_FAILED) {
    int e = errno;
    close(report[0]);
    close(report[1]);
    return -e;
  }
  DyingChildArgs child_args{program.c_str(),     args,     env,      &streams,
                            working_dir.c_str(), getpid(), report[1]};
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  const pid_t pid = clone(DyingChildMain, static_cast<char*>(stack) + kStackBytes,
                          CLONE_VM | CLONE_VFORK | SIGCHLD, &child_args);
  const int clone_errno = errno;
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  munmap(stack, kStackBytes);
  if (pid < 0) {
    close(report[0]);
    close(report[1]);
    return -clone_errno;
  }
  close(report[1]);
  int child_errno = 0;
  ssize_t n;
  do {
    n = read(report[0], &child_errno, sizeof child_errno);
  } while (n < 0 && errno == EINTR);
  close(report[0]);
  if (n == static_cast<ssize_t>(sizeof child_errno)) {
    waitpid(pid, nullptr, 0);
    return -child_errno;
  }
  return pid;
}

// posix_spawnp with the attributes every child gets. Returns 0 or an errno.
int SpawnPlain(const std::string& program, const posix_spawn_file_actions_t& actions,
               char* const* args, char* const* env, pid_t* pid) {
  // The child gets default signal handling and an empty signal mask (the parent
  // may block SIGINT/SIGTERM for its own signal thread), and its own process
  // group, so a Ctrl-C meant for proofup does not kill the portal mid-run.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
  int rc = posix_spawnp(pid, program.c_str(), &actions, &attr, args, env);
  posix_spawnattr_destroy(&attr);
  return rc;
}

}  // namespace

StatusOr<std::unique_ptr<ChildProcess>> ChildProcess::Spawn(const std::vector<std::string>& argv,
                                                            const SpawnOptions& options) {
  if (argv.empty()) return Status::InvalidArgument("empty command line");
  int out_pipe[2] = {-1, -1};
  int err_pipe[2] = {-1, -1};
  if (options.capture_stdout && pipe2(out_pipe, O_CLOEXEC) != 0)
    return Status::Internal(std::string("pipe: ") + strerror(errno));
  if (options.capture_stderr && pipe2(err_pipe, O_CLOEXEC) != 0)
    return Status::Internal(std::string("pipe: ") + strerror(errno));

  FileActions actions;
  if (options.capture_stdout) posix_spawn_file_actions_adddup2(&actions.fa, out_pipe[1], 1);
  if (options.capture_stderr) {
    posix_spawn_file_actions_adddup2(&actions.fa, err_pipe[1], 2);
  } else if (options.discard_stderr) {
    posix_spawn_file_actions_addopen(&actions.fa, 2, "/dev/null", O_WRONLY, 0);
  }
  // Each extra fd goes through a copy numbered 10 or higher: dup2 onto the
  // same number would keep FD_CLOEXEC (the fd would not survive exec), and a
  // copy cannot collide with another target (3..9). dup2 to a new number
  // clears FD_CLOEXEC in the child.
  std::vector<int> copies;
  struct CloseCopies {
    std::vector<int>& fds;
    ~CloseCopies() {
      for (int fd : fds) close(fd);
    }
  } close_copies{copies};
  for (const auto& [mine, theirs] : options.child_fds) {
    if (theirs < 3 || theirs > 9) return Status::InvalidArgument("child fd must be 3..9");
    int copy = fcntl(mine, F_DUPFD_CLOEXEC, 10);
    if (copy < 0) return Status::Internal(std::string("fcntl: ") + strerror(errno));
    copies.push_back(copy);
    posix_spawn_file_actions_adddup2(&actions.fa, copy, theirs);
  }
  if (!options.working_dir.empty())
    posix_spawn_file_actions_addchdir_np(&actions.fa, options.working_dir.c_str());

  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<char*> env;
  // An extra entry replaces the parent's of the same name: with both, getenv
  // in the child would find the parent's first.
  auto overridden = [&](std::string_view entry) {
    std::string_view name = entry.substr(0, entry.find('='));
    for (const auto& e : options.extra_env)
      if (std::string_view(e).substr(0, e.find('=')) == name) return true;
    return false;
  };
  for (char** e = environ; *e != nullptr; ++e)
    if (!overridden(*e)) env.push_back(*e);
  for (const auto& e : options.extra_env) env.push_back(const_cast<char*>(e.c_str()));
  env.push_back(nullptr);

  pid_t pid = -1;
  int rc = 0;
  if (options.die_with_parent) {
    ChildStreams streams{out_pipe[1], err_pipe[1], options.discard_stderr};
    pid = ForkExecDyingWithParent(ResolveProgram(argv[0]), args.data(), env.data(), streams,
                                  options.working_dir);
    if (pid < 0) rc = static_cast<int>(-pid);
  } else {
    rc = SpawnPlain(argv[0], actions.fa, args.data(), env.data(), &pid);
  }
  if (out_pipe[1] >= 0) close(out_pipe[1]);
  if (err_pipe[1] >= 0) close(err_pipe[1]);
  if (rc != 0) {
    if (out_pipe[0] >= 0) close(out_pipe[0]);
    if (err_pipe[0] >= 0) close(err_pipe[0]);
    return Status::NotFound("cannot start " + argv[0] + ": " + strerror(rc));
  }
  std::unique_ptr<ChildProcess> child(new ChildProcess());
  child->pid_ = pid;
  child->stdout_fd_ = out_pipe[0];
  child->stderr_fd_ = err_pipe[0];
  return child;
}

ChildProcess::~ChildProcess() {
  Terminate();
  if (stdout_fd_ >= 0) close(stdout_fd_);
  if (stderr_fd_ >= 0) close(stderr_fd_);
}

StatusOr<std::string> ChildProcess::ReadStdoutLine(std::chrono::milliseconds timeout) {
  if (stdout_fd_ < 0) return Status::FailedPrecondition("stdout is not captured");
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    size_t nl = stdout_buffer_.find('\n');
    if (nl != std::string::npos) {
      std::string line = stdout_buffer_.substr(0, nl);
      stdout_buffer_.erase(0, nl + 1);
      return line;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !WaitReadable(stdout_fd_, left))
      return Status::Timeout("no line on stdout within " + std::to_string(timeout.count()) + " ms");
    char buf[4096];
    ssize_t n = read(stdout_fd_, buf, sizeof buf);
    if (n == 0) {
      return Status::FailedPrecondition(
          "the process closed its output" +
          (stdout_buffer_.empty() ? std::string() : ": " + stdout_buffer_));
    }
    if (n > 0) stdout_buffer_.append(buf, static_cast<size_t>(n));
  }
}

std::string ChildProcess::ReadAllStdout() {
  if (stdout_fd_ < 0) return {};
  std::string rest = stdout_buffer_ + ReadToEnd(stdout_fd_);
  stdout_buffer_.clear();
  return rest;
}

std::string ChildProcess::ReadAllStderr() { return stderr_fd_ < 0 ? "" : ReadToEnd(stderr_fd_); }

void ChildProcess::Signal(int signal) {
  if (!reaped_ && pid_ > 0) kill(pid_, signal);
}

StatusOr<ExitInfo> ChildProcess::Wait(std::chrono::milliseconds timeout) {
  if (reaped_) return exit_;
  // A pidfd becomes readable when the child exits: no polling loop with sleeps.
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid_, 0));
  if (pidfd >= 0) {
    bool done = WaitReadable(pidfd, timeout);
    close(pidfd);
    if (!done) return Status::Timeout("process " + std::to_string(pid_) + " still running");
  }
  int status = 0;
  pid_t r;
  do {
    r = waitpid(pid_, &status, pidfd >= 0 ? 0 : WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == 0) return Status::Timeout("process " + std::to_string(pid_) + " still running");
  if (r < 0) return Status::Internal(std::string("waitpid: ") + strerror(errno));
  reaped_ = true;
  exit_ = DecodeWaitStatus(status);
  return exit_;
}

void ChildProcess::Terminate(std::chrono::milliseconds grace) {
  if (reaped_ || pid_ <= 0) return;
  kill(pid_, SIGTERM);
  if (Wait(grace).ok()) return;
  kill(pid_, SIGKILL);
  (void)Wait(std::chrono::milliseconds(10'000));
}

}  // namespace proofup
