#include "harness/browser/chromium/page_target.h"

namespace proofup::browser::chromium {

using cdp::Json;

StatusOr<PageTarget> OpenPageTarget(cdp::Connection& connection) {
  constexpr std::chrono::milliseconds kTimeout{10'000};
  PageTarget out;
  auto context =
      connection.Call("Target.createBrowserContext", {{"disposeOnDetach", true}}, "", kTimeout);
  if (!context.ok()) return context.status();
  out.context = context->value("browserContextId", "");
  if (out.context.empty()) return Status::Internal("Chromium made no browser context");
  auto target =
      connection.Call("Target.createTarget",
                      {{"url", "about:blank"}, {"browserContextId", out.context}}, "", kTimeout);
  if (!target.ok()) return target.status();
  auto attached = connection.Call("Target.attachToTarget",
                                  {{"targetId", target->value("targetId", "")}, {"flatten", true}},
                                  "", kTimeout);
  if (!attached.ok()) return attached.status();
  out.session = attached->value("sessionId", "");
  if (out.session.empty()) return Status::Internal("Chromium did not attach to the new page");
  return out;
}

PreparedPageTarget::PreparedPageTarget(std::shared_ptr<cdp::Connection> connection)
    : thread_([this, connection] { result_ = OpenPageTarget(*connection); }) {}

PreparedPageTarget::~PreparedPageTarget() {
  if (thread_.joinable()) thread_.join();
}

StatusOr<PageTarget> PreparedPageTarget::Take() {
  if (thread_.joinable()) thread_.join();
  return std::exchange(result_, Status::FailedPrecondition("taken"));
}

}  // namespace proofup::browser::chromium
