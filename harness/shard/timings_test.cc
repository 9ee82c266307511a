#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "harness/shard/shard.h"

namespace proofup::shard {
namespace {

namespace fs = std::filesystem;

class TimingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("proofup-timings-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& text) {
    const std::string path = (dir_ / "timings.json").string();
    std::ofstream(path) << text;
    return path;
  }
  fs::path dir_;
};

RunResult SampleRun() {
  RunResult run;
  run.run_id = "20261202-040000-ab12";
  run.started_at = "2026-12-02T04:00:00Z";
  ScenarioResult a;
  a.name = "Inschrijving \"nl\"";
  a.file = "scenarios/enrollment-nl.yaml";
  a.outcome = Outcome::kFlaky;
  a.attempts = 2;
  a.duration_ms = 812.25;
  a.steps.resize(16);
  ScenarioResult b;
  b.name = "wrong password";
  b.file = "scenarios/wrong-password.yaml";
  b.outcome = Outcome::kFailed;
  b.attempts = 1;
  b.duration_ms = 120;
  b.steps.resize(5);
  run.scenarios = {a, b};
  return run;
}

TEST_F(TimingsTest, RoundTripKeepsEveryField) {
  Fingerprint f{"0.1.0", std::string(64, 'a'), 25, ShardSpec{3, 7}, 0};
  Timings t = TimingsOf(SampleRun(), f, {4, 19});
  const std::string path = (dir_ / "timings.json").string();
  ASSERT_TRUE(WriteTimings(t, path).ok());
  auto back = ReadTimings(path);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->run_id, "20261202-040000-ab12");
  EXPECT_EQ(back->started_at, "2026-12-02T04:00:00Z");
  EXPECT_EQ(back->fingerprint.proofup_version, "0.1.0");
  EXPECT_EQ(back->fingerprint.scenario_set, std::string(64, 'a'));
  EXPECT_EQ(back->fingerprint.scenario_count, 25);
  ASSERT_TRUE(back->fingerprint.shard.has_value());
  EXPECT_EQ(FormatShardSpec(*back->fingerprint.shard), "3/7");
  ASSERT_EQ(back->scenarios.size(), 2u);
  const ScenarioTiming& s = back->scenarios[0];
  EXPECT_EQ(s.file, "scenarios/enrollment-nl.yaml");
  EXPECT_EQ(s.name, "Inschrijving \"nl\"");
  EXPECT_EQ(s.position, 4);
  EXPECT_EQ(s.duration_ms, 812.25);
  EXPECT_EQ(s.steps, 16);
  EXPECT_EQ(s.attempts, 2);
  EXPECT_EQ(s.status, "flaky");
  EXPECT_EQ(back->scenarios[1].position, 19);
  EXPECT_EQ(back->scenarios[1].status, "failed");
}

TEST_F(TimingsTest, UnshardedRunHasNoShard) {
  Timings t = TimingsOf(SampleRun(), {"0.1.0", "h", 2, std::nullopt, 0}, {0, 1});
  const std::string path = (dir_ / "timings.json").string();
  ASSERT_TRUE(WriteTimings(t, path).ok());
  auto back = ReadTimings(path);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_FALSE(back->fingerprint.shard.has_value());
}

TEST_F(TimingsTest, BadFilesNameFileLineAndColumn) {
  const std::string head =
      "{\n  \"format\": \"proofup-timings\",\n  \"format_version\": 1,\n"
      "  \"fingerprint\": {\"proofup_version\": \"0.1.0\", \"scenario_set\": \"h\", "
      "\"scenario_count\": 1},\n";
  const std::pair<std::string, std::string> cases[] = {
      {"{\n  \"format\": \"proofup-timings\",\n  \"format_version\": 1,\n  \"scenarios\": [\n",
       ":5:1: not valid JSON"},
      {head + "  \"scenarios\": [\n    {\"file\": \"a.yaml\", \"name\": \"a\", \"duration_ms\": "
              "\"slow\"}\n  ]\n}\n",
       ":6:52: \"duration_ms\" should be a number"},
      {head + "  \"scenarios\": [\n    {\"file\": \"a.yaml\", \"duration_ms\": 3}\n  ]\n}\n",
       ":6:5: missing \"name\""},
      {head + "  \"scenarios\": {}\n}\n", ":1:1: missing \"scenarios\" array"},
      {"{\"format\": \"other\", \"format_version\": 1}", ":1:12: \"format\" should be"},
      {"[1, 2]", ":1:1: not a proofup timing file"},
      {"", ":1:1: not a proofup timing file"},
      {"{\"format\": \"proofup-timings\", \"format_version\": 1, \"fingerprint\": "
       "{\"proofup_version\": \"0.1.0\", \"scenario_set\": \"h\", \"scenario_count\": 1, "
       "\"shard\": \"9/4\"}, \"scenarios\": []}",
       ":1:147: \"shard\" should be i/n"},
  };
  for (const auto& [text, message] : cases) {
    const std::string path = Write(text);
    auto back = ReadTimings(path);
    ASSERT_FALSE(back.ok()) << text;
    EXPECT_EQ(back.status().kind(), Status::Kind::kParseError);
    EXPECT_EQ(back.status().message().rfind(path, 0), 0u) << back.status().message();
    EXPECT_NE(back.status().message().find(message), std::string::npos)
        << "want " << message << "\ngot  " << back.status().message();
  }
}

TEST_F(TimingsTest, UnreadableFileIsAnIoErrorNamingIt) {
  auto back = ReadTimings((dir_ / "nope.json").string());
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.status().kind(), Status::Kind::kIoError);
  EXPECT_NE(back.status().message().find("nope.json"), std::string::npos);
}

}  // namespace
}  // namespace proofup::shard
