// Child processes: the bundled mock-idp that `proofup run` starts, and the
// processes that end-to-end tests start. RAII: a ChildProcess that goes out of
// scope is terminated (SIGTERM, then SIGKILL after a grace period) and reaped,
// so no test or run leaves a server behind.
//
// Not thread-safe: one owner per ChildProcess.
#ifndef PROOFUP_PROCESS_PROCESS_H_
#define PROOFUP_PROCESS_PROCESS_H_

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "harness/base/status.h"

namespace proofup {

struct SpawnOptions {
  bool capture_stdout = true;          // else inherited
  bool capture_stderr = false;         // else inherited (or discarded, below)
  bool discard_stderr = false;         // send stderr to /dev/null when not captured
  std::string working_dir;             // empty = current
  std::vector<std::string> extra_env;  // "NAME=value" added to the parent's environment
  // Linux: the child gets SIGKILL when the thread that called Spawn ends (also
  // when the whole parent is SIGKILLed), so a server started for a run cannot
  // outlive the run. If the parent is already gone by the time the child is
  // set up, the child exits (code 127) before exec. Spawn from a thread that
  // lives as long as the child should (e.g. the main thread).
  bool die_with_parent = false;
  // Extra descriptors the child gets: {fd here, fd number in the child}, e.g.
  // the two pipe ends Chromium's --remote-debugging-pipe expects on 3 and 4.
  // Child numbers must be 3..9. The caller keeps (and closes) its own fds.
  std::vector<std::pair<int, int>> child_fds;
};

struct ExitInfo {
  bool exited = false;  // false: killed by a signal
  int code = -1;        // exit code when exited
  int signal = 0;       // signal number otherwise
};

struct RunToEndOptions;  // below
struct CommandResult;

class ChildProcess {
 public:
  // Starts argv[0] (looked up in PATH when it has no '/') with argv.
  // Error: kNotFound when the program cannot be executed, kInternal for pipe/spawn failures.
  static StatusOr<std::unique_ptr<ChildProcess>> Spawn(const std::vector<std::string>& argv,
                                                       const SpawnOptions& options = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }

  // Reads one line (without the newline) from the captured stdout, waiting at
  // most `timeout`. Errors: kTimeout; kFailedPrecondition at end of stream
  // (the message includes what was read so far, to explain a crash).
  StatusOr<std::string> ReadStdoutLine(std::chrono::milliseconds timeout);

  // Reads the captured stream(s) to the end (blocking until the child closes them).
  std::string ReadAllStdout();
  std::string ReadAllStderr();

  // Sends `signal` (e.g. SIGINT) without waiting.
  void Signal(int signal);
  // Sends `signal` to the child's whole process group (every child gets its
  // own group at Spawn), so the processes a script started get it too.
  void SignalGroup(int signal);

  // Waits for exit at most `timeout`; kTimeout if still running.
  StatusOr<ExitInfo> Wait(std::chrono::milliseconds timeout);

  // SIGTERM, wait up to `grace`, then SIGKILL; reaps the child. Idempotent.
  void Terminate(std::chrono::milliseconds grace = std::chrono::milliseconds(3000));

 private:
  ChildProcess() = default;
  friend StatusOr<CommandResult> RunToEnd(const std::vector<std::string>& argv,
                                          const RunToEndOptions& options);
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  std::string stdout_buffer_;
  bool reaped_ = false;
  ExitInfo exit_;
};

struct RunToEndOptions {
  std::string working_dir;             // empty = current
  std::vector<std::string> extra_env;  // "NAME=value" added to the parent's environment
  std::chrono::milliseconds timeout{60'000};
  size_t max_output_bytes = 1 << 20;  // per stream; the rest is read and dropped
  // Checked while waiting: when set, the command is stopped like at the deadline.
  const std::atomic<bool>* cancelled = nullptr;
};

struct CommandResult {
  ExitInfo exit;
  std::string out;         // stdout, at most max_output_bytes
  std::string err;         // stderr, at most max_output_bytes
  bool timed_out = false;  // the deadline passed: the process group got SIGKILL
  bool cancelled = false;  // `cancelled` was set: the process group got SIGKILL
  bool truncated = false;  // a stream was longer than max_output_bytes
};

// Runs `argv` (no shell) with stdout and stderr captured, until it has exited
// and closed both streams, or the timeout passes, or `cancelled` is set; in
// the last two cases its whole process group is killed (SIGKILL) and reaped,
// so a script that sleeps forever, or its children, cannot hold the caller.
// Success: the result, whatever the exit status. Error: kNotFound when the
// program cannot be started, kInternal for pipe/poll failures.
// Thread-safe (no shared state); blocks the calling thread.
StatusOr<CommandResult> RunToEnd(const std::vector<std::string>& argv,
                                 const RunToEndOptions& options);

}  // namespace proofup

#endif  // PROOFUP_PROCESS_PROCESS_H_
