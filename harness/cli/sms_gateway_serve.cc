// proofup-sms-gateway: the server behind `proofup sms-gateway`
// (sms_gateway_command.h), in an executable of its own so that proofup does
// not link cpp-httplib.
#include <pthread.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "harness/cli/cli.h"
#include "harness/cli/interrupt_watcher.h"
#include "harness/cli/sms_gateway_command.h"
#include "harness/phone/sms/gateway/gateway.h"

namespace proofup::cli {

int ServeSmsGateway(const SmsGatewayArgs& args, std::ostream& out, std::ostream& err) {
  const std::optional<ListenAddress> listen = ParseListen(args.listen, err);
  if (!listen) return kExitUsage;
  const std::string& host = listen->host;
  // Blocked before the server's threads start, so only sigwait below sees them.
  const sigset_t set = StopSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  phone::sms::SmsGateway gateway({.inbox_file = args.inbox});
  auto bound = gateway.Start(host, listen->port);
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

int main(int argc, char** argv) {
  proofup::cli::SmsGatewayArgs args;
  CLI::App app{"proofup-sms-gateway: the server behind `proofup sms-gateway` (run that instead)"};
  app.add_option("--listen", args.listen, "HOST:PORT to listen on (port 0: a free one)");
  app.add_option("--inbox", args.inbox, "Append every message to FILE");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return proofup::cli::ServeSmsGateway(args, std::cout, std::cerr);
}
