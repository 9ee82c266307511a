#include "harness/report/word_diff.h"

#include <gtest/gtest.h>

#include <random>

namespace proofup::report_internal {
namespace {

using Kind = DiffSegment::Kind;

std::string Show(const std::vector<DiffSegment>& diff) {
  std::string out;
  for (const DiffSegment& s : diff) {
    out += s.kind == Kind::kSame ? "=" : s.kind == Kind::kRemoved ? "-" : "+";
    out += "[" + s.text + "]";
  }
  return out;
}

// The words of one side of the diff, rebuilt from its segments.
std::string Side(const std::vector<DiffSegment>& diff, Kind changed) {
  std::string out;
  for (const DiffSegment& s : diff) {
    if (s.kind == Kind::kSame || s.kind == changed) out += (out.empty() ? "" : " ") + s.text;
  }
  return out;
}

size_t SameWords(const std::vector<DiffSegment>& diff) {
  size_t n = 0;
  for (const DiffSegment& s : diff) {
    if (s.kind == Kind::kSame) n += 1 + std::count(s.text.begin(), s.text.end(), ' ');
  }
  return n;
}

TEST(WordDiff, IdenticalTextsAreOneSameSegment) {
  EXPECT_EQ(Show(DiffWords("Meer informatie vereist", "Meer informatie vereist")),
            "=[Meer informatie vereist]");
}

TEST(WordDiff, RenamedWordIsRemovedThenAdded) {
  EXPECT_EQ(Show(DiffWords("Meer informatie vereist", "Meer informatie nodig")),
            "=[Meer informatie]-[vereist]+[nodig]");
  EXPECT_EQ(Show(DiffWords("Volgende stap nu", "Doorgaan stap nu")),
            "-[Volgende]+[Doorgaan]=[stap nu]");
}

TEST(WordDiff, InsertionsAndDeletionsInTheMiddle) {
  EXPECT_EQ(Show(DiffWords("a b c", "a x y b c")), "=[a]+[x y]=[b c]");
  EXPECT_EQ(Show(DiffWords("a x y b c", "a b c")), "=[a]-[x y]=[b c]");
  EXPECT_EQ(Show(DiffWords("a b c d e", "a c e f")), "=[a]-[b]=[c]-[d]=[e]+[f]");
}

TEST(WordDiff, EmptySides) {
  EXPECT_EQ(Show(DiffWords("", "")), "");
  EXPECT_EQ(Show(DiffWords("", "Aanmelden")), "+[Aanmelden]");
  EXPECT_EQ(Show(DiffWords("Gereed  ", " \n")), "-[Gereed]");
}

TEST(WordDiff, WhitespaceIsNotADifferenceButCaseIs) {
  EXPECT_EQ(Show(DiffWords("Meer  informatie\n vereist", "Meer informatie\tvereist")),
            "=[Meer informatie vereist]");
  EXPECT_EQ(Show(DiffWords("Gereed", "gereed")), "-[Gereed]+[gereed]");
}

// Reference LCS length by plain dynamic programming over word vectors.
size_t LcsLength(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::vector<size_t>> t(a.size() + 1, std::vector<size_t>(b.size() + 1, 0));
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      t[i][j] = a[i - 1] == b[j - 1] ? t[i - 1][j - 1] + 1 : std::max(t[i - 1][j], t[i][j - 1]);
    }
  }
  return t[a.size()][b.size()];
}

TEST(WordDiff, RandomTextsRebuildBothSidesAndKeepALongestCommonSubsequence) {
  std::mt19937 rng(42);
  const char* vocabulary[] = {"Volgende", "Gereed", "app", "de", "code", "Nederland"};
  for (int round = 0; round < 300; ++round) {
    std::vector<std::string> a, b;
    for (int i = rng() % 9; i > 0; --i) a.push_back(vocabulary[rng() % 6]);
    for (int i = rng() % 9; i > 0; --i) b.push_back(vocabulary[rng() % 6]);
    std::string ta, tb;
    for (const auto& w : a) ta += (ta.empty() ? "" : " ") + w;
    for (const auto& w : b) tb += (tb.empty() ? "" : " ") + w;
    auto diff = DiffWords(ta, tb);
    ASSERT_EQ(Side(diff, Kind::kRemoved), ta) << Show(diff);
    ASSERT_EQ(Side(diff, Kind::kAdded), tb) << Show(diff);
    ASSERT_EQ(SameWords(diff), LcsLength(a, b)) << ta << " | " << tb << " -> " << Show(diff);
    for (size_t i = 1; i < diff.size(); ++i) ASSERT_NE(diff[i].kind, diff[i - 1].kind);
  }
}

TEST(WordDiff, TextsTooLongForTheTableStillKeepPrefixAndSuffix) {
  std::string a = "start", b = "start";
  for (int i = 0; i < 2100; ++i) a += " a" + std::to_string(i);
  for (int i = 0; i < 2100; ++i) b += " b" + std::to_string(i);
  a += " end";
  b += " end";
  auto diff = DiffWords(a, b);
  ASSERT_EQ(diff.size(), 4u) << "2100 x 2100 words exceed kMaxDiffCells";
  EXPECT_EQ(diff[0].text, "start");
  EXPECT_EQ(diff[1].kind, Kind::kRemoved);
  EXPECT_EQ(diff[2].kind, Kind::kAdded);
  EXPECT_EQ(diff[3].text, "end");
  EXPECT_EQ(Side(diff, Kind::kAdded), b);
}

}  // namespace
}  // namespace proofup::report_internal
