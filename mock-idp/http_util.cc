#include "mock-idp/http_util.h"

#include <cstdlib>

namespace proofup::mockidp {
namespace {

std::string Trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  const size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

}  // namespace

std::string CookieValue(const httplib::Request& req, const std::string& name) {
  const size_t count = req.get_header_value_count("Cookie");
  for (size_t i = 0; i < count; ++i) {
    const std::string header = req.get_header_value("Cookie", i);
    size_t pos = 0;
    while (pos <= header.size()) {
      size_t end = header.find(';', pos);
      if (end == std::string::npos) end = header.size();
      const std::string pair = Trim(header.substr(pos, end - pos));
      const size_t eq = pair.find('=');
      if (eq != std::string::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
      pos = end + 1;
    }
  }
  return "";
}

std::string SessionCookieHeader(const std::string& id, bool secure) {
  std::string v = std::string(kSessionCookie) + "=" + id + "; Path=/; HttpOnly; SameSite=Lax";
  if (id.empty()) v += "; Max-Age=0";
  if (secure) v += "; Secure";
  return v;
}

std::string LanguageFromAcceptHeader(const std::string& header) {
  std::string best;
  double best_q = 0;
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(',', pos);
    if (end == std::string::npos) end = header.size();
    const std::string item = Trim(header.substr(pos, end - pos));
    pos = end + 1;
    const size_t semi = item.find(';');
    std::string tag = Trim(item.substr(0, semi));
    double q = 1.0;
    if (semi != std::string::npos) {
      const size_t qpos = item.find("q=", semi);
      if (qpos != std::string::npos) q = std::atof(item.c_str() + qpos + 2);
    }
    tag = tag.substr(0, tag.find('-'));
    for (char& c : tag) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if ((tag == "nl" || tag == "en") && q > best_q) {
      best = tag;
      best_q = q;
    }
  }
  return best;
}

std::string Param(const httplib::Request& req, const std::string& name) {
  return req.has_param(name.c_str()) ? req.get_param_value(name.c_str()) : std::string();
}

void SetSecurityHeaders(httplib::Response& res) {
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
                 "form-action 'self'; frame-ancestors 'none'");
}

void SendJson(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

}  // namespace proofup::mockidp
