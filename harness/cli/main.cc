#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string_view>
#include <thread>

#include "harness/cli/cli.h"
#include "harness/cli/interrupt_watcher.h"
#include "harness/http/http.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PROOFUP_EXIT_THROUGH_ATEXIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define PROOFUP_EXIT_THROUGH_ATEXIT 1
#endif
#endif

int main(int argc, char** argv) {
  // `run` sends requests: libcurl (~5 ms of loading, http.h) loads on a
  // second core while the run parses its options and loads its inputs. Other
  // commands (and `run` after global options) load it when first needed.
  std::thread preload;
  if (argc > 1 && std::string_view(argv[1]) == "run") {
    // Started with SIGINT/SIGTERM blocked: a Ctrl-C must reach the run's
    // watcher (run_command.cc), not kill the process on this thread.
    const sigset_t stop = proofup::cli::StopSignals();
    sigset_t old;
    pthread_sigmask(SIG_BLOCK, &stop, &old);
    preload = std::thread([] { (void)proofup::http::PreloadTransportLibrary(); });
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
  }
  const int code = proofup::cli::RunCli(argc, argv, std::cout, std::cerr);
  // Long done by now: the run's transports needed it.
  if (preload.joinable()) {
    preload.join();
  }
  // RunCli has destroyed everything of the run: files are closed, threads
  // joined, child processes reaped. What exit() would still do is the
  // libraries' teardown (OpenSSL, libcurl, GnuTLS, ... freeing what the
  // kernel frees anyway): ~2.5 ms of CPU at the end of every run. Sanitizer
  // builds keep it, so that their leak check at exit still runs.
#ifdef PROOFUP_EXIT_THROUGH_ATEXIT
  return code;
#else
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  _exit(code);
#endif
}
