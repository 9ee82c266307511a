// A main for the fuzz drivers without libFuzzer (after OSS-Fuzz's
// StandaloneFuzzTargetMain): built with the normal toolchain against the
// already-built libraries, it feeds every file of a seed corpus, then a fixed
// number of deterministic mutations of them, to LLVMFuzzerTestOneInput. This
// is the fuzz_smoke_<driver> ctest: seconds, not the minutes of a clang build.
// Coverage-guided runs stay with libFuzzer (scripts/fuzz long).
//
//   replay CORPUS_DIR [--mutations N] [--seed S] [--max-len BYTES]
//          [--time-limit-ms MS] [--artifact-dir DIR]
//
// Exit 0 when every input returned; 1 when one took longer than the time
// limit (a watchdog thread ends the process); a crash or abort() in the driver
// ends it with that signal. Either way the input is first written to
// ARTIFACT_DIR/<driver>-failing-input (and its size printed), to replay with
// the same binary or the libFuzzer one.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <thread>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;
using Bytes = std::string;

struct Options {
  fs::path corpus;
  long mutations = 2000;
  uint64_t seed = 11;
  size_t max_len = 65536;
  long time_limit_ms = 5000;
  fs::path artifact_dir = ".";
};

// What the signal handler and the watchdog need: the input being run.
// Written by the main thread only between inputs; read when it is stuck or
// dying. One process runs one replay, so these are per process by design.
struct CurrentInput {
  const Bytes* bytes = nullptr;
  std::atomic<int64_t> started_ms{-1};  // -1: between inputs
  char path[4096] = {};
};
CurrentInput current;

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

// Async-signal-safe: open/write/close only.
void SaveCurrentInput() {
  if (current.bytes == nullptr) return;
  int fd = open(current.path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return;
  const char* p = current.bytes->data();
  size_t left = current.bytes->size();
  while (left > 0) {
    ssize_t n = write(fd, p, left);
    if (n <= 0) break;
    p += n;
    left -= static_cast<size_t>(n);
  }
  close(fd);
  static const char kMessage[] = "replay: failing input saved to ";
  (void)!write(2, kMessage, sizeof kMessage - 1);
  (void)!write(2, current.path, strlen(current.path));
  (void)!write(2, "\n", 1);
}

void OnFatalSignal(int signal_number) {
  SaveCurrentInput();
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

void Watchdog(long limit_ms) {
  for (;;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // a poll, not a wait for timing
    const int64_t started = current.started_ms.load();
    if (started >= 0 && NowMs() - started > limit_ms) {
      std::fprintf(stderr, "replay: an input ran longer than %ld ms (%zu bytes)\n", limit_ms,
                   current.bytes->size());
      SaveCurrentInput();
      _exit(1);
    }
  }
}

// Deterministic mutations in the spirit of libFuzzer's: a few edits per
// input, drawn from a seeded generator, so a failure replays exactly.
class Mutator {
 public:
  Mutator(const std::vector<Bytes>& corpus, uint64_t seed, size_t max_len)
      : corpus_(corpus), rng_(seed), max_len_(max_len) {}

  Bytes Next() {
    Bytes b = corpus_[Below(corpus_.size())];
    const int edits = 1 + static_cast<int>(Below(4));
    for (int i = 0; i < edits; ++i) Edit(b);
    if (b.size() > max_len_) b.resize(max_len_);
    return b;
  }

 private:
  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(rng_() % n); }
  char RandomByte() {
    static constexpr char kInteresting[] = {'\0', '\xff', '\x7f', '\x80', '\n', '\r', '%', '"',
                                            '<',  '>',    '&',    '=',    ':',  '/',  ' ', '{'};
    return Below(2) ? kInteresting[Below(sizeof kInteresting)] : static_cast<char>(rng_());
  }

  void Edit(Bytes& b) {
    switch (Below(8)) {
      case 0:  // flip a bit
        if (!b.empty()) b[Below(b.size())] ^= static_cast<char>(1 << Below(8));
        break;
      case 1:  // set a byte
        if (!b.empty()) b[Below(b.size())] = RandomByte();
        break;
      case 2:  // insert a few bytes
        b.insert(Below(b.size() + 1), 1 + Below(8), RandomByte());
        break;
      case 3: {  // delete a range
        if (b.empty()) break;
        const size_t at = Below(b.size());
        b.erase(at, 1 + Below(std::min<size_t>(64, b.size() - at)));
        break;
      }
      case 4: {  // duplicate a range (grows repetitive structure: nesting, lists)
        if (b.empty()) break;
        const size_t at = Below(b.size());
        const Bytes piece = b.substr(at, 1 + Below(64));
        for (size_t n = 1 + Below(16); n > 0 && b.size() < max_len_; --n) b.insert(at, piece);
        break;
      }
      case 5: {  // splice: our head, another corpus file's tail
        const Bytes& other = corpus_[Below(corpus_.size())];
        b = b.substr(0, Below(b.size() + 1)) + other.substr(Below(other.size() + 1));
        break;
      }
      case 6: {  // a 32-bit length or count field somewhere: 0, -1, huge
        if (b.size() < 4) break;
        static constexpr uint32_t kValues[] = {0, 1, 0x7fffffff, 0xffffffff, 0x10000, 65535};
        const uint32_t v = kValues[Below(std::size(kValues))];
        std::memcpy(b.data() + Below(b.size() - 3), &v, 4);
        break;
      }
      default:  // truncate
        b.resize(Below(b.size() + 1));
        break;
    }
  }

  const std::vector<Bytes>& corpus_;
  std::mt19937_64 rng_;
  size_t max_len_;
};

bool ParseArgs(int argc, char** argv, Options& o) {
  if (argc < 2) return false;
  o.corpus = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--mutations")
      o.mutations = std::stol(value);
    else if (flag == "--seed")
      o.seed = std::stoull(value);
    else if (flag == "--max-len")
      o.max_len = std::stoul(value);
    else if (flag == "--time-limit-ms")
      o.time_limit_ms = std::stol(value);
    else if (flag == "--artifact-dir")
      o.artifact_dir = value;
    else
      return false;
  }
  return argc % 2 == 0;
}

