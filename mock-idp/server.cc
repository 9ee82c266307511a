// MockIdp: wires fixture, catalogs, templates, store and the three route sets
// into a cpp-httplib server and runs it on a background thread.
#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <sstream>
#include <thread>

#include "mock-idp/api.h"
#include "mock-idp/byte_server.h"
#include "mock-idp/catalog.h"
#include "mock-idp/http_util.h"
#include "mock-idp/mock_idp.h"
#include "mock-idp/pages.h"
#include "mock-idp/random.h"
#include "mock-idp/state.h"
#include "mock-idp/web.h"

#ifndef MOCK_IDP_DATA_DIR
#error "MOCK_IDP_DATA_DIR must name the mock-idp source directory"
#endif

namespace proofup::mockidp {

struct MockIdp::Impl {
  MockIdpOptions options;
  SystemClock system_clock;
  std::unique_ptr<OffsetClock> clock;
  Catalogs catalogs;
  std::unique_ptr<Pages> pages;
  std::unique_ptr<Store> store;
  std::unique_ptr<httplib::Server> server;
  ByteServer* byte_server = nullptr;  // the same server when plain HTTP; nullptr with TLS
  std::unique_ptr<Portal> portal;
  std::unique_ptr<PhoneApi> phone_api;
  std::unique_ptr<ControlApi> control_api;
  std::string url;
  std::string admin_token;
  bool token_generated = false;
  int port = 0;
  int listen_fd = -1;  // the listening socket, seen through the socket-options hook
  std::thread thread;
  std::atomic<bool> loop_ended{false};  // listen_after_bind returned

