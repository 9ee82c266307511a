// Internal to the cli module: Ctrl-C during a run cancels it instead of killing it.
#ifndef PROOFUP_CLI_INTERRUPT_WATCHER_H_
#define PROOFUP_CLI_INTERRUPT_WATCHER_H_

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <thread>

namespace proofup::cli {

// SIGINT and SIGTERM: what stops a run (or the SMS gateway) cleanly.
inline sigset_t StopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

// Blocks SIGINT/SIGTERM in every thread and turns them into `cancelled` on a
// watcher thread, so workers finish their step and the reports are written
// whole. Restores the signal mask when destroyed. Create it on the thread
// that starts the workers, before it starts them (they inherit the mask).
class InterruptWatcher {
 public:
  explicit InterruptWatcher(std::atomic<bool>& cancelled) {
    sigset_t set = StopSignals();
    sigaddset(&set, SIGUSR1);  // the destructor's wake-up
    pthread_sigmask(SIG_BLOCK, &set, &old_);
    thread_ = std::thread([set, &cancelled] {
      for (;;) {
        int sig = 0;
        if (sigwait(&set, &sig) != 0 || sig == SIGUSR1) return;
        cancelled = true;
      }
    });
  }
  ~InterruptWatcher() {
    pthread_kill(thread_.native_handle(), SIGUSR1);
    thread_.join();
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  InterruptWatcher(const InterruptWatcher&) = delete;
  InterruptWatcher& operator=(const InterruptWatcher&) = delete;

 private:
  sigset_t old_;
  std::thread thread_;
};

}  // namespace proofup::cli

#endif  // PROOFUP_CLI_INTERRUPT_WATCHER_H_
