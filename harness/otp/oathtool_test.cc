// Cross-check against the reference implementation oathtool (OATH Toolkit),
// run as a child process with an argv array (no shell).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "harness/otp/otp.h"
#include "harness/process/process.h"

namespace proofup::otp {
namespace {

// Runs argv, returns its stdout with the trailing newline removed; fails the
// test (and returns "") if it cannot run or exits non-zero.
std::string RunTool(const std::vector<std::string>& argv) {
  auto child = ChildProcess::Spawn(argv);
  if (!child.ok()) {
    ADD_FAILURE() << "cannot run " << argv[0] << " (install the Debian package oathtool)";
    return "";
  }
  std::string out = (*child)->ReadAllStdout();
  auto exit = (*child)->Wait(std::chrono::minutes(1));
  if (!exit.ok() || !exit->exited || exit->code != 0) {
    ADD_FAILURE() << argv[0] << " failed";
    return "";
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::string Hex(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xf]);
  }
  return out;
}

TEST(Oathtool, TotpMatchesOnRandomSecretsTimesDigitsAndAlgorithms) {
  const uint32_t seed = 0x6f617468;  // fixed so a failure reproduces
  std::mt19937_64 rng(seed);
  const Algorithm algorithms[] = {Algorithm::kSha1, Algorithm::kSha256, Algorithm::kSha512};
  const int periods[] = {30, 60, 15, 1, 45, 90};
  for (int i = 0; i < 240; ++i) {
    OtpParams p;
    p.key.resize(1 + rng() % 64);
    for (char& c : p.key) c = static_cast<char>(rng() & 0xff);
    p.algorithm = algorithms[i % 3];
    p.digits = 6 + static_cast<int>((i / 3) % 3);
    p.period_seconds = periods[rng() % std::size(periods)];
    const int64_t time = static_cast<int64_t>(rng() % 4'000'000'000ULL);
    const std::string expected =
        RunTool({"oathtool", std::string("--totp=") + AlgorithmName(p.algorithm),
                 "--digits=" + std::to_string(p.digits),
                 "--time-step-size=" + std::to_string(p.period_seconds) + "s", "-N",
                 "@" + std::to_string(time), Hex(p.key)});
    StatusOr<std::string> ours = Totp(p, time);
    ASSERT_TRUE(ours.ok()) << ours.status().ToString();
    ASSERT_EQ(*ours, expected) << "seed " << seed << " case " << i << ": "
                               << AlgorithmName(p.algorithm) << " digits " << p.digits << " period "
                               << p.period_seconds << " time " << time;
  }
}

TEST(Oathtool, HotpMatchesOnRandomSecretsAndCounters) {
  const uint32_t seed = 0x686f7470;
  std::mt19937_64 rng(seed);
  for (int i = 0; i < 30; ++i) {
    OtpParams p;
    p.key.resize(10 + rng() % 30);
    for (char& c : p.key) c = static_cast<char>(rng() & 0xff);
    p.digits = 6 + i % 3;
    const uint64_t counter = rng() % 10'000'000;
    const std::string expected =
        RunTool({"oathtool", "--hotp", "--digits=" + std::to_string(p.digits), "-c",
                 std::to_string(counter), Hex(p.key)});
    ASSERT_EQ(Hotp(p, counter).value(), expected) << "seed " << seed << " case " << i;
  }
}

}  // namespace
}  // namespace proofup::otp
