#include "harness/cli/run_target.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "harness/http/http.h"

namespace proofup::cli {
namespace {

std::string SelfExe() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : p.string();
}

}  // namespace

void ApplyProfile(const runner::TargetProfile& p, RunArgs& args) {
  args.target = p.url;
  if (args.mock_variant.empty()) args.mock_variant = p.mock_variant;
  if (args.ca_file.empty()) args.ca_file = p.ca_file;
  args.insecure = args.insecure || p.insecure;
  if (!args.users_given && !p.users.empty()) args.users = p.users;
  if (args.admin_token.empty()) args.admin_token = p.admin_token;
  if (!args.browser_given && !p.browser.empty()) args.browser = p.browser;
}

runner::BundledPortalOptions BundledOptions(const RunArgs& args) {
  runner::BundledPortalOptions bundled;
  bundled.executable = runner::FindMockIdp(SelfExe());
  bundled.users_file = args.users;
  if (!args.mock_variant.empty()) bundled.extra_args = {"--variant", args.mock_variant};
  if (!args.mock_data_dir.empty())
    bundled.extra_args.insert(bundled.extra_args.end(),
                              {"--catalog-dir", args.mock_data_dir + "/catalogs", "--template-dir",
                               args.mock_data_dir + "/templates"});
  // mock-idp's default of 512 workers is for a shared portal; starting them
  // cost a one-scenario run more CPU than the scenario. With the http browser
  // a scenario keeps at most a few connections open (browser, phone, control
  // API). Chromium keeps up to 6 idle ones per browser and its runs take
  // seconds, so it keeps the default. The request log goes nowhere (stderr is
  // discarded): --quiet skips writing it.
  if (args.browser != "chromium") {
    const int threads = std::min(512, 16 + 8 * std::max(1, args.workers));
    bundled.extra_args.insert(bundled.extra_args.end(), {"--threads", std::to_string(threads)});
  }
  bundled.extra_args.push_back("--quiet");
  return bundled;
}

// A given --admin-token keeps the control API on, so that a target that is not
// mock-idp makes the control client fail clearly instead of skipping quietly.
void DetectMockIdp(runner::RunOptions& options, http::Transport& transport, std::ostream& err) {
  auto hello = runner::ProbeMockIdp(options.target, options.admin_token, transport);
  const bool mock = hello.ok() && hello->is_mock_idp;
  options.offers.mock_phone_api = mock;
  options.offers.control_api = mock || !options.admin_token.empty();
  if (!mock && !options.admin_token.empty())
    err << "proofup: --admin-token is given, but " << options.target
        << " does not answer as mock-idp's control API ("
        << (hello.ok() ? hello->answer : hello.status().message())
        << "): scenarios that use it will fail\n";
}

// SIGKILL, not SIGTERM: mock-idp keeps nothing worth a graceful stop
// (in-memory state, output discarded), and its graceful stop (joining its
// workers) took ~11 ms against ~1 ms.
std::jthread StopPortal(runner::BundledPortal portal) {
  return std::jthread([p = std::move(portal)]() mutable {
    p.process->Signal(SIGKILL);
    p.process.reset();
  });
}

}  // namespace proofup::cli
