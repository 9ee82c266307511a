#include "harness/browser/webdriver/session_pool.h"

#include <utility>

#include "harness/browser/webdriver/wire.h"

namespace proofup::browser::webdriver {

SessionPool::~SessionPool() {
  Discard();
  // Each future of std::async waits for its thread when destroyed.
  discarded_.clear();
}

void SessionPool::Prepare(const std::string& key, Maker make) {
  if (pending_.valid() && key_ == key) return;
  Discard();
  key_ = key;
  pending_ = std::async(std::launch::async, std::move(make));
}

std::optional<SessionOrError> SessionPool::Take(const std::string& key) {
  if (pending_.valid() && key_ != key) Discard();
  if (!pending_.valid()) return std::nullopt;
  return pending_.get();  // leaves pending_ invalid
}

void SessionPool::Discard() {
  if (!pending_.valid()) return;
  // The session is deleted when the result goes out of scope, off this thread.
  discarded_.push_back(
      std::async(std::launch::async, [f = std::move(pending_)]() mutable { (void)f.get(); }));
  // Deletions already done need not be kept.
  std::erase_if(discarded_, [](const std::future<void>& d) {
    return d.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
  });
}

bool HasFreeSlot(const std::string& server) {
  Wire wire(server, 5'000);
  auto status = wire.Command("GET", "/status", Json());
  if (!status.ok() || !status->is_object() || !status->contains("nodes") ||
      !(*status)["nodes"].is_array())
    return true;
  for (const Json& node : (*status)["nodes"]) {
    if (!node.is_object() || node.value("availability", "") != "UP" || !node.contains("slots") ||
        !node["slots"].is_array())
      continue;
    for (const Json& slot : node["slots"])
      if (slot.is_object() && (!slot.contains("session") || slot["session"].is_null())) return true;
  }
  return false;
}

}  // namespace proofup::browser::webdriver
