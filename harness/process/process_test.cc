#include "harness/process/process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <thread>

namespace proofup {
namespace {

using std::chrono::milliseconds;

TEST(ChildProcessTest, ReadsLinesAndExitCode) {
  auto child = ChildProcess::Spawn({"sh", "-c", "echo first; echo second; exit 7"});
  ASSERT_TRUE(child.ok()) << child.status().ToString();
  auto line = (*child)->ReadStdoutLine(milliseconds(5000));
  ASSERT_TRUE(line.ok());
  EXPECT_EQ(*line, "first");
  EXPECT_EQ(*(*child)->ReadStdoutLine(milliseconds(5000)), "second");
  auto exit = (*child)->Wait(milliseconds(5000));
  ASSERT_TRUE(exit.ok());
  EXPECT_TRUE(exit->exited);
  EXPECT_EQ(exit->code, 7);
}

// A pipe end created close-on-exec (and possibly already numbered 3) still
// reaches the child as fd 3.
TEST(ChildProcessTest, ExtraFdsReachTheChild) {
  int p[2];
  ASSERT_EQ(pipe2(p, O_CLOEXEC), 0);
  SpawnOptions options;
  options.child_fds = {{p[1], 3}};
  auto child = ChildProcess::Spawn({"sh", "-c", "echo through-three >&3"}, options);
  ASSERT_TRUE(child.ok()) << child.status().ToString();
  close(p[1]);
  char buf[64] = {};
  ssize_t n = read(p[0], buf, sizeof buf - 1);
  close(p[0]);
  EXPECT_EQ(std::string(buf, n > 0 ? n : 0), "through-three\n");
}

TEST(ChildProcessTest, ReadLineTimesOutOnSilentChild) {
  auto child = ChildProcess::Spawn({"sleep", "30"});
  ASSERT_TRUE(child.ok());
  auto line = (*child)->ReadStdoutLine(milliseconds(50));
  EXPECT_EQ(line.status().kind(), Status::Kind::kTimeout);
  EXPECT_EQ((*child)->Wait(milliseconds(10)).status().kind(), Status::Kind::kTimeout);
}

TEST(ChildProcessTest, EndOfStreamIsReportedWithPartialOutput) {
  auto child = ChildProcess::Spawn({"sh", "-c", "printf 'no newline'"});
  ASSERT_TRUE(child.ok());
  auto line = (*child)->ReadStdoutLine(milliseconds(5000));
  EXPECT_EQ(line.status().kind(), Status::Kind::kFailedPrecondition);
  EXPECT_NE(line.status().message().find("no newline"), std::string::npos);
}

TEST(ChildProcessTest, TerminateStopsAndReaps) {
  auto child = ChildProcess::Spawn({"sleep", "30"});
  ASSERT_TRUE(child.ok());
  (*child)->Terminate(milliseconds(2000));
  auto exit = (*child)->Wait(milliseconds(0));
  ASSERT_TRUE(exit.ok());
  EXPECT_FALSE(exit->exited);
  EXPECT_EQ(exit->signal, SIGTERM);
}

TEST(ChildProcessTest, MissingProgramIsNotFound) {
  auto child = ChildProcess::Spawn({"/nonexistent/proofup-no-such-program"});
  EXPECT_EQ(child.status().kind(), Status::Kind::kNotFound);
}

TEST(ChildProcessTest, CapturesStderrAndEnvironment) {
  SpawnOptions options;
  options.capture_stderr = true;
  options.extra_env = {"PROOFUP_TEST_VALUE=hello"};
  auto child = ChildProcess::Spawn({"sh", "-c", "echo $PROOFUP_TEST_VALUE >&2"}, options);
  ASSERT_TRUE(child.ok());
  EXPECT_EQ((*child)->ReadAllStderr(), "hello\n");
}

TEST(ChildProcessTest, DyingWithParentChildRunsNormally) {
  SpawnOptions options;
  options.die_with_parent = true;
  options.extra_env = {"PROOFUP_TEST_VALUE=hello"};
  auto child = ChildProcess::Spawn({"sh", "-c", "echo $PROOFUP_TEST_VALUE; exit 3"}, options);
  ASSERT_TRUE(child.ok()) << child.status().ToString();
  EXPECT_EQ(*(*child)->ReadStdoutLine(milliseconds(5000)), "hello");
  auto exit = (*child)->Wait(milliseconds(5000));
  ASSERT_TRUE(exit.ok());
  EXPECT_TRUE(exit->exited);
  EXPECT_EQ(exit->code, 3);
}

TEST(ChildProcessTest, DyingWithParentMissingProgramIsNotFound) {
  SpawnOptions options;
  options.die_with_parent = true;
  auto child = ChildProcess::Spawn({"/nonexistent/proofup-no-such-program"}, options);
  EXPECT_EQ(child.status().kind(), Status::Kind::kNotFound);
  auto in_path = ChildProcess::Spawn({"proofup-no-such-program-in-path"}, options);
  EXPECT_EQ(in_path.status().kind(), Status::Kind::kNotFound);
}

// The kernel's parent-death signal follows the spawning thread: when it ends,
// the child is killed, exactly as when the whole parent process is SIGKILLed.
TEST(ChildProcessTest, DyingWithParentChildIsKilledWhenSpawningThreadEnds) {
  std::unique_ptr<ChildProcess> child;
  std::thread spawner([&] {
    SpawnOptions options;
    options.die_with_parent = true;
    auto spawned = ChildProcess::Spawn({"sleep", "30"}, options);
    ASSERT_TRUE(spawned.ok()) << spawned.status().ToString();
    child = std::move(*spawned);
  });
  spawner.join();
  ASSERT_NE(child, nullptr);
  auto exit = child->Wait(milliseconds(5000));
  ASSERT_TRUE(exit.ok()) << "child survived its parent thread";
  EXPECT_FALSE(exit->exited);
  EXPECT_EQ(exit->signal, SIGKILL);
}

TEST(ChildProcessTest, PlainChildOutlivesSpawningThread) {
  std::unique_ptr<ChildProcess> child;
  std::thread spawner([&] {
    auto spawned = ChildProcess::Spawn({"sleep", "30"});
    if (spawned.ok()) child = std::move(*spawned);
  });
  spawner.join();
  ASSERT_NE(child, nullptr);
  EXPECT_EQ(child->Wait(milliseconds(300)).status().kind(), Status::Kind::kTimeout);
}

}  // namespace
}  // namespace proofup
