#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>

#include "harness/process/process.h"

namespace proofup {
namespace {

using std::chrono::milliseconds;

TEST(RunToEndTest, CapturesBothStreamsAndTheExitCode) {
  RunToEndOptions options;
  options.extra_env = {"PROOFUP_RUN_TO_END=from-env"};
  options.working_dir = "/tmp";
  auto r =
      RunToEnd({"sh", "-c", "echo out $PROOFUP_RUN_TO_END; echo err >&2; pwd; exit 3"}, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->out, "out from-env\n/tmp\n");
  EXPECT_EQ(r->err, "err\n");
  EXPECT_TRUE(r->exit.exited);
  EXPECT_EQ(r->exit.code, 3);
  EXPECT_FALSE(r->timed_out);
}

// A script whose child sleeps forever (and holds the pipes open): at the
// deadline the whole process group is killed, and the call returns.
TEST(RunToEndTest, KillsTheProcessGroupAtTheDeadline) {
  RunToEndOptions options;
  options.timeout = milliseconds(300);
  const auto start = std::chrono::steady_clock::now();
  auto r = RunToEnd({"sh", "-c", "echo started; sleep 1000; echo never"}, options);
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->timed_out);
  EXPECT_EQ(r->out, "started\n");
  EXPECT_FALSE(r->exit.exited);
  EXPECT_EQ(r->exit.signal, SIGKILL);
  EXPECT_LT(took, std::chrono::seconds(20));  // not the 1000 s of the sleep
}

TEST(RunToEndTest, StopsWhenCancelled) {
  std::atomic<bool> cancelled{true};
  RunToEndOptions options;
  options.cancelled = &cancelled;
  auto r = RunToEnd({"sleep", "1000"}, options);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->cancelled);
  EXPECT_FALSE(r->exit.exited);
}

TEST(RunToEndTest, LongOutputIsCutAndAMissingProgramIsNotFound) {
  RunToEndOptions options;
  options.max_output_bytes = 10;
  auto r = RunToEnd({"sh", "-c", "head -c 100000 /dev/zero"}, options);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->out.size(), 10u);
  EXPECT_TRUE(r->truncated);
  EXPECT_TRUE(r->exit.exited);
  EXPECT_EQ(RunToEnd({"/nonexistent/hook"}, {}).status().kind(), Status::Kind::kNotFound);
}

}  // namespace
}  // namespace proofup
