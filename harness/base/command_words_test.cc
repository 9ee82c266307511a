#include "harness/base/command_words.h"

#include <gtest/gtest.h>
#include <stdio.h>

#include <array>
#include <memory>

namespace proofup {
namespace {

std::string ShellQuote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// The reference: what /bin/sh makes of the same text (printf prints each word
// between < and >, one a line).
std::vector<std::string> ShellWords(const std::string& text) {
  const std::string script = "for w in " + text + "; do printf '<%s>\\n' \"$w\"; done";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(("sh -c " + ShellQuote(script)).c_str(), "r"),
                                             pclose);
  std::string out;
  std::array<char, 256> buf;
  while (size_t n = fread(buf.data(), 1, buf.size(), pipe.get())) out.append(buf.data(), n);
  std::vector<std::string> words;
  for (size_t start = 0; start < out.size();) {
    size_t end = out.find(">\n", start);
    if (end == std::string::npos) break;
    words.push_back(out.substr(start + 1, end - start - 1));
    start = end + 2;
  }
  return words;
}

TEST(CommandWordsTest, SplitsAsTheShellDoes) {
  for (const std::string& text : {
           std::string("./reset-user.sh alice"),
           std::string("  tool   --flag=1\t two  "),
           std::string("say 'hello world' \"it's\" plain"),
           std::string(R"(a\ b "c \"q\" \\ \$HOME" 'x\y' d\'e)"),
           std::string(R"(""  '' "a"'b'c)"),
           std::string("--json='{\"a\": 1}'"),
       }) {
    auto words = SplitCommandWords(text);
    ASSERT_TRUE(words.ok()) << text << ": " << words.status().message();
    EXPECT_EQ(*words, ShellWords(text)) << text;
  }
}

TEST(CommandWordsTest, KeepsVariablesForTheCaller) {
  EXPECT_EQ(*SplitCommandWords("reset ${user.username} \"${pass}\""),
            (std::vector<std::string>{"reset", "${user.username}", "${pass}"}));
  EXPECT_TRUE(SplitCommandWords("   ")->empty());
}

TEST(CommandWordsTest, RejectsWhatOnlyAShellUnderstands) {
  auto pipe = SplitCommandWords("cat x | grep y");
  ASSERT_FALSE(pipe.ok());
  EXPECT_EQ(pipe.status().message(),
            "\"|\" at offset 6 needs a shell (quote it, or run the text with a shell)");
  EXPECT_FALSE(SplitCommandWords("a; b").ok());
  EXPECT_FALSE(SplitCommandWords("a > out").ok());
  EXPECT_TRUE(SplitCommandWords("echo 'a | b' \"c;d\" e\\&f").ok());
  auto quote = SplitCommandWords("echo 'open");
  ASSERT_FALSE(quote.ok());
  EXPECT_EQ(quote.status().message(), "unterminated '...' quote at offset 5");
}

}  // namespace
}  // namespace proofup
