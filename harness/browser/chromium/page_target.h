// A fresh browser context with one about:blank page, attached as a flattened
// DevTools session: what every Chromium session starts from. Making one is
// three browser-level round trips during which Chromium starts a renderer
// process (~190 ms here), so the launcher makes the next one in the
// background while the current scenario runs. Internal to
// harness/browser/chromium.
#ifndef PROOFUP_BROWSER_CHROMIUM_PAGE_TARGET_H_
#define PROOFUP_BROWSER_CHROMIUM_PAGE_TARGET_H_

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "harness/base/status.h"
#include "harness/browser/chromium/cdp.h"

namespace proofup::browser::chromium {

struct PageTarget {
  std::string context;  // Target.createBrowserContext's browserContextId
  std::string session;  // the flattened session of its page
};

// Creates a context (disposed when its session detaches) and its page, and
// attaches. Errors: the connection's (kNetworkError once Chromium is gone,
// kTimeout). Safe from any thread.
StatusOr<PageTarget> OpenPageTarget(cdp::Connection& connection);

// One PageTarget being made on a thread of its own from construction on.
// Nothing in it has been used, so it shares nothing with earlier sessions.
// Not disposed when dropped untaken: the launcher drops one only when it
// stops the browser, which ends every context.
class PreparedPageTarget {
 public:
  explicit PreparedPageTarget(std::shared_ptr<cdp::Connection> connection);
  ~PreparedPageTarget();  // waits for the thread
  PreparedPageTarget(const PreparedPageTarget&) = delete;
  PreparedPageTarget& operator=(const PreparedPageTarget&) = delete;

  // Waits until it is made; its result, once (then kFailedPrecondition).
  StatusOr<PageTarget> Take();

 private:
  StatusOr<PageTarget> result_ = Status::FailedPrecondition("taken");
  std::thread thread_;
};

}  // namespace proofup::browser::chromium

#endif  // PROOFUP_BROWSER_CHROMIUM_PAGE_TARGET_H_
