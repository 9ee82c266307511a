// The JSON sides of the portal: what the Authenticator app and the SMS
// provider talk to (PhoneApi), and the test-control API (ControlApi).
// Routes and payloads are fixed by mock-idp/PROTOCOL.md.
#ifndef PROOFUP_MOCK_IDP_API_H_
#define PROOFUP_MOCK_IDP_API_H_

#include <httplib.h>

#include <string>

#include "mock-idp/clock.h"
#include "mock-idp/state.h"
#include "mock-idp/web.h"

namespace proofup::mockidp {

class PhoneApi {
 public:
  // Keeps references; `store` and `clock` must outlive it. `breaks`: a
  // broken-portal variant's faults (ignore_number_match applies here).
  PhoneApi(Store& store, const Clock& clock, PortalBreaks breaks = {})
      : store_(store), clock_(clock), breaks_(breaks) {}
  // POST /activate/<id>, GET /phone/push, POST /phone/push/<id>/answer,
  // GET /sms/outbox; handlers pass through `wrap` (faults).
  void Register(httplib::Server& server, const HandlerWrapper& wrap);

 private:
  void Activate(const httplib::Request& req, httplib::Response& res);
  void ListPushes(const httplib::Request& req, httplib::Response& res);
  void AnswerPush(const httplib::Request& req, httplib::Response& res);
  void Outbox(const httplib::Request& req, httplib::Response& res);

  Store& store_;
  const Clock& clock_;
  const PortalBreaks breaks_;
};

class ControlApi {
 public:
  // `admin_token` guards every /__control route (Authorization: Bearer).
  ControlApi(Store& store, OffsetClock& clock, std::string admin_token)
      : store_(store), clock_(clock), admin_token_(std::move(admin_token)) {}
  // /__control/{reset,clock,events,issued-secrets,faults,user}; never subject to faults.
  void Register(httplib::Server& server);

 private:
  bool Authorized(const httplib::Request& req, httplib::Response& res) const;
  void Reset(const httplib::Request& req, httplib::Response& res);
  void Clock(const httplib::Request& req, httplib::Response& res);
  void Events(const httplib::Request& req, httplib::Response& res);
  void IssuedSecrets(const httplib::Request& req, httplib::Response& res);
  void AddFault(const httplib::Request& req, httplib::Response& res);
  void ListFaults(const httplib::Request& req, httplib::Response& res);
  void ClearFaults(const httplib::Request& req, httplib::Response& res);
  void User(const httplib::Request& req, httplib::Response& res);

  Store& store_;
  OffsetClock& clock_;
  const std::string admin_token_;
};

}  // namespace proofup::mockidp

#endif  // PROOFUP_MOCK_IDP_API_H_
