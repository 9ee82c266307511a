// The `spa` variant's presentation: the same flow handlers as the HTML
// portal, but every page route answers a script-only shell to a browser
// navigation and the screen model as JSON to the client's fetch() calls
// (mock-idp/web/spa/app.js renders it). Only the presentation differs, so
// the two variants cannot drift apart in their rules.
#include <nlohmann/json.hpp>

#include "mock-idp/http_util.h"
#include "mock-idp/qr_png.h"
#include "mock-idp/web.h"

namespace proofup::mockidp {
namespace {

using httplib::Request;
using httplib::Response;
using nlohmann::json;

// Every key a handler puts into PageView::vars (kainjow data cannot list its
// keys). A key missing here would silently vanish from the JSON model; the
// spa tests walk every screen, so a forgotten key shows up there.
constexpr const char* kVarKeys[] = {
    "action",      "other_app_href", "manual_href", "manual",  "manual_lines",   "text",
    "number",      "waiting",        "approved",    "failed",  "use_sms_href",   "use_code_href",
    "resend_href", "sent",           "welcome",     "methods", "default_method", "add_href",
    "countries",   "phone",          "username",    "label",   "value",          "detail",
    "iso",         "selected"};

// "/x?to=sms&csrf=T" -> "/x?to=sms": the client sends the token as a header.
std::string WithoutCsrf(std::string href) {
  for (const char* key : {"?csrf=", "&csrf="}) {
    const size_t at = href.find(key);
    if (at == std::string::npos) continue;
    const size_t end = href.find('&', at + 1);
    if (end == std::string::npos) return href.substr(0, at);
    href.erase(at + 1, end - at);  // keeps the '?' or '&' before the next pair
    return href;
  }
  return href;
}

json ToJson(const Data& d, const std::string& key) {
  if (d.is_string()) {
    const bool href = key.size() > 5 && key.compare(key.size() - 5, 5, "_href") == 0;
    return href ? WithoutCsrf(d.string_value()) : d.string_value();
  }
  if (d.is_bool()) return d.is_true();
  if (d.is_list()) {
    json out = json::array();
    for (const Data& item : d.list_value()) out.push_back(ToJson(item, ""));
    return out;
  }
  json out = json::object();
  if (!d.is_object()) return out;
  for (const char* k : kVarKeys) {
    if (const Data* v = d.get(k)) out[k] = ToJson(*v, k);
  }
  return out;
}

constexpr const char* kShell = R"(<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title></title>
<style>
body{font-family:"Segoe UI",Arial,sans-serif;background:#f2f2f2;margin:0;color:#1b1b1b}
main{max-width:460px;margin:40px auto;background:#fff;padding:32px 40px;box-shadow:0 2px 6px rgba(0,0,0,.2);min-height:120px}
.tenant{font-weight:600;color:#555;margin:0 0 16px}
[role=heading][aria-level="1"]{font-size:24px;font-weight:600;margin:16px 0}
[role=heading][aria-level="2"]{font-size:18px;font-weight:600;margin:12px 0}
.app-name{font-weight:600}
.error{color:#a80000;margin:12px 0}.result{color:#107c10;font-weight:600}
.number-match{font-size:44px;font-weight:600;text-align:center;margin:20px}
label{display:block;margin-top:12px}input[type=text],input[type=password],input[type=tel],select{width:100%;padding:6px;box-sizing:border-box}
.choice label{display:inline;margin-left:6px}
[role=button]{display:inline-block;background:#0067b8;color:#fff;padding:8px 28px;margin-top:18px;font-size:15px;cursor:pointer;user-select:none}
canvas.qr{display:block;margin:12px auto}.lang{text-align:right;font-size:12px;margin-top:24px}
</style>
<script src="/spa/app.js" defer></script>
</head>
<body>
<main id="app" aria-busy="true"></main>
</body>
</html>
)";

void SendShell(Response& res, int status) {
  SetSecurityHeaders(res);
  res.headers.erase("Content-Security-Policy");  // the shell needs its script and fetch()
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; script-src 'self'; connect-src 'self'; img-src data:; "
                 "style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
  res.status = status;
  res.set_content(kShell, "text/html; charset=utf-8");
}

// Routes that keep their own (JSON or asset) answers in the spa variant.
bool IsFixedRoute(const std::string& path) {
  for (const char* prefix : {"/phone/", "/activate/", "/sms/", "/__control", "/healthz", "/spa/"}) {
    if (path.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

}  // namespace

bool Portal::IsSpaApiRequest(const Request& req) const {
  return req.method != "GET" ||
         req.get_header_value("Accept").find("application/json") != std::string::npos;
}

std::string Portal::CsrfToken(const Request& req) const {
  return config_.spa ? req.get_header_value("X-CSRF-Token") : Param(req, "csrf");
}

void Portal::RegisterSpa(httplib::Server& server) {
  // A browser navigation to any page route gets the shell; its script then
  // fetches the same path as JSON, which the normal routes answer.
  server.set_pre_routing_handler([this](const Request& req, Response& res) {
    if (req.method != "GET" || IsSpaApiRequest(req) || IsFixedRoute(req.path))
      return httplib::Server::HandlerResponse::Unhandled;
    SendShell(res, 200);
    return httplib::Server::HandlerResponse::Handled;
  });
  server.Get("/spa/app.js", [this](const Request&, Response& res) {
    SetSecurityHeaders(res);
    res.set_content(config_.spa_script, "text/javascript; charset=utf-8");
  });
}

json Portal::ScreenModel(const PageView& view, const std::string& qr_png) const {
  json m;
  m["screen"] = view.screen;
  m["view"] = view.template_name.empty() ? view.screen : view.template_name;
  m["lang"] = view.lang;
  m["tenant"] = pages_.tenant();
  m["csrf"] = view.csrf;
  json texts = json::object();
  for (const auto& [key, text] : pages_.catalogs().Screen(view.lang, view.screen))
    texts[key] = text;
  m["texts"] = texts;
  m["vars"] = ToJson(view.vars, "");
  if (!view.error.empty()) m["error"] = view.error;
  if (!view.status_text.empty()) m["status_text"] = view.status_text;
  if (view.refresh_seconds > 0) m["poll_ms"] = view.refresh_seconds * 1000;
  if (!qr_png.empty()) m["qr_png"] = qr_png;
  return m;
}

void Portal::EmitSpa(Response& res, Outcome out) const {
  SetSecurityHeaders(res);
  if (!out.set_cookie.empty()) res.set_header("Set-Cookie", out.set_cookie);
  // A redirect is an instruction to the client, not an HTTP redirect:
  // fetch() would follow it silently and the script would not know the path.
  if (!out.redirect.empty()) return SendJson(res, 200, {{"redirect", out.redirect}});
  if (!out.page) {
    res.status = out.status;
    return;
  }
  std::string qr;
  if (!out.qr_text.empty()) {
    auto uri = QrDataUri(out.qr_text, {.module_pixels = 6, .quiet_zone = 4});
    if (!uri.ok()) throw std::runtime_error(uri.status().ToString());
    qr = *uri;
  }
  SendJson(res, out.status, ScreenModel(*out.page, qr));
}

void Portal::SendSpaError(const Request& req, Response& res, const PageView& view,
                          int status) const {
  if (!IsSpaApiRequest(req)) return SendShell(res, status);
  SetSecurityHeaders(res);
  SendJson(res, status, ScreenModel(view, ""));
}

}  // namespace proofup::mockidp
