#include "harness/runner/run_folder.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <regex>

namespace proofup::runner {
namespace {

namespace fs = std::filesystem;

TEST(RunFolderTest, RunIdsAreTimestampedAndDistinct) {
  std::string a = NewRunId(), b = NewRunId();
  EXPECT_TRUE(std::regex_match(a, std::regex(R"(\d{8}-\d{6}-[0-9a-f]{4})"))) << a;
  EXPECT_NE(a, b);
}

TEST(RunFolderTest, LatestPointsAtTheNewestRun) {
  fs::path root = fs::temp_directory_path() / ("proofup-reports-" + std::to_string(getpid()));
  auto first = CreateRunFolder(root.string(), "run-1");
  auto second = CreateRunFolder(root.string(), "run-2");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_TRUE(fs::is_directory(root / "run-1"));
  EXPECT_EQ(fs::read_symlink(root / "latest"), "run-2");
  fs::remove_all(root);
}

TEST(RunFolderTest, SlugKeepsOnlySafeCharacters) {
  EXPECT_EQ(Slug("Inschrijving MS Authenticator (NL)"), "inschrijving-ms-authenticator-nl");
  EXPECT_EQ(Slug("../.."), "x");
}

}  // namespace
}  // namespace proofup::runner
