#include "harness/jsonpath/jsonpath.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "harness/process/process.h"

namespace proofup::jsonpath {
namespace {

const std::string kTestdata = std::string(PROOFUP_SOURCE_DIR) + "/harness/jsonpath/testdata/";

Json Values(const std::vector<const Json*>& selected) {
  Json out = Json::array();
  for (const Json* v : selected) out.push_back(*v);
  return out;
}

Json SelectText(const std::string& path, const std::string& document) {
  auto parsed = ParsePath(path);
  EXPECT_TRUE(parsed.ok()) << parsed.status().message();
  if (!parsed.ok()) return nullptr;
  return Values(Select(*parsed, Json::parse(document)));
}

// Every case of testdata/cases.json gives what Debian's python3-jsonpath-rw gives.
TEST(JsonPathTest, AgreesWithJsonpathRwOnEveryCase) {
  std::ifstream in(kTestdata + "cases.json");
  ASSERT_TRUE(in) << "cannot read cases.json";
  Json cases = Json::parse(in);
  SpawnOptions options;
  options.discard_stderr = true;  // PLY's table-generation chatter
  auto child = ChildProcess::Spawn(
      {"/usr/bin/python3", kTestdata + "reference.py", kTestdata + "cases.json"}, options);
  ASSERT_TRUE(child.ok()) << child.status().message();
  std::istringstream lines((*child)->ReadAllStdout());
  auto exit = (*child)->Wait(std::chrono::seconds(60));
  ASSERT_TRUE(exit.ok() && exit->exited && exit->code == 0)
      << "the reference failed: is python3-jsonpath-rw installed (scripts/quickstart)?";
  size_t checked = 0;
  for (const Json& c : cases["cases"]) {
    std::string expected_line;
    ASSERT_TRUE(std::getline(lines, expected_line)) << "no reference answer for " << c["path"];
    const std::string path = c["path"].get<std::string>();
    auto parsed = ParsePath(path);
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    Json mine = Values(Select(*parsed, cases["documents"][c["document"].get<std::string>()]));
    EXPECT_EQ(mine, Json::parse(expected_line)) << path << " on " << c["document"];
    ++checked;
  }
  EXPECT_EQ(checked, cases["cases"].size());
  EXPECT_GE(checked, 40u);
}

TEST(JsonPathTest, KeepsDocumentOrderOfMembers) {
  EXPECT_EQ(SelectText("$.*", R"({"z": 1, "a": 2, "m": 3})"), Json::parse("[1,2,3]"));
}

TEST(JsonPathTest, SelectsManyOnlyWithAWildcard) {
  EXPECT_FALSE(ParsePath("$.a[0]['b']")->selects_many());
  EXPECT_TRUE(ParsePath("$.a[*].b")->selects_many());
  EXPECT_TRUE(ParsePath("$.a.*")->selects_many());
}

TEST(JsonPathTest, RefusesWhatItDoesNotSupportSayingWhere) {
  struct Bad {
    std::string path, message;
  };
  for (const Bad& b : std::vector<Bad>{
           {"", "a JSONPath starts with \"$\" at character 1"},
           {"a.b", "a JSONPath starts with \"$\" at character 1"},
           {"$..a", "recursive descent \"..\" is not supported at character 2"},
           {"$.a[12", "expected \"]\" at character 7"},
           {"$.a[?(@.x)]", "filters and script expressions are not supported at character 5"},
           {"$.a[0:2]", "slices and unions are not supported at character 6"},
           {"$.a['b", "unterminated quoted name at character 5"},
           {"$.", "expected a member name after \".\" at character 3"},
           {"$a", "expected \".\" or \"[\" at character 2"},
           {"$[x]", "expected an index, \"*\" or a quoted name after \"[\" at character 3"},
           {"$[-]", "expected digits after \"-\" at character 4"},
           {"$[1234567890]", "index too large at character 3"},
       }) {
    auto parsed = ParsePath(b.path);
    ASSERT_FALSE(parsed.ok()) << b.path;
    EXPECT_EQ(parsed.status().kind(), Status::Kind::kInvalidArgument);
    EXPECT_EQ(parsed.status().message(), b.message + " of \"" + b.path + "\"");
  }
}

// One pass per segment, no recursion: a deeply nested document is fine.
TEST(JsonPathTest, WalksDeepDocumentsWithoutRecursion) {
  Json deep = 7;
  std::string path = "$";
  for (int i = 0; i < 5000; ++i) {
    Json wrapper = Json::array();
    wrapper.push_back(std::move(deep));
    deep = std::move(wrapper);
    path += "[0]";
  }
  auto parsed = ParsePath(path);
  ASSERT_TRUE(parsed.ok());
  auto selected = Select(*parsed, deep);
  ASSERT_EQ(selected.size(), 1u);
  EXPECT_EQ(*selected[0], 7);
  // nlohmann's destructor recurses too; take the tree apart from the bottom.
  while (deep.is_array() && !deep.empty()) {
    Json inner = std::move(deep[0]);
    deep = std::move(inner);
  }
}

}  // namespace
}  // namespace proofup::jsonpath
