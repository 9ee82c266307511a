// When the runner has the next WebDriver session made ahead: by default only
// for a server on another machine (one on loopback competes for our cores).
#include <gtest/gtest.h>

#include "harness/runner/runner.h"

namespace proofup::runner {
namespace {

RunOptions Over(const std::string& webdriver) {
  RunOptions options;
  options.webdriver = webdriver;
  return options;
}

TEST(PreparesNextSessionTest, NeverWithoutAWebDriverServer) {
  RunOptions options;
  EXPECT_FALSE(PreparesNextSession(options));
  options.prepare_next_session = true;
  EXPECT_FALSE(PreparesNextSession(options)) << "the pipe has no sessions to make ahead";
}

TEST(PreparesNextSessionTest, ByDefaultOnlyForAServerOnAnotherMachine) {
  EXPECT_FALSE(PreparesNextSession(Over("http://127.0.0.1:9515")));
  EXPECT_FALSE(PreparesNextSession(Over("http://127.3.4.5:4444/wd/hub")));
  EXPECT_FALSE(PreparesNextSession(Over("http://localhost:4444")));
  EXPECT_FALSE(PreparesNextSession(Over("http://[::1]:9515")));
  EXPECT_TRUE(PreparesNextSession(Over("http://grid.example.org:4444")));
  EXPECT_TRUE(PreparesNextSession(Over("https://10.1.2.3:4444/wd/hub")));
  EXPECT_TRUE(PreparesNextSession(Over("http://127.example.org:4444")))
      << "a name that starts with 127 is not a loopback address";
}

TEST(PreparesNextSessionTest, AnExplicitChoiceWins) {
  RunOptions local = Over("http://127.0.0.1:9515");
  local.prepare_next_session = true;
  EXPECT_TRUE(PreparesNextSession(local));
  RunOptions remote = Over("http://grid.example.org:4444");
  remote.prepare_next_session = false;
  EXPECT_FALSE(PreparesNextSession(remote));
}

}  // namespace
}  // namespace proofup::runner
