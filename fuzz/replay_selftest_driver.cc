// A driver that fails on purpose, so the fuzz_replay_catches_* tests prove
// that replay_main.cc turns an abort and a hang into a failed test with the
// input saved (a smoke test that cannot fail would prove nothing).
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <thread>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (text == "BOOM" && std::getenv("REPLAY_SELFTEST_HANG") == nullptr) abort();
  if (text == "BOOM") std::this_thread::sleep_for(std::chrono::hours(1));  // the hang itself
  return 0;
}
