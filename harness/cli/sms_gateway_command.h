// Internal to the cli module: `proofup sms-gateway`, a Twilio-compatible
// "send message" endpoint that delivers into proofup's SMS inbox. The server
// (cpp-httplib) lives in its own executable, proofup-sms-gateway, next to
// proofup: linking it into proofup cost every command ~1-1.5 ms of CPU
// before main() (libcpp-httplib's and brotli's loading, its OpenSSL set-up).
#ifndef PROOFUP_CLI_SMS_GATEWAY_COMMAND_H_
#define PROOFUP_CLI_SMS_GATEWAY_COMMAND_H_

#include <optional>
#include <ostream>
#include <string>

namespace proofup::cli {

struct SmsGatewayArgs {
  std::string listen = "127.0.0.1:0";  // HOST:PORT; port 0 = a free one
  std::string inbox;                   // file to append to; "" = memory only (GET /messages)
};

// `proofup sms-gateway`: checks --listen, then runs `gateway_exe` (normally
// proofup-sms-gateway next to proofup, SmsGatewayExecutable) in this process's
// place (exec: same pid, stdout and signals), which serves as ServeSmsGateway
// says. Returns (without exec) 2 for a bad --listen, 3 when the executable
// cannot be run (the reason on `err`).
int SmsGatewayCommand(const SmsGatewayArgs& args, const std::string& gateway_exe, std::ostream& out,
                      std::ostream& err);

// Where proofup-sms-gateway is: $PROOFUP_SMS_GATEWAY, else next to this
// executable (/proc/self/exe); "" when neither is known.
std::string SmsGatewayExecutable();

struct ListenAddress {
  std::string host;
  int port = 0;  // 0-65535; 0: a free one
};
// `listen` ("HOST:PORT") split; nullopt after saying what is wrong on `err`.
std::optional<ListenAddress> ParseListen(const std::string& listen, std::ostream& err);

// The gateway itself (proofup-sms-gateway): serves until SIGINT or SIGTERM.
// Prints its URL as the first line of `out` ("sms-gateway: http://127.0.0.1:PORT ...")
// so scripts and tests can read the port. Returns 0 after a signal, 2 for a
// bad --listen, 3 when it cannot listen or open the inbox.
int ServeSmsGateway(const SmsGatewayArgs& args, std::ostream& out, std::ostream& err);

}  // namespace proofup::cli

#endif  // PROOFUP_CLI_SMS_GATEWAY_COMMAND_H_
