#include <gtest/gtest.h>

#include "harness/shard/shard.h"

namespace proofup::shard {
namespace {

ScenarioResult Scenario(int i, Outcome outcome) {
  ScenarioResult s;
  s.name = "scenario " + std::to_string(i);
  s.file = "scenarios/s" + std::to_string(i) + ".yaml";
  s.outcome = outcome;
  s.attempts = outcome == Outcome::kNotRun ? 0 : 1;
  s.duration_ms = 10 + i;
  s.steps.resize(1);
  s.steps[0].description = "step of " + s.name;
  return s;
}

// A run folder of shard `index`/`count` holding the scenarios at `positions`
// of a 6-scenario set.
RunPart Part(int index, int count, const std::vector<int>& positions, const std::string& started_at,
             Outcome outcome = Outcome::kPassed) {
  RunPart p;
  p.dir = "reports/shard-" + std::to_string(index) + "-" + started_at;
  p.run.run_id = p.dir;
  p.run.started_at = started_at;
  p.run.duration_ms = 100 * index;
  p.run.target = "http://127.0.0.1:" + std::to_string(4000 + index);
  for (int pos : positions) p.run.scenarios.push_back(Scenario(pos, outcome));
  Fingerprint f{"0.1.0", "set", 6, ShardSpec{index, count}, 0};
  p.timings = TimingsOf(p.run, f, positions);
  return p;
}

std::string Error(const std::vector<RunPart>& parts) {
  auto merged = MergeRuns(parts);
  EXPECT_FALSE(merged.ok());
  if (merged.ok()) return "";
  EXPECT_EQ(merged.status().kind(), Status::Kind::kFailedPrecondition);
  return merged.status().message();
}

TEST(Merge, ShardsComeBackInTheUnshardedOrder) {
  auto merged =
      MergeRuns({Part(2, 3, {1, 4}, "t1"), Part(1, 3, {5, 0}, "t2"), Part(3, 3, {2, 3}, "t0")});
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  ASSERT_EQ(merged->run.scenarios.size(), 6u);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(merged->run.scenarios[i].name, Scenario(i, {}).name);
  EXPECT_EQ(merged->part_of, (std::vector<int>{1, 0, 2, 2, 0, 1}));
  EXPECT_EQ(merged->scenario_of, (std::vector<int>{1, 0, 0, 1, 1, 0}));
  EXPECT_EQ(merged->run.started_at, "t0");
  EXPECT_EQ(merged->run.duration_ms, 300);
  EXPECT_EQ(merged->run.target,
            "http://127.0.0.1:4003, http://127.0.0.1:4002, http://127.0.0.1:4001");
  EXPECT_FALSE(merged->timings.fingerprint.shard.has_value());
  EXPECT_EQ(merged->timings.fingerprint.merged_from, 3);
  ASSERT_EQ(merged->timings.scenarios.size(), 6u);
  EXPECT_EQ(merged->timings.scenarios[5].position, 5);
}

TEST(Merge, OneUnshardedRunIsItself) {
  RunPart whole = Part(1, 1, {0, 1, 2, 3, 4, 5}, "t0");
  whole.timings.fingerprint.shard.reset();
  auto merged = MergeRuns({whole});
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(merged->run.scenarios.size(), 6u);
}

TEST(Merge, ARetryOfAShardJoinsAsRetriesDo) {
  RunPart first = Part(1, 2, {0, 1, 2}, "t0");
  first.run.scenarios[0].outcome = Outcome::kFailed;
  first.run.scenarios[1].outcome = Outcome::kPassed;
  first.run.scenarios[2].outcome = Outcome::kFailed;
  RunPart retry = Part(1, 2, {0, 1, 2}, "t5");
  retry.run.scenarios[0].outcome = Outcome::kPassed;
  retry.run.scenarios[0].steps[0].description = "from the retry";
  retry.run.scenarios[1].outcome = Outcome::kFailed;
  retry.run.scenarios[2].outcome = Outcome::kNotRun;  // cut off: the earlier result stays
  retry.run.scenarios[2].attempts = 0;
  retry.timings = TimingsOf(retry.run, retry.timings.fingerprint, {0, 1, 2});
  // Given newest first: the order of the folders does not matter, started_at does.
  auto merged = MergeRuns({retry, Part(2, 2, {3, 4, 5}, "t1"), first});
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  const auto& s = merged->run.scenarios;
  EXPECT_EQ(s[0].outcome, Outcome::kFlaky);
  EXPECT_EQ(s[0].attempts, 2);
  EXPECT_EQ(s[0].steps[0].description, "from the retry");
  EXPECT_EQ(merged->part_of[0], 0);  // the retry's screens
  EXPECT_EQ(s[1].outcome, Outcome::kFailed);
  EXPECT_EQ(s[1].attempts, 2);
  EXPECT_EQ(s[2].outcome, Outcome::kFailed);
  EXPECT_EQ(s[2].attempts, 1);
  EXPECT_EQ(merged->part_of[2], 2);  // the first run's screens
}

TEST(Merge, RefusesDifferentVersions) {
  RunPart b = Part(2, 2, {3, 4, 5}, "t1");
  b.timings.fingerprint.proofup_version = "0.2.0";
  std::string e = Error({Part(1, 2, {0, 1, 2}, "t0"), b});
  EXPECT_NE(e.find("different proofup versions"), std::string::npos) << e;
  EXPECT_NE(e.find("0.2.0"), std::string::npos) << e;
  EXPECT_NE(e.find(b.dir), std::string::npos) << e;
}

TEST(Merge, RefusesDifferentScenarioSets) {
  RunPart b = Part(2, 2, {3, 4, 5}, "t1");
  b.timings.fingerprint.scenario_set = "other";
  EXPECT_NE(Error({Part(1, 2, {0, 1, 2}, "t0"), b}).find("different scenario sets"),
            std::string::npos);
  // The counts of both sets, singular for one.
  RunPart one = Part(1, 2, {0}, "t0");
  one.timings.fingerprint.scenario_count = 1;
  std::string e = Error({one, b});
  EXPECT_NE(e.find(one.dir + " (1 scenario, set) and " + b.dir + " (6 scenarios, other)"),
            std::string::npos)
      << e;
}

TEST(Merge, RefusesDifferentSplits) {
  std::string e = Error({Part(1, 2, {0, 1, 2}, "t0"), Part(2, 3, {3, 4}, "t1")});
  EXPECT_NE(e.find("split differently"), std::string::npos) << e;
  EXPECT_NE(e.find("2/3"), std::string::npos) << e;
}

TEST(Merge, RefusesOverlappingShards) {
  std::string e = Error({Part(1, 2, {0, 1, 2, 3}, "t0"), Part(2, 2, {3, 4, 5}, "t1")});
  EXPECT_NE(e.find("overlapping shards: \"scenario 3\""), std::string::npos) << e;
  EXPECT_NE(e.find("shard 1/2"), std::string::npos) << e;
}

TEST(Merge, NamesTheMissingShards) {
  std::string e = Error({Part(2, 4, {0, 1, 2}, "t0")});
  EXPECT_NE(e.find("shards 1/4, 3/4, 4/4 missing: give their run folders too"), std::string::npos)
      << e;
  e = Error({Part(1, 2, {0, 1, 2}, "t0")});
  EXPECT_NE(e.find("shard 2/2 missing: give its run folder"), std::string::npos) << e;
}

TEST(Merge, RefusesScenariosNoShardRan) {
  std::string e = Error({Part(1, 2, {0, 1, 2}, "t0"), Part(2, 2, {3, 4}, "t1")});
  EXPECT_NE(e.find("1 of 6 scenarios is in no shard's report"), std::string::npos) << e;
  e = Error({Part(1, 2, {0, 1, 2}, "t0"), Part(2, 2, {3}, "t1")});
  EXPECT_NE(e.find("2 of 6 scenarios are in no shard's report"), std::string::npos) << e;
}

TEST(Merge, RefusesAReportThatDisagreesWithItsTimings) {
  RunPart b = Part(2, 2, {3, 4, 5}, "t1");
  b.run.scenarios.pop_back();
  std::string e = Error({Part(1, 2, {0, 1, 2}, "t0"), b});
  EXPECT_NE(e.find("report.json and timings.json list different scenarios"), std::string::npos)
      << e;
  EXPECT_NE(Error({}).find("no run folders"), std::string::npos);
}

}  // namespace
}  // namespace proofup::shard
