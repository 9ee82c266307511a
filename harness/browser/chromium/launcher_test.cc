// ChromiumOptions::launch_now: the browser spawned when the launcher is made
// serves the first session, and a browser that cannot start fails that
// session with the same errors as a launch on demand.
#include <gtest/gtest.h>
#include <unistd.h>

#include "harness/browser/chromium/chromium.h"

namespace proofup::browser {
namespace {

bool ChromiumInstalled() {
  return access("/usr/lib/chromium/chromium", X_OK) == 0 || access("/usr/bin/chromium", X_OK) == 0;
}

TEST(ChromiumLaunchNow, TheEarlyBrowserServesTheFirstSession) {
  if (!ChromiumInstalled()) GTEST_SKIP() << "chromium is not installed (Debian package: chromium)";
  ChromiumOptions options;
  options.launch_now = true;
  options.prepare_next = false;
  auto launcher = NewChromiumLauncher(options);
  auto session = launcher->NewSession({});
  ASSERT_TRUE(session.ok()) << session.status().message();
  auto timings = ChromiumTimingsOf(**session);
  ASSERT_TRUE(timings.has_value());
  // Waited for the early browser's answer: counted as this session's launch.
  EXPECT_GT(timings->launch_ms, 0);
  ASSERT_TRUE((*session)->Open("about:blank").ok());
}

TEST(ChromiumLaunchNow, ABrowserThatExitsAtOnceFailsTheFirstSessionClearly) {
  ChromiumOptions options;
  options.launch_now = true;
  options.executable = "/bin/false";  // exists, starts, and exits without answering
  auto launcher = NewChromiumLauncher(options);
  auto session = launcher->NewSession({});
  ASSERT_FALSE(session.ok());
  // As a launch on demand says it: a retried attempt may get a browser.
  EXPECT_EQ(session.status().kind(), Status::Kind::kNetworkError);
  EXPECT_NE(session.status().message().find("Chromium did not start"), std::string::npos)
      << session.status().message();
  // And again for the next session: the launcher tries a fresh browser.
  auto again = launcher->NewSession({});
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.status().message().find("Chromium did not start"), std::string::npos);
}

}  // namespace
}  // namespace proofup::browser
