// YamlDocument (libyaml) against yaml-cpp, the reference the loaders used
// before: the repository's users fixture and catalogs read the same, node by
// node; plus what the loaders rely on (nulls, quoting, lines, errors).
#include "harness/base/yaml_tree.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>
#include <string>

namespace proofup {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The same tree: kinds, texts, order of items and pairs.
void ExpectSame(const YamlNode& ours, const YAML::Node& ref, const std::string& where) {
  SCOPED_TRACE(where + " (line " + std::to_string(ours.line()) + ")");
  ASSERT_EQ(ours.IsMap(), ref.IsMap());
  ASSERT_EQ(ours.IsSequence(), ref.IsSequence());
  ASSERT_EQ(ours.IsScalar(), ref.IsScalar());
  if (ref.IsScalar()) {
    EXPECT_EQ(ours.Text(), ref.as<std::string>());
  }
  if (ref.IsSequence()) {
    const auto items = ours.Items();
    ASSERT_EQ(items.size(), ref.size());
    for (size_t i = 0; i < items.size(); ++i)
      ExpectSame(items[i], ref[i], where + "[" + std::to_string(i) + "]");
  }
  if (ref.IsMap()) {
    const auto pairs = ours.Pairs();
    ASSERT_EQ(pairs.size(), ref.size());
    size_t i = 0;
    for (const auto& kv : ref) {
      EXPECT_EQ(pairs[i].first.Text(), kv.first.as<std::string>());
      ExpectSame(pairs[i].second, kv.second, where + "." + kv.first.as<std::string>());
      ExpectSame(ours[kv.first.as<std::string>()], kv.second, where + "[key]");
      ++i;
    }
  }
}

TEST(YamlTree, ReadsTheRepositoryDataLikeYamlCpp) {
  const std::string root = PROOFUP_SOURCE_DIR;
  for (const std::string file :
       {"/fixtures/users.yaml", "/mock-idp/catalogs/nl.yaml", "/mock-idp/catalogs/en.yaml",
        "/mock-idp/catalogs/portal-update.variant.yaml", "/mock-idp/catalogs/spa.variant.yaml",
        "/mock-idp/catalogs/renamed-fields.variant.yaml"}) {
    const std::string text = ReadFile(root + file);
    ASSERT_FALSE(text.empty()) << file;
    auto ours = YamlDocument::Parse(text, file);
    ASSERT_TRUE(ours.ok()) << ours.status().ToString();
    ExpectSame(ours->root(), YAML::Load(text), file);
  }
}

TEST(YamlTree, NullsQuotingAndLines) {
  auto doc = YamlDocument::Parse(
      "a: ~\nb:\nc: null\nd: ''\ne: \"x y\"\nf: [1, two]\ng: {h: i}\na: second\n", "t.yaml");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  const YamlNode r = doc->root();
  EXPECT_TRUE(r["a"]);
  EXPECT_FALSE(r["a"].IsScalar());
  EXPECT_FALSE(r["b"].IsScalar());
  EXPECT_FALSE(r["c"].IsScalar());
  EXPECT_TRUE(r["d"].IsScalar());
  EXPECT_EQ(r["d"].Text(), "");
  EXPECT_EQ(r["e"].Text(), "x y");
  ASSERT_EQ(r["f"].Items().size(), 2u);
  EXPECT_EQ(r["f"].Items()[1].Text(), "two");
  EXPECT_EQ(r["g"]["h"].Text(), "i");
  EXPECT_EQ(r["g"].line(), 7);
  EXPECT_FALSE(r["missing"]);
  EXPECT_FALSE(r["missing"]["deeper"]);
  EXPECT_TRUE(r["f"]["not a map"].Items().empty());
}

TEST(YamlTree, ErrorsSayWhere) {
  auto bad = YamlDocument::Parse("users:\n  - a\n  b: [unclosed\n", "users.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().kind(), Status::Kind::kParseError);
  EXPECT_EQ(bad.status().message().rfind("users.yaml:3:", 0), 0u) << bad.status().message();
  auto empty = YamlDocument::Parse("", "empty.yaml");
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->root());
}

}  // namespace
}  // namespace proofup
