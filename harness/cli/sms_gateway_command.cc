#include "harness/cli/sms_gateway_command.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <vector>

#include "harness/cli/cli.h"

namespace proofup::cli {
namespace {

// The port of HOST:PORT, or nullopt when it is not one.
std::optional<int> ListenPort(const std::string& listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  const std::string digits = listen.substr(colon + 1);
  if (digits.empty() || digits.size() > 5 ||
      digits.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  int port = std::stoi(digits);
  if (port > 65535) return std::nullopt;
  return port;
}

}  // namespace

bool CheckListen(const std::string& listen, std::ostream& err) {
  if (ListenPort(listen)) return true;
  err << "proofup sms-gateway: --listen expects HOST:PORT (e.g. 127.0.0.1:8025), got \"" << listen
      << "\"\n";
  return false;
}

std::string SmsGatewayExecutable() {
  if (const char* given = std::getenv("PROOFUP_SMS_GATEWAY"); given && *given) return given;
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  return (self.parent_path() / "proofup-sms-gateway").string();
}

int SmsGatewayCommand(const SmsGatewayArgs& args, const std::string& gateway_exe, std::ostream& out,
                      std::ostream& err) {
  if (!CheckListen(args.listen, err)) return kExitUsage;
  std::vector<std::string> words = {gateway_exe, "--listen", args.listen};
  if (!args.inbox.empty()) words.insert(words.end(), {"--inbox", args.inbox});
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  out.flush();
  err.flush();
  if (!gateway_exe.empty()) execv(gateway_exe.c_str(), argv.data());
  err << "proofup sms-gateway: cannot run "
      << (gateway_exe.empty() ? "proofup-sms-gateway" : gateway_exe) << ": " << std::strerror(errno)
      << " (it is built and installed next to proofup; or set PROOFUP_SMS_GATEWAY)\n";
  return kExitTarget;
}

}  // namespace proofup::cli
