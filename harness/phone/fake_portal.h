// Test-only: a scripted portal behind fake Transports. Routes answer by method
// and exact URL; every request is recorded for the test to check.
#ifndef PROOFUP_PHONE_FAKE_PORTAL_H_
#define PROOFUP_PHONE_FAKE_PORTAL_H_

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "harness/http/http.h"

namespace proofup::phone::testing {

inline http::Response JsonResponse(int status, const nlohmann::json& body) {
  http::Response response;
  response.status = status;
  response.body = body.dump();
  return response;
}

class FakePortal {
 public:
  using Handler = std::function<StatusOr<http::Response>(const http::Request&)>;

  void On(const std::string& method, const std::string& url, Handler handler) {
    routes_[method + " " + url] = std::move(handler);
  }
  // A fixed JSON answer.
  void Reply(const std::string& method, const std::string& url, int status,
             const nlohmann::json& body) {
    On(method, url, [status, body](const http::Request&) -> StatusOr<http::Response> {
      return JsonResponse(status, body);
    });
  }

  StatusOr<http::Response> Handle(const http::Request& request) {
    requests.push_back(request);
    auto route = routes_.find(request.method + " " + request.url);
    if (route == routes_.end()) {
      return Status::NetworkError("fake portal: nothing at " + request.method + " " + request.url);
    }
    StatusOr<http::Response> response = route->second(request);
    if (response.ok()) response->url = request.url;
    return response;
  }

  std::unique_ptr<http::Transport> NewTransport() { return std::make_unique<Transport>(*this); }

  // The JSON body of request `i`.
  nlohmann::json Body(size_t i) const { return nlohmann::json::parse(requests.at(i).body); }

  std::vector<http::Request> requests;

 private:
  class Transport : public http::Transport {
   public:
    explicit Transport(FakePortal& portal) : portal_(portal) {}
    StatusOr<http::Response> Send(const http::Request& request) override {
      return portal_.Handle(request);
    }

   private:
    FakePortal& portal_;
  };

  std::map<std::string, Handler> routes_;
};

inline std::string HeaderOf(const http::Request& request, const std::string& name) {
  for (const http::Header& h : request.headers) {
    if (h.name == name) return h.value;
  }
  return "";
}

}  // namespace proofup::phone::testing

#endif  // PROOFUP_PHONE_FAKE_PORTAL_H_
