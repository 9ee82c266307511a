// `proofup sms-gateway`: receives SMS the way Twilio's "send message" API does
// (POST /2010-04-01/Accounts/{sid}/Messages.json with To, From, Body), so a
// portal whose SMS provider URL points here delivers straight to proofup. Every
// message is appended to an inbox file (the `file` SMS source reads it, in the
// kSmsGatewayLinePattern format) and kept in memory for GET /messages?to=
// (the `http_inbox` source). Not a module of its own: a library of the phone
// module's folder that only the cli links.
//
// Thread safety: Start/Stop from one thread; requests are served on the
// server's threads.
#ifndef PROOFUP_PHONE_SMS_GATEWAY_GATEWAY_H_
#define PROOFUP_PHONE_SMS_GATEWAY_GATEWAY_H_

#include <memory>
#include <string>

#include "harness/base/status.h"

namespace proofup::phone::sms {

struct GatewayOptions {
  std::string inbox_file;       // appended to, one line per message; "" = memory only
  size_t max_messages = 10000;  // kept for GET /messages (the oldest are dropped)
};

class SmsGateway {
 public:
  explicit SmsGateway(GatewayOptions options = {});
  ~SmsGateway();  // stops and joins the server
  SmsGateway(const SmsGateway&) = delete;
  SmsGateway& operator=(const SmsGateway&) = delete;

  // Listens on host:port (port 0 = a free one) and serves on a thread; the
  // socket accepts connections when this returns. Returns the port.
  // Errors: kNetworkError when the address cannot be bound; kIoError when the
  // inbox file cannot be opened for appending.
  StatusOr<int> Start(const std::string& host, int port);
  void Stop();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace proofup::phone::sms

#endif  // PROOFUP_PHONE_SMS_GATEWAY_GATEWAY_H_
