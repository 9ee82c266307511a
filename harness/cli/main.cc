#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "harness/cli/cli.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PROOFUP_EXIT_THROUGH_ATEXIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define PROOFUP_EXIT_THROUGH_ATEXIT 1
#endif
#endif

int main(int argc, char** argv) {
  const int code = proofup::cli::RunCli(argc, argv, std::cout, std::cerr);
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