std::vector<Bytes> ReadCorpus(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());  // a stable order, so mutations replay
  std::vector<Bytes> corpus;
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    corpus.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return corpus;
}

void Run(const Bytes& input, int64_t& slowest_ms) {
  current.bytes = &input;
  const int64_t start = NowMs();
  current.started_ms = start;
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
  current.started_ms = -1;
  slowest_ms = std::max(slowest_ms, NowMs() - start);
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!ParseArgs(argc, argv, options)) {
    std::fprintf(stderr,
                 "usage: %s CORPUS_DIR [--mutations N] [--seed S] [--max-len BYTES] "
                 "[--time-limit-ms MS] [--artifact-dir DIR]\n",
                 argv[0]);
    return 2;
  }
  const std::vector<Bytes> corpus = ReadCorpus(options.corpus);
  if (corpus.empty()) {
    std::fprintf(stderr, "replay: no files in %s\n", options.corpus.c_str());
    return 2;
  }
  fs::create_directories(options.artifact_dir);
  const std::string path =
      (options.artifact_dir / (fs::path(argv[0]).filename().string() + "-failing-input")).string();
  std::snprintf(current.path, sizeof current.path, "%s", path.c_str());
  for (int s : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL}) ::signal(s, OnFatalSignal);
  std::thread(Watchdog, options.time_limit_ms).detach();

  const auto start = std::chrono::steady_clock::now();
  int64_t slowest_ms = 0;
  for (const Bytes& input : corpus) Run(input, slowest_ms);
  Mutator mutator(corpus, options.seed, options.max_len);
  for (long i = 0; i < options.mutations; ++i) {
    const Bytes input = mutator.Next();
    Run(input, slowest_ms);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("replay: %zu corpus files + %ld mutations (seed %llu) in %.2f s, slowest %lld ms\n",
              corpus.size(), options.mutations, static_cast<unsigned long long>(options.seed),
              seconds, static_cast<long long>(slowest_ms));
  current.bytes = nullptr;
  return 0;
}
