#include "harness/phone/sms/gateway/gateway.h"

#include <fcntl.h>
#include <httplib.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

namespace proofup::phone::sms {
namespace {

using nlohmann::json;

struct Message {
  std::string to, from, text, sid;
  int64_t sent_at = 0;
};

std::string RandomHex(size_t n) {
  static const char kHex[] = "0123456789abcdef";
  std::random_device device;
  std::string out;
  for (size_t i = 0; i < n; ++i) out += kHex[device() % 16];
  return out;
}

// "Wed, 02 Dec 2026 01:00:00 +0000", the date format of Twilio's answers.
std::string Rfc2822(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

// One line per message: tabs and line breaks inside a field become spaces.
std::string Flat(std::string text) {
  for (char& c : text)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return text;
}

// Twilio's error shape: {"code":..., "message":..., "more_info":..., "status":...}.
void TwilioError(httplib::Response& res, int status, int code, const std::string& message) {
  res.status = status;
  res.set_content(json{{"code", code},
                       {"message", message},
                       {"more_info", "https://www.twilio.com/docs/errors/" + std::to_string(code)},
                       {"status", status}}
                      .dump(),
                  "application/json");
}

std::string Digits(const std::string& number) {
  std::string d;
  for (char c : number)
    if (c >= '0' && c <= '9') d += c;
  return d;
}

}  // namespace

struct SmsGateway::State {
  GatewayOptions options;
  httplib::Server server;
  std::thread thread;
  std::mutex mutex;
  std::deque<Message> messages;
  int fd = -1;

  void Send(const httplib::Request& req, httplib::Response& res) {
    const std::string sid = req.matches[1];
    const std::string to = req.get_param_value("To");
    const std::string from = req.has_param("From") ? req.get_param_value("From")
                                                   : req.get_param_value("MessagingServiceSid");
    const std::string body = req.get_param_value("Body");
    if (to.empty()) return TwilioError(res, 400, 21604, "A 'To' phone number is required.");
    if (body.empty()) return TwilioError(res, 400, 21602, "Message body is required.");
    Message m{to, from, body, "SM" + RandomHex(32),
              std::chrono::duration_cast<std::chrono::seconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count()};
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (fd >= 0) {
        std::string line = std::to_string(m.sent_at) + "\t" + Flat(m.to) + "\t" + Flat(m.from) +
                           "\t" + Flat(m.text) + "\n";
        // One write of a whole line to an O_APPEND file: readers never see half a line
        // from two gateways writing at once.
        if (write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
          return TwilioError(res, 500, 30001, "the inbox file could not be written");
      }
      messages.push_back(m);
      while (messages.size() > options.max_messages) messages.pop_front();
    }
    const std::string uri = "/2010-04-01/Accounts/" + sid + "/Messages/" + m.sid;
    const std::string date = Rfc2822(m.sent_at);
    res.status = 201;
    res.set_content(json{{"account_sid", sid},
                         {"api_version", "2010-04-01"},
                         {"body", m.text},
                         {"date_created", date},
                         {"date_sent", nullptr},
                         {"date_updated", date},
                         {"direction", "outbound-api"},
                         {"error_code", nullptr},
                         {"error_message", nullptr},
                         {"from", m.from},
                         {"messaging_service_sid", nullptr},
                         {"num_media", "0"},
                         {"num_segments", "1"},
                         {"price", nullptr},
                         {"price_unit", "USD"},
                         {"sid", m.sid},
                         {"status", "queued"},
                         {"subresource_uris", {{"media", uri + "/Media.json"}}},
                         {"to", m.to},
                         {"uri", uri + ".json"}}
                        .dump(),
                    "application/json");
  }

  void List(const httplib::Request& req, httplib::Response& res) {
    const std::string to = Digits(req.get_param_value("to"));
    json list = json::array();
    std::lock_guard<std::mutex> lock(mutex);
    for (const Message& m : messages)
      if (to.empty() || Digits(m.to) == to)
        list.push_back({{"to", m.to}, {"from", m.from}, {"text", m.text}, {"sent_at", m.sent_at}});
    res.set_content(json{{"messages", list}}.dump(), "application/json");
  }
};

SmsGateway::SmsGateway(GatewayOptions options) : state_(std::make_unique<State>()) {
  state_->options = std::move(options);
}

SmsGateway::~SmsGateway() { Stop(); }

StatusOr<int> SmsGateway::Start(const std::string& host, int port) {
  State& s = *state_;
  if (!s.options.inbox_file.empty()) {
    s.fd = open(s.options.inbox_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (s.fd < 0) return Status::IoError("cannot open the inbox file " + s.options.inbox_file);
  }
  s.server.set_tcp_nodelay(true);
  // Stop() waits for idle keep-alive connections: keep that wait short.
  s.server.set_keep_alive_timeout(1);
  s.server.Post(R"(/2010-04-01/Accounts/([^/]+)/Messages\.json)",
                [&s](const httplib::Request& q, httplib::Response& r) { s.Send(q, r); });
  s.server.Get("/messages",
               [&s](const httplib::Request& q, httplib::Response& r) { s.List(q, r); });
  s.server.Get("/healthz", [](const httplib::Request&, httplib::Response& r) {
    r.set_content(R"({"service":"proofup sms-gateway"})", "application/json");
  });
  int bound =
      port == 0 ? s.server.bind_to_any_port(host) : (s.server.bind_to_port(host, port) ? port : -1);
  if (bound <= 0)
    return Status::NetworkError("cannot listen on " + host + ":" + std::to_string(port));
  s.thread = std::thread([&s] { s.server.listen_after_bind(); });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!s.server.is_running() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::yield();
  return bound;
}

void SmsGateway::Stop() {
  State& s = *state_;
  if (s.thread.joinable()) {
    s.server.stop();
    s.thread.join();
  }
  if (s.fd >= 0) {
    close(s.fd);
    s.fd = -1;
  }
}

}  // namespace proofup::phone::sms
