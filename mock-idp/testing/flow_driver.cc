#include "mock-idp/testing/flow_driver.h"

#include <gtest/gtest.h>

#include "harness/otp/otp.h"
#include "harness/qr/qr.h"

namespace proofup::mockidp::testing {

MockIdpOptions TestOptions() {
  MockIdpOptions o;
  o.users_file = std::string(PROOFUP_SOURCE_DIR) + "/fixtures/users.yaml";
  o.admin_token = kAdminToken;
  o.log_requests = false;
  o.threads = 32;
  return o;
}

std::unique_ptr<MockIdp> StartServer(MockIdpOptions options) {
  auto idp = MockIdp::Start(std::move(options));
  if (!idp.ok()) {
    ADD_FAILURE() << "mock-idp did not start: " << idp.status().ToString();
    return nullptr;
  }
  return std::move(*idp);
}

std::string AdminHeader(const std::string& token) { return "Authorization: Bearer " + token; }

HttpResponse Control(HttpClient& client, const std::string& method, const std::string& path,
                     const nlohmann::json& body) {
  std::vector<std::string> headers = {AdminHeader(), "Content-Type: application/json"};
  return client.Send(method, path, method == "GET" ? "" : body.dump(), headers);
}

VirtualPhone::VirtualPhone(const std::string& base_url, std::string push_token, std::string ca_file)
    : http_(base_url, std::move(ca_file)), push_token_(std::move(push_token)) {}

HttpResponse VirtualPhone::ActivateRaw(const std::string& url, const std::string& code) {
  return http_.PostJson(url,
                        {{"code", code}, {"device_name", "Pixel 8"}, {"push_token", push_token_}});
}

std::string VirtualPhone::Activate(const std::string& phonefactor_uri) {
  auto uri = otp::ParsePhoneFactorUri(phonefactor_uri);
  if (!uri.ok()) return "not a phonefactor URI: " + uri.status().ToString();
  HttpResponse r = ActivateRaw(uri->url, uri->code);
  if (r.status != 200) return "activation refused: " + std::to_string(r.status) + " " + r.body;
  nlohmann::json j = r.Json();
  if (!j.is_object() || !j.contains("secret")) return "activation answer without secret: " + r.body;
  secret_ = j["secret"].get<std::string>();
  return "";
}

std::vector<nlohmann::json> VirtualPhone::Pushes() {
  HttpResponse r = http_.Get("/phone/push?token=" + push_token_, false);
  std::vector<nlohmann::json> out;
  nlohmann::json j = r.Json();
  if (r.status != 200 || !j.is_object()) return out;
  for (const auto& n : j["notifications"]) out.push_back(n);
  return out;
}

HttpResponse VirtualPhone::Answer(const std::string& id, const std::string& number, bool approve) {
  return http_.PostJson("/phone/push/" + id + "/answer",
                        {{"token", push_token_}, {"number", number}, {"approve", approve}});
}

std::vector<std::string> VirtualPhone::Sms(const std::string& e164) {
  std::string encoded = e164;
  if (!encoded.empty() && encoded[0] == '+') encoded = "%2B" + encoded.substr(1);
  HttpResponse r = http_.Get("/sms/outbox?number=" + encoded, false);
  std::vector<std::string> out;
  nlohmann::json j = r.Json();
  if (r.status != 200 || !j.is_object()) return out;
  for (const auto& m : j["messages"]) out.push_back(m["text"].get<std::string>());
  return out;
}

std::string VirtualPhone::LatestSmsCode(const std::string& e164) {
  auto messages = Sms(e164);
  if (messages.empty()) return "";
  const std::string& text = messages.back();
  for (size_t i = 0; i + 6 <= text.size(); ++i) {
    const std::string candidate = text.substr(i, 6);
    if (candidate.find_first_not_of("0123456789") == std::string::npos) return candidate;
  }
  return "";
}

HttpResponse SignIn(HttpClient& browser, const std::string& username, const std::string& password) {
  HttpResponse login = browser.Get("/login");
  return browser.PostForm(
      "/login", {{"csrf", Csrf(login.body)}, {"username", username}, {"password", password}});
}

HttpResponse Submit(HttpClient& browser, const HttpResponse& page, const std::string& action,
                    Form fields) {
  fields.insert(fields.begin(), {"csrf", Csrf(page.body)});
  fields.push_back({"action", action});
  std::string target = Between(page.body, "<form method=\"post\" action=\"", "\"");
  if (target.empty()) target = page.Path();
  return browser.PostForm(target, fields);
}

std::string WaitForPushPage(HttpClient& browser, const std::string& path) {
  HttpResponse r = browser.Get(path);
  return MatchNumber(r.body);
}

std::string EnrollWithAuthenticator(HttpClient& browser, VirtualPhone& phone,
                                    const EnrollOptions& o) {
  HttpResponse page = SignIn(browser, o.username, o.password);
  if (page.Path() != "/mfa/more-info")
    return "after sign-in: at " + page.url + " " + ErrorText(page.body);
  page = Submit(browser, page, "next");
  if (page.Path() != "/mfa/app") return "after more-info: at " + page.url;
  page = Submit(browser, page, "next");
  if (page.Path() != "/mfa/app-setup") return "after app intro: at " + page.url;
  page = Submit(browser, page, "next");
  if (page.Path() != "/mfa/qr") return "after app setup: at " + page.url;
  auto codes = qr::DecodeDataUri(QrSrc(page.body));
  if (!codes.ok() || codes->size() != 1) return "QR not decodable on " + page.url;
  if (std::string err = phone.Activate((*codes)[0].text); !err.empty()) return err;
  page = Submit(browser, page, "next");
  if (page.Path() != "/mfa/try") return "after QR: at " + page.url + " " + ErrorText(page.body);
  const std::string number = MatchNumber(page.body);
  auto pushes = phone.Pushes();
  if (pushes.size() != 1) return "expected 1 push, got " + std::to_string(pushes.size());
  HttpResponse answer = phone.Answer(pushes[0]["id"].get<std::string>(), number, true);
  if (answer.Json().value("result", "") != "approved") return "push answer: " + answer.body;
  page = browser.Get("/mfa/try");
  if (StatusText(page.body).empty()) return "no approval shown on the try-out page";
  page = Submit(browser, page, "next");
  if (page.Path() != "/mfa/phone") return "after try-out: at " + page.url;
  page = Submit(browser, page, "next", {{"country", "NL"}, {"phone", o.mobile}, {"method", "sms"}});
  if (page.Path() != "/mfa/sms") return "after phone: at " + page.url + " " + ErrorText(page.body);
  const std::string code = phone.LatestSmsCode(o.e164);
  if (code.empty()) return "no SMS for " + o.e164;
  page = Submit(browser, page, "next", {{"code", code}});
  if (page.Path() != "/mfa/sms-verified") return "after SMS code: at " + page.url;
  page = Submit(browser, page, "next");
  if (page.Path() != "/mfa/success") return "after SMS verified: at " + page.url;
  page = Submit(browser, page, "done");
  if (page.Path() != "/" || page.body.find("id=\"welcome\"") == std::string::npos) {
    return "after done: at " + page.url;
  }
  return "";
}

}  // namespace proofup::mockidp::testing