  Status Init();
  Status LoadData(UsersFixture& fixture, std::vector<Step>& order, PortalBreaks& breaks);
  Status CreateServer();
  Status Bind();
  void Configure();
  httplib::Server::Handler Wrap(httplib::Server::Handler handler);
  bool RefuseUnboundedBody(const httplib::Request& req, httplib::Response& res) const;
  void RenderStatus(const httplib::Request& req, httplib::Response& res, int status) const;
  void Log(const std::string& line) const {
    if (!options.log_requests) return;
    if (options.log) return options.log(line);
    std::fprintf(stderr, "%s\n", line.c_str());
  }
};

Status MockIdp::Impl::LoadData(UsersFixture& fixture, std::vector<Step>& order,
                               PortalBreaks& breaks) {
  if (options.language != "nl" && options.language != "en") {
    return Status::InvalidArgument("language must be nl or en");
  }
  auto users = options.users_yaml.empty() ? LoadUsersFixture(options.users_file)
                                          : ParseUsersFixture(options.users_yaml);
  if (!users.ok()) return users.status();
  fixture = std::move(*users);
  const std::string data_dir = MOCK_IDP_DATA_DIR;
  if (options.catalog_dir.empty()) options.catalog_dir = data_dir + "/catalogs";
  if (options.template_dir.empty()) options.template_dir = data_dir + "/templates";
  auto loaded = Catalogs::Load(options.catalog_dir, options.variant);
  if (!loaded.ok()) {
    if (!options.variant.empty() && loaded.status().kind() == Status::Kind::kIoError) {
      return Status::InvalidArgument("unknown variant '" + options.variant +
                                     "': " + loaded.status().message());
    }
    return loaded.status();
  }
  catalogs = std::move(*loaded);
  order = BaseWizardOrder();
  if (!catalogs.flow_override().empty()) {
    auto parsed = ParseWizardOrder(catalogs.flow_override());
    if (!parsed.ok()) return parsed.status();
    order = *parsed;
  }
  auto parsed_breaks = ParseBreaks(catalogs.breaks());
  if (!parsed_breaks.ok()) return parsed_breaks.status();
  breaks = *parsed_breaks;
  return Status::Ok();
}

Status MockIdp::Impl::CreateServer() {
  const bool tls = !options.tls_cert_file.empty() || !options.tls_key_file.empty();
  if (tls) {
    if (options.tls_cert_file.empty() || options.tls_key_file.empty()) {
      return Status::InvalidArgument("HTTPS needs both --tls-cert and --tls-key");
    }
    auto ssl = std::make_unique<httplib::SSLServer>(options.tls_cert_file.c_str(),
                                                    options.tls_key_file.c_str());
    if (!ssl->is_valid()) {
      return Status::NetworkError("cannot use TLS certificate " + options.tls_cert_file +
                                  " / key " + options.tls_key_file);
    }
    server = std::move(ssl);
  } else {
    auto plain = std::make_unique<ByteServer>();
    byte_server = plain.get();
    server = std::move(plain);
  }
  return Status::Ok();
}

Status MockIdp::Impl::Bind() {
  const bool tls = !options.tls_cert_file.empty();
  if (options.port == 0) {
    port = server->bind_to_any_port(options.host);
    if (port <= 0) return Status::NetworkError("cannot bind " + options.host);
  } else {
    if (!server->bind_to_port(options.host, options.port)) {
      return Status::NetworkError("cannot bind " + options.host + ":" +
                                  std::to_string(options.port));
    }
    port = options.port;
  }
  // cpp-httplib 0.11 listens with a backlog of 5, so a burst of connections
  // (200 users starting at once) overflows it and clients stall for seconds
  // in SYN retries. Listening again on the bound socket raises the backlog.
  if (listen_fd >= 0) ::listen(listen_fd, 1024);
  const std::string host = options.host == "0.0.0.0" ? "127.0.0.1" : options.host;
  url = std::string(tls ? "https://" : "http://") + host + ":" + std::to_string(port);
  return Status::Ok();
}

httplib::Server::Handler MockIdp::Impl::Wrap(httplib::Server::Handler handler) {
  return [this, handler](const httplib::Request& req, httplib::Response& res) {
    auto [latency, http500] = store->Locked([&](PortalState& st) {
      auto l = TakeRouteFault(st, "latency", req.path);
      auto e = TakeRouteFault(st, "http500", req.path);
      if (l || e) AddEvent(st, clock->NowUnix(), "", "fault_applied", req.path);
      return std::make_pair(l, e);
    });
    if (latency) std::this_thread::sleep_for(std::chrono::milliseconds(latency->ms));
    if (http500) return portal->RenderError(req, res, 500);
    handler(req, res);
  };
}

// JSON routes answer JSON errors, browser routes the error page.
void MockIdp::Impl::RenderStatus(const httplib::Request& req, httplib::Response& res,
                                 int status) const {
  const bool api = req.path.rfind("/__control", 0) == 0 || req.path.rfind("/phone/", 0) == 0 ||
                   req.path.rfind("/activate/", 0) == 0 || req.path.rfind("/sms/", 0) == 0;
  if (api) {
    const char* error = status == 404 ? "not_found" : status == 413 ? "too_large" : "bad_request";
    SendJson(res, status, {{"error", error}});
  } else {
    portal->RenderError(req, res, status);
  }
}

// Runs before httplib reads a body. httplib 0.11 applies its payload limit
// only to a declared Content-Length, and even then reads (and discards) the
// whole body first; a chunked body it reads without any limit. So: a body
// over the limit is refused from its headers alone, a chunked one (whose size
// nobody knows up front; browsers never send them) with 411.
bool MockIdp::Impl::RefuseUnboundedBody(const httplib::Request& req, httplib::Response& res) const {
  int status = 0;
  if (req.has_header("Transfer-Encoding")) {
    status = 411;
  } else if (req.has_header("Content-Length")) {
    const std::string value = req.get_header_value("Content-Length");
    char* end = nullptr;
    errno = 0;
    const unsigned long long length = std::strtoull(value.c_str(), &end, 10);
    const bool valid = !value.empty() && end && *end == '\0' && errno == 0 &&
                       value.find_first_not_of("0123456789") == std::string::npos;
    if (!valid)
      status = 400;
    else if (length > options.max_body_bytes)
      status = 413;
  }
  if (status == 0) return false;
  RenderStatus(req, res, status);
  // httplib 0.11 keeps the connection open regardless; the client is told to
  // close, and the next read (its body bytes) ends at the read timeout.
  res.set_header("Connection", "close");
  return true;
}

void MockIdp::Impl::Configure() {
  httplib::Server& s = *server;
  s.set_tcp_nodelay(true);
  s.set_payload_max_length(options.max_body_bytes);
  s.set_keep_alive_max_count(static_cast<size_t>(std::max(1, options.keep_alive_max_requests)));
  s.set_read_timeout(std::chrono::milliseconds(std::max(1, options.read_timeout_ms)));
  s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    return RefuseUnboundedBody(req, res) ? httplib::Server::HandlerResponse::Handled
                                         : httplib::Server::HandlerResponse::Unhandled;
  });
  // Idle keep-alive connections each hold a worker, and stop() waits for them
  // to time out: keep the timeout short (a 1-second meta refresh still reuses).
  s.set_keep_alive_timeout(2);
  // httplib's default also sets SO_REUSEPORT, which would let a second server
  // silently share a port that is already taken.
  s.set_socket_options([this](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listen_fd = sock;
  });
  const size_t threads = static_cast<size_t>(std::max(2, options.threads));
  s.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  s.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    Log("mock-idp: " + req.method + " " + req.path + " " + std::to_string(res.status));
  });
  s.set_exception_handler(
      [this](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        Log("mock-idp: error handling " + req.method + " " + req.path + ": " + what);
        portal->RenderError(req, res, 500);
      });
  s.set_error_handler(httplib::Server::HandlerWithResponse(
      [this](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        RenderStatus(req, res, res.status);
        return httplib::Server::HandlerResponse::Handled;
      }));
}

