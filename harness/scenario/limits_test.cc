// Issue 11 rows 8, 9, 14 and 15: hostile or broken scenario files end in a
// clear error at the right place, fast, without reading outside the tree.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/scenario/scenario.h"

namespace proofup::scenario {
namespace {

namespace fs = std::filesystem;

class LimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(PROOFUP_BINARY_DIR) / "scenario_limits_tmp" /
            (std::to_string(getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "tree");
  }
  void TearDown() override { fs::remove_all(root_); }
  std::string Write(const std::string& rel, const std::string& text) {
    fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  std::string Load(const std::string& rel, const LoadOptions& options = {}) {
    auto s = LoadScenarioFile((root_ / rel).string(), options);
    return s.ok() ? "OK" : s.status().message();
  }
  fs::path root_;
};

// Row 8: 7 files each including the next 10 times would be 10^6 steps.
void WriteIncludeBomb(LimitsTest* t,
                      const std::function<std::string(std::string, std::string)>& w) {
  (void)t;
  w("tree/g7.yaml", "group: g7\nsteps:\n  - click: x\n");
  for (int i = 6; i >= 1; --i) {
    std::string text = "group: g" + std::to_string(i) + "\nsteps:\n";
    for (int k = 0; k < 10; ++k) text += "  - include: g" + std::to_string(i + 1) + ".yaml\n";
    w("tree/g" + std::to_string(i) + ".yaml", text);
  }
  w("tree/main.yaml", "name: bomb\nsteps:\n  - include: g1.yaml\n");
}

TEST_F(LimitsTest, IncludeBombStopsAtTheIncludeThatCrossesTheLimit) {
  WriteIncludeBomb(this, [&](std::string r, std::string x) { return Write(r, x); });
  auto start = std::chrono::steady_clock::now();
  std::string error = Load("tree/main.yaml");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  // g3 holds exactly 10^4 steps; g2's second include of g3 (line 4)
  // crosses the limit.
  EXPECT_NE(error.find((root_ / "tree/g2.yaml").string() + ":4:5: error: more than"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("more than 10000 steps after expanding includes"), std::string::npos)
      << error;
}

TEST_F(LimitsTest, StepLimitCanBeRaised) {
  Write("tree/g.yaml",
        "group: g\nsteps:\n" + std::string("  - click: x\n") + "  - click: y\n  - click: z\n");
  Write("tree/main.yaml", "name: m\nsteps:\n  - include: g.yaml\n  - include: g.yaml\n");
  LoadOptions small;
  small.max_steps = 5;
  EXPECT_NE(Load("tree/main.yaml", small).find("main.yaml:4:"), std::string::npos);
  small.max_steps = 6;
  EXPECT_EQ(Load("tree/main.yaml", small), "OK");
}

TEST_F(LimitsTest, IncludeDepthIsLimited) {
  for (int i = 0; i < 30; ++i) {
    Write("tree/d" + std::to_string(i) + ".yaml",
          "group: d\nsteps:\n  - include: d" + std::to_string(i + 1) + ".yaml\n");
  }
  Write("tree/d30.yaml", "group: d\nsteps:\n  - click: x\n");
  Write("tree/main.yaml", "name: m\nsteps:\n  - include: d0.yaml\n");
  EXPECT_NE(Load("tree/main.yaml").find("includes nested deeper than 16 levels"),
            std::string::npos);
}

// Row 9: the size is checked before anything is read or parsed.
TEST_F(LimitsTest, LargeScenarioFileIsRefusedBeforeParsing) {
  std::string text = "name: big\nsteps:\n";
  while (text.size() < (1u << 20)) text += "  - click: Volgende\n";
  Write("tree/big.yaml", text);
  std::string error = Load("tree/big.yaml");
  EXPECT_NE(error.find("bytes, more than the limit of 1048576 bytes for a scenario file"),
            std::string::npos)
      << error;
  LoadOptions raised;
  raised.max_file_bytes = 4u << 20;
  raised.max_steps = 1000000;
  EXPECT_EQ(Load("tree/big.yaml", raised), "OK");
}

TEST_F(LimitsTest, LargeIncludedFileIsRefused) {
  Write("tree/g.yaml", "group: g\nsteps:\n  - click: x\n" + std::string(2000, '#') + "\n");
  Write("tree/main.yaml", "name: m\nsteps:\n  - include: g.yaml\n");
  LoadOptions small;
  small.max_file_bytes = 1000;
  EXPECT_NE(Load("tree/main.yaml", small).find("more than the limit of 1000 bytes"),
            std::string::npos);
}

// Row 14.
TEST_F(LimitsTest, SecondYamlDocumentIsAnErrorAtItsPosition) {
  Write("tree/two.yaml", "name: a\nsteps:\n  - click: x\n---\nname: b\nsteps:\n  - click: y\n");
  std::string error = Load("tree/two.yaml");
  EXPECT_NE(error.find("two.yaml:5:1: error: a second YAML document starts here"),
            std::string::npos)
      << error;
}

// fuzz_scenario: yaml-cpp 0.7's LoadAll never returned (allocating without
// end) on a ',' outside [ ] or { } at the top level.
TEST_F(LimitsTest, TopLevelCommaIsAnErrorNotAHang) {
  Write("tree/comma.yaml", ",name: m\nsteps:\n  - include: iincludaml\n");  // the fuzz input
  std::string error = Load("tree/comma.yaml");
  EXPECT_NE(error.find("comma.yaml:1:1: error: ',' outside [ ] or { }"), std::string::npos)
      << error;
  for (const char* text : {",", "[a],", "- click: x\n,", "\"x\",", "{a: b},"}) {
    Write("tree/c.yaml", text);
    EXPECT_NE(Load("tree/c.yaml").find("error:"), std::string::npos) << text;
  }
}

TEST_F(LimitsTest, UnclosedQuoteIsReportedWhereItOpens) {
  Write("tree/q.yaml", "name: \"Inschrijving\nsteps:\n  - click: x\n");
  std::string error = Load("tree/q.yaml");
  EXPECT_NE(error.find("q.yaml:1:7: error: unclosed double quote"), std::string::npos) << error;
  EXPECT_EQ(error.find("missing required key"), std::string::npos) << error;
}

TEST_F(LimitsTest, ApostrophesAndQuotesInsideTextAreFine) {
  Write("tree/ok.yaml",
        "name: it's \"fine\"\ndescription: |\n  don't \"open [ {\n  - x\nsteps:\n"
        "  - click: 'Volgende'\n  - note: \"a \\\" b\" # it's\n  - click: [a, 'b', \"c\"]\n");
  // The flow list is not a valid target: any error but a pre-scan one will do.
  std::string error = Load("tree/ok.yaml");
  EXPECT_EQ(error.find("unclosed"), std::string::npos) << error;
  EXPECT_EQ(error.find("nested deeper"), std::string::npos) << error;
}

TEST_F(LimitsTest, DeepFlowNestingIsAClearError) {
  Write("tree/deep.yaml", "name: d\nsteps: " + std::string(25000, '[') + "\n");
  std::string error = Load("tree/deep.yaml");
  EXPECT_NE(error.find("deep.yaml:2:"), std::string::npos) << error;
  EXPECT_NE(error.find("nested deeper than 100 levels"), std::string::npos) << error;
}

TEST_F(LimitsTest, DeepBlockNestingIsAClearError) {
  std::string text = "name: d\nsteps:\n";
  for (int i = 0; i < 300; ++i) text += std::string(2 * i + 2, ' ') + "- a:\n";
  Write("tree/deep.yaml", text);
  std::string error = Load("tree/deep.yaml");
  EXPECT_NE(error.find("nested deeper than 100 levels"), std::string::npos) << error;
  std::string dashes = "name: d\nsteps:\n  ";
  for (int i = 0; i < 5000; ++i) dashes += "- ";
  Write("tree/dashes.yaml", dashes + "x\n");
  EXPECT_NE(Load("tree/dashes.yaml").find("dashes.yaml:3:"), std::string::npos);
}

// Found by fuzz_scenario: yaml-cpp 0.7 never returns on this input.
TEST_F(LimitsTest, NulByteIsRefusedBeforeYamlCpp) {
  Write("tree/nul.yaml", std::string("\0\0\0,\0\0\0\0l", 9));
  EXPECT_NE(Load("tree/nul.yaml").find("nul.yaml:1:1: error: a NUL byte"), std::string::npos);
}

// Row 15.
TEST_F(LimitsTest, IncludesOutsideTheScenarioFolderAreRefusedWithoutQuoting) {
  Write("secret.yaml", "group: s\nsteps:\n  - click: TOPSECRET\n");
  Write("tree/abs.yaml", "name: m\nsteps:\n  - include: /etc/passwd\n");
  Write("tree/up.yaml", "name: m\nsteps:\n  - include: ../../../../../../../../etc/passwd\n");
  Write("tree/sib.yaml", "name: m\nsteps:\n  - include: ../secret.yaml\n");
  for (const char* f : {"tree/abs.yaml", "tree/up.yaml", "tree/sib.yaml"}) {
    std::string error = Load(f);
    EXPECT_NE(error.find("outside the scenario folder"), std::string::npos) << error;
    EXPECT_EQ(error.find("root:"), std::string::npos) << error;
    EXPECT_EQ(error.find("TOPSECRET"), std::string::npos) << error;
  }
  LoadOptions allowed;
  allowed.allowed_include_dirs = {root_.string()};
  EXPECT_EQ(Load("tree/sib.yaml", allowed), "OK");
}

TEST_F(LimitsTest, SymlinkOutOfTheTreeIsResolvedBeforeTheCheck) {
  Write("outside/g.yaml", "group: s\nsteps:\n  - click: TOPSECRET\n");
  fs::create_directory_symlink(root_ / "outside", root_ / "tree/link");
  Write("tree/m.yaml", "name: m\nsteps:\n  - include: link/g.yaml\n");
  std::string error = Load("tree/m.yaml");
  EXPECT_NE(error.find("outside the scenario folder"), std::string::npos) << error;
  EXPECT_EQ(error.find("TOPSECRET"), std::string::npos) << error;
  // Inside the tree, ".." that stays inside is fine.
  Write("tree/sub/g.yaml", "group: s\nsteps:\n  - click: x\n");
  Write("tree/sub/deeper/m.yaml", "name: m\nsteps:\n  - include: ../g.yaml\n");
  Write("tree/m2.yaml", "name: m\nsteps:\n  - include: sub/deeper/../g.yaml\n");
  EXPECT_EQ(Load("tree/m2.yaml"), "OK");
}

}  // namespace
}  // namespace proofup::scenario
