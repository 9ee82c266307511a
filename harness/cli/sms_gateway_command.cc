#include "harness/cli/sms_gateway_command.h"

#include <pthread.h>
#include <signal.h>

#include "harness/cli/cli.h"
#include "harness/phone/sms/gateway/gateway.h"

namespace proofup::cli {

int SmsGatewayCommand(const SmsGatewayArgs& args, std::ostream& out, std::ostream& err) {
  size_t colon = args.listen.rfind(':');
  int port = -1;
  if (colon != std::string::npos && colon > 0) {
    try {
      port = std::stoi(args.listen.substr(colon + 1));
    } catch (...) {
      port = -1;
    }
  }
  if (port < 0 || port > 65535) {
    err << "proofup sms-gateway: --listen expects HOST:PORT (e.g. 127.0.0.1:8025), got \""
        << args.listen << "\"\n";
    return kExitUsage;
  }
  const std::string host = args.listen.substr(0, colon);
  // Blocked before the server's threads start, so only sigwait below sees them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  phone::sms::SmsGateway gateway({.inbox_file = args.inbox});
  auto bound = gateway.Start(host, port);
  if (!bound.ok()) {
    err << "proofup sms-gateway: " << bound.status().message() << "\n";
    return kExitTarget;
  }
  const std::string url = "http://" + host + ":" + std::to_string(*bound);
  out << "sms-gateway: " << url << " (POST " << url
      << "/2010-04-01/Accounts/{sid}/Messages.json; GET " << url << "/messages?to=NUMBER"
      << (args.inbox.empty() ? "" : "; appending to " + args.inbox) << ")\n"
      << std::flush;
  int sig = 0;
  sigwait(&set, &sig);
  gateway.Stop();
  out << "sms-gateway: stopped\n";
  return kExitPassed;
}

}  // namespace proofup::cli
