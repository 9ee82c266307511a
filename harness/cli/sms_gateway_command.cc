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
std::optional<ListenAddress> ParseListen(const std::string& listen, std::ostream& err) {
  const size_t colon = listen.rfind(':');
  const std::string digits = colon == std::string::npos ? "" : listen.substr(colon + 1);
  if (colon != std::string::npos && colon > 0 && !digits.empty() && digits.size() <= 5 &&
      digits.find_first_not_of("0123456789") == std::string::npos && std::stoi(digits) <= 65535)
    return ListenAddress{listen.substr(0, colon), std::stoi(digits)};
  err << "proofup sms-gateway: --listen expects HOST:PORT (e.g. 127.0.0.1:8025), got \"" << listen
      << "\"\n";
  return std::nullopt;
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
  if (!ParseListen(args.listen, err)) return kExitUsage;
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
