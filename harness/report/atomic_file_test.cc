#include "harness/report/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "harness/report/report.h"
#include "harness/report/test_sample_run.h"
#include "harness/report/test_tool.h"

namespace proofup {
namespace {

using test_tool::ReadFile;
using test_tool::TempDir;

std::vector<std::string> Listing(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(AtomicFile, ReplacesTheFileAndLeavesNoTemporaryBehind) {
  TempDir dir("atomic");
  const std::string path = dir.path() + "/out.txt";
  std::ofstream(path) << "old contents that are longer";
  ASSERT_TRUE(report_internal::WriteFileAtomically(path, "new").ok());
  EXPECT_EQ(ReadFile(path), "new");
  EXPECT_EQ(Listing(dir.path()), std::vector<std::string>{"out.txt"});
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0644u);
}

TEST(AtomicFile, FailureIsAnIoErrorNamingThePathAndKeepsTheOldFile) {
  TempDir dir("atomic");
  // A directory where the file should go: the rename fails after the temp is written.
  const std::string path = dir.path() + "/taken";
  std::filesystem::create_directory(path);
  std::ofstream(path + "/inside") << "x";
  Status status = report_internal::WriteFileAtomically(path, "data");
  EXPECT_EQ(status.kind(), Status::Kind::kIoError);
  EXPECT_NE(status.message().find("cannot write " + path + ": "), std::string::npos)
      << status.message();
  EXPECT_EQ(Listing(dir.path()), std::vector<std::string>{"taken"});
  EXPECT_EQ(ReadFile(path + "/inside"), "x");
}

TEST(WriteAll, WritesTheThreeReportsIntoANewRunFolder) {
  TempDir dir("all");
  const std::string run_dir = dir.path() + "/reports/20261124-181500-ab12";
  Status status = WriteAll(test_sample::SampleRun(), run_dir);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(Listing(run_dir), (std::vector<std::string>{"index.html", "junit.xml", "report.json"}));
  EXPECT_TRUE(ReadJsonReport(run_dir + "/report.json").ok());
}

TEST(WriteAll, RunFolderThatIsAFileIsAnIoError) {
  TempDir dir("all");
  const std::string run_dir = dir.path() + "/file";
  std::ofstream(run_dir) << "x";
  Status status = WriteAll(test_sample::SampleRun(), run_dir);
  EXPECT_EQ(status.kind(), Status::Kind::kIoError);
  EXPECT_NE(status.message().find(run_dir), std::string::npos) << status.message();
}

}  // namespace
}  // namespace proofup