Status MockIdp::Impl::Init() {
  UsersFixture fixture;
  std::vector<Step> order;
  PortalBreaks breaks;
  if (Status st = LoadData(fixture, order, breaks); !st.ok()) return st;
  auto loaded_pages = Pages::Load(options.template_dir, catalogs, fixture.tenant);
  if (!loaded_pages.ok()) return loaded_pages.status();
  pages = std::move(*loaded_pages);
  clock = std::make_unique<OffsetClock>(options.base_clock ? *options.base_clock : system_clock);
  store = std::make_unique<Store>(StateFromFixture(fixture));
  admin_token = options.admin_token;
  if (admin_token.empty()) {
    admin_token = RandomHex(16);
    token_generated = true;
  }
  if (Status st = CreateServer(); !st.ok()) return st;
  Configure();  // before Bind: TCP_NODELAY is set on the listening socket
  if (Status st = Bind(); !st.ok()) return st;
  PortalConfig config;
  config.base_url = url;
  config.default_language = options.language;
  config.wizard_order = order;
  config.qr_ttl_seconds = options.qr_ttl_seconds;
  config.push_timeout_seconds = options.push_timeout_seconds;
  config.sms_ttl_seconds = options.sms_ttl_seconds;
  config.session_ttl_seconds = options.session_ttl_seconds;
  config.secure_cookies = url.rfind("https://", 0) == 0;
  config.breaks = breaks;
  config.spa = options.variant == "spa";
  if (config.spa) {
    const std::string script = std::string(MOCK_IDP_DATA_DIR) + "/web/spa/app.js";
    std::ifstream in(script);
    if (!in) return Status::IoError("cannot read the spa client " + script);
    std::stringstream text;
    text << in.rdbuf();
    config.spa_script = text.str();
  }
  portal = std::make_unique<Portal>(*store, *pages, *clock, config);
  phone_api = std::make_unique<PhoneApi>(*store, *clock, breaks);
  control_api = std::make_unique<ControlApi>(*store, *clock, admin_token);
  auto wrap = [this](httplib::Server::Handler h) { return Wrap(std::move(h)); };
  server->Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    SendJson(res, 200, {{"ok", true}});
  });
  portal->Register(*server, wrap);
  phone_api->Register(*server, wrap);
  control_api->Register(*server);
  // Ready as soon as the socket listens: the kernel queues connections until
  // the accept loop runs, so callers need not wait for the thread (Stop does).
  thread = std::thread([this] {
    server->listen_after_bind();
    loop_ended = true;
  });
  return Status::Ok();
}

MockIdp::MockIdp(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

MockIdp::~MockIdp() { Stop(); }

StatusOr<std::unique_ptr<MockIdp>> MockIdp::Start(MockIdpOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  std::unique_ptr<MockIdp> idp(new MockIdp(std::move(impl)));
  if (Status st = idp->impl_->Init(); !st.ok()) return st;  // ~MockIdp cleans up
  return idp;
}

const std::string& MockIdp::url() const { return impl_->url; }
int MockIdp::port() const { return impl_->port; }
const std::string& MockIdp::admin_token() const { return impl_->admin_token; }
bool MockIdp::admin_token_generated() const { return impl_->token_generated; }

StatusOr<std::string> MockIdp::ServeConnectionBytes(std::string_view request_bytes) {
  if (impl_->byte_server == nullptr) {
    return Status::FailedPrecondition("ServeConnectionBytes needs a plain-HTTP mock-idp");
  }
  const auto max_requests =
      static_cast<size_t>(std::max(1, impl_->options.keep_alive_max_requests));
  return impl_->byte_server->ServeBytes(request_bytes, max_requests);
}

void MockIdp::Stop() {
  if (!impl_ || !impl_->server) return;
  if (impl_->thread.joinable()) {
    // httplib's stop() does nothing until the accept loop runs, and the loop
    // would then never end: wait for it to start (or to have ended on its own).
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!impl_->server->is_running() && !impl_->loop_ended &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::yield();
    }
    impl_->server->stop();
    impl_->thread.join();
  }
}

}  // namespace proofup::mockidp
