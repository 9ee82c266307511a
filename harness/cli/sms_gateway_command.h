// Internal to the cli module: `proofup sms-gateway`, a Twilio-compatible
// "send message" endpoint that delivers into proofup's SMS inbox.
#ifndef PROOFUP_CLI_SMS_GATEWAY_COMMAND_H_
#define PROOFUP_CLI_SMS_GATEWAY_COMMAND_H_

#include <ostream>
#include <string>

namespace proofup::cli {

struct SmsGatewayArgs {
  std::string listen = "127.0.0.1:0";  // HOST:PORT; port 0 = a free one
  std::string inbox;                   // file to append to; "" = memory only (GET /messages)
};

// Serves until SIGINT or SIGTERM. Prints its URL as the first line of `out`
// ("sms-gateway: http://127.0.0.1:PORT ...") so scripts and tests can read the port.
// Returns 0 after a signal, 2 for a bad --listen, 3 when it cannot listen or open the inbox.
int SmsGatewayCommand(const SmsGatewayArgs& args, std::ostream& out, std::ostream& err);

}  // namespace proofup::cli

#endif  // PROOFUP_CLI_SMS_GATEWAY_COMMAND_H_
