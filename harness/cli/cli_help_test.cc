// `proofup help --man` and `proofup run --help` come from one option table:
// every option the help text names is in the man page, with its environment
// variable, and the page is troff that man(1) can render.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "harness/cli/cli.h"

namespace proofup::cli {
namespace {

struct Output {
  int code;
  std::string out, err;
};

Output Cli(std::vector<std::string> args) {
  args.insert(args.begin(), "proofup");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::ostringstream out, err;
  int code = RunCli(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

// Every "--name" and "-x" at the start of a help line, and every PROOFUP_* variable.
std::set<std::string> OptionsIn(const std::string& help) {
  std::set<std::string> names;
  std::istringstream lines(help);
  std::string line;
  const std::regex option(R"(^\s+((-\w|--[\w-]+)(,\s*)?)+)");
  const std::regex name(R"(--?[\w-]+)");
  const std::regex env(R"(PROOFUP_[A-Z_]+)");
  while (std::getline(lines, line)) {
    std::smatch m;
    if (std::regex_search(line, m, option)) {
      std::string head = m.str();
      for (std::sregex_iterator it(head.begin(), head.end(), name), end; it != end; ++it)
        names.insert(it->str());
    }
    for (std::sregex_iterator it(line.begin(), line.end(), env), end; it != end; ++it)
      names.insert(it->str());
  }
  return names;
}

// The man page writes '-' as troff's "\-"; undo that to compare with the help text.
std::string Unescape(std::string troff) {
  for (size_t pos = troff.find("\\-"); pos != std::string::npos; pos = troff.find("\\-", pos))
    troff.erase(pos, 1);
  return troff;
}

TEST(ManPage, ListsEveryOptionOfRunHelp) {
  Output help = Cli({"run", "--help"});
  ASSERT_EQ(help.code, 0) << help.err;
  std::set<std::string> options = OptionsIn(help.out);
  // The table's own options, so the parse above cannot quietly find nothing.
  for (const char* known : {"--target", "-j", "--workers", "--tag", "--no-color", "--report-junit",
                            "--mock-variant", "PROOFUP_TARGET", "PROOFUP_WORKERS"})
    EXPECT_TRUE(options.count(known)) << known << " not parsed from:\n" << help.out;
  Output man = Cli({"help", "--man"});
  ASSERT_EQ(man.code, 0) << man.err;
  const std::string page = Unescape(man.out);
  for (const std::string& o : options) EXPECT_NE(page.find(o), std::string::npos) << o;
}

TEST(ManPage, HasEveryCommandAndTheExitCodes) {
  Output man = Cli({"help", "--man"});
  ASSERT_EQ(man.code, 0);
  EXPECT_EQ(man.out.rfind(".TH PROOFUP 1 ", 0), 0u) << man.out.substr(0, 200);
  for (const char* section :
       {".SH proofup run", ".SH proofup validate", ".SH proofup manual\\-check", ".SH proofup init",
        ".SS Exit codes", ".SS Mock\\-idp variants"})
    EXPECT_NE(man.out.find(section), std::string::npos) << section;
  // No line that troff would take for a request it does not know.
  std::istringstream lines(man.out);
  std::string line;
  const std::regex request(R"(^[.'](TH|SH|SS|TP|PP|B|br)( |$))");
  while (std::getline(lines, line)) {
    if (!line.empty() && (line[0] == '.' || line[0] == '\'')) {
      EXPECT_TRUE(std::regex_search(line, request)) << line;
    }
  }
}

TEST(ManPage, HelpRunIsTheSameTableAsRunHelp) {
  Output a = Cli({"help", "run"});
  Output b = Cli({"run", "--help"});
  EXPECT_EQ(a.code, 0);
  EXPECT_EQ(a.out, b.out);
}

}  // namespace
}  // namespace proofup::cli
