#include "harness/runner/portal.h"

#include <openssl/rand.h>
#include <sys/random.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

namespace proofup::runner {
namespace {

namespace fs = std::filesystem;

// getrandom first: RAND_bytes would initialise OpenSSL (reading openssl.cnf)
// before mock-idp is spawned, on the path every run waits for.
std::string RandomToken() {
  unsigned char bytes[16];
  if (getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes))
    RAND_bytes(bytes, sizeof bytes);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

bool IsExecutable(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec) && access(p.c_str(), X_OK) == 0;
}

}  // namespace

StatusOr<BundledPortal> StartBundledPortal(const BundledPortalOptions& options) {
  if (options.executable.empty())
    return Status::NotFound(
        "the bundled mock-idp was not found (build it, or set PROOFUP_MOCK_IDP)");
  BundledPortal portal;
  portal.admin_token = RandomToken();
  // The token goes through the environment: argv is world-readable in ps and
  // /proc/<pid>/cmdline, the environment only to the same user.
  std::vector<std::string> argv = {options.executable, "--port", "0"};
  if (!options.users_file.empty()) {
    argv.push_back("--users");
    argv.push_back(options.users_file);
  }
  argv.insert(argv.end(), options.extra_args.begin(), options.extra_args.end());
  SpawnOptions spawn;
  spawn.discard_stderr = true;  // its request log would drown the run's own output
  spawn.extra_env = {"MOCK_IDP_ADMIN_TOKEN=" + portal.admin_token};
  spawn.die_with_parent = true;  // a SIGKILLed proofup must not leave a portal serving
  auto child = ChildProcess::Spawn(argv, spawn);
  if (!child.ok()) return child.status();
  auto line = (*child)->ReadStdoutLine(options.startup_timeout);
  if (!line.ok()) {
    return Status(line.status().kind() == Status::Kind::kTimeout
                      ? Status::Timeout("mock-idp printed no URL within " +
                                        std::to_string(options.startup_timeout.count()) + " ms")
                      : Status::FailedPrecondition("mock-idp stopped before it was ready: " +
                                                   line.status().message()));
  }
  size_t start = line->find("http");
  if (start == std::string::npos)
    return Status::FailedPrecondition("mock-idp's first line is not its URL: " + *line);
  portal.url = line->substr(start);
  while (!portal.url.empty() && (portal.url.back() == '/' || isspace(portal.url.back())))
    portal.url.pop_back();
  portal.process = std::move(*child);
  return portal;
}

std::string FindMockIdp(const std::string& self_exe) {
  if (const char* env = std::getenv("PROOFUP_MOCK_IDP"); env && *env) return env;
  fs::path dir = fs::path(self_exe).parent_path();
  for (const fs::path& candidate : {dir / "mock-idp" / "mock-idp", dir / "mock-idp",
                                    dir.parent_path() / "mock-idp" / "mock-idp"}) {
    if (IsExecutable(candidate)) return candidate.string();
  }
  return "";
}

http::TransportOptions ReachabilityOptions(const http::TransportOptions& transport,
                                           std::chrono::milliseconds timeout) {
  http::TransportOptions o = transport;
  o.connect_timeout_ms = std::min<long>(o.connect_timeout_ms, timeout.count());
  o.total_timeout_ms = timeout.count();
  return o;
}

Status CheckReachable(const std::string& url, const http::TransportOptions& transport,
                      std::chrono::milliseconds timeout) {
  auto t = http::NewCurlTransport(ReachabilityOptions(transport, timeout));
  return CheckReachable(url, *t);
}

Status CheckReachable(const std::string& url, http::Transport& transport) {
  http::Request req;
  req.url = url;
  auto resp = transport.Send(req);
  if (resp.ok()) return Status::Ok();
  return Status(
      resp.status().kind() == Status::Kind::kTimeout
          ? Status::Timeout("the target " + url + " did not answer: " + resp.status().message())
          : Status::NetworkError("the target " + url +
                                 " could not be reached: " + resp.status().message()));
}

StatusOr<MockIdpHello> ProbeMockIdp(const std::string& target, const std::string& token,
                                    http::Transport& transport) {
  std::string base = target;
  while (!base.empty() && base.back() == '/') base.pop_back();
  http::Request req;
  req.url = base + "/__control/hello";
  if (!token.empty()) req.headers = {{"Authorization", "Bearer " + token}};
  auto resp = transport.Send(req);
  if (!resp.ok()) return resp.status();
  MockIdpHello hello;
  nlohmann::json body = nlohmann::json::parse(resp->body, nullptr, false);
  if (resp->status == 200 && body.is_object() && body.value("service", "") == "mock-idp") {
    hello.is_mock_idp = true;
    hello.authorized = body.value("authorized", false);
    return hello;
  }
  std::string type = resp->HeaderValue("Content-Type");
  hello.answer = "GET /__control/hello answered HTTP " + std::to_string(resp->status) + " (" +
                 (type.empty() ? "no Content-Type" : type) + ", " +
                 std::to_string(resp->body.size()) + " bytes), not mock-idp's JSON";
  return hello;
}

}  // namespace proofup::runner
