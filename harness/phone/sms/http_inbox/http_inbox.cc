// A polled HTTP JSON inbox, in the shape of SMS-testing services' APIs: a URL
// template with the number, a path to the list and to each message's text and time.
#include "harness/phone/sms/sources.h"

namespace proofup::phone::sms {
namespace {

class HttpInbox : public SmsSource {
 public:
  HttpInbox(const SmsSourceOptions& options, http::Transport& transport)
      : options_(options), transport_(transport) {}

  StatusOr<std::vector<SmsMessage>> Fetch(const std::string& number) override {
    http::Request request;
    request.url = ExpandNumber(options_.url, number, /*percent=*/true);
    request.headers = options_.headers;
    request.headers.push_back({"Accept", "application/json"});
    StatusOr<http::Response> response = transport_.Send(request);
    if (!response.ok()) return response.status();
    // The URL holds the number: name the template instead.
    const std::string what = "GET " + options_.url;
    if (response->status != 200)
      return Status::FailedPrecondition(what + " answered HTTP " +
                                        std::to_string(response->status));
    nlohmann::json document = nlohmann::json::parse(response->body, nullptr, false);
    if (document.is_discarded())
      return Status::ParseError(what + " did not answer JSON (" +
                                response->HeaderValue("Content-Type") + ", " +
                                std::to_string(response->body.size()) + " bytes)");
    return MessagesFromJson(document, options_, number, what);
  }

  std::string Where() const override { return "GET " + options_.url; }

 private:
  SmsSourceOptions options_;
  http::Transport& transport_;
};

}  // namespace

std::unique_ptr<SmsSource> NewHttpInbox(const SmsSourceOptions& options,
                                        http::Transport& transport) {
  return std::make_unique<HttpInbox>(options, transport);
}

}  // namespace proofup::phone::sms
