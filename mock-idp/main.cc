// mock-idp command line: serve the portal until SIGINT/SIGTERM.
// The first line of stdout is the URL (then, when generated, the admin token),
// so a parent process can read where to connect.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "mock-idp/mock_idp.h"

int main(int argc, char** argv) {
  using proofup::mockidp::MockIdp;
  proofup::mockidp::MockIdpOptions o;
  CLI::App app{"mock-idp: a mock school sign-in portal with MFA enrolment, for proofup"};
  app.add_option("--host", o.host, "address to bind")->capture_default_str();
  app.add_option("--port", o.port, "port; 0 picks a free one")->capture_default_str();
  app.add_option("--users", o.users_file, "users fixture (YAML)")
      ->required()
      ->check(CLI::ExistingFile);
  app.add_option("--lang", o.language, "default language")
      ->check(CLI::IsMember({"nl", "en"}))
      ->capture_default_str();
  app.add_option("--variant", o.variant, "portal variant, e.g. portal-update");
  app.add_option("--catalog-dir", o.catalog_dir, "directory of the text catalogs");
  app.add_option("--template-dir", o.template_dir, "directory of the page templates");
  app.add_option("--tls-cert", o.tls_cert_file, "PEM certificate (serve HTTPS)")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-key", o.tls_key_file, "PEM private key")->check(CLI::ExistingFile);
  app.add_option("--admin-token", o.admin_token,
                 "control API token (visible in ps: prefer MOCK_IDP_ADMIN_TOKEN or "
                 "--admin-token-file); generated and printed when none is given");
  std::string token_file;
  app.add_option("--admin-token-file", token_file, "file whose first line is the control API token")
      ->check(CLI::ExistingFile);
  app.add_option("--qr-ttl", o.qr_ttl_seconds, "QR code lifetime, seconds")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  app.add_option("--push-timeout", o.push_timeout_seconds, "push answer timeout, seconds")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  app.add_option("--sms-ttl", o.sms_ttl_seconds, "SMS code lifetime, seconds")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  app.add_option("--session-ttl", o.session_ttl_seconds, "idle session lifetime, seconds")
      ->check(CLI::Range(1, 604800))
      ->capture_default_str();
  app.add_option("--threads", o.threads, "worker threads")
      ->check(CLI::Range(2, 4096))
      ->capture_default_str();
  app.add_option("--read-timeout-ms", o.read_timeout_ms,
                 "drop a connection whose next bytes take longer, milliseconds")
      ->check(CLI::Range(10, 600000))
      ->capture_default_str();
  bool quiet = false;
  app.add_flag("--quiet", quiet, "no per-request log lines");
  CLI11_PARSE(app, argc, argv);
  if (o.admin_token.empty() && !token_file.empty()) {
    std::ifstream in(token_file);
    std::getline(in, o.admin_token);
    if (o.admin_token.empty()) {
      std::cerr << "mock-idp: --admin-token-file " << token_file << " has no token\n";
      return 2;
    }
  }
  if (const char* env = std::getenv("MOCK_IDP_ADMIN_TOKEN"); o.admin_token.empty() && env) {
    o.admin_token = env;
  }
  unsetenv("MOCK_IDP_ADMIN_TOKEN");  // not passed on to anything this process might start
  o.log_requests = !quiet;

  // Block the stop signals before any thread starts, so every thread inherits
  // the mask and only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  auto idp = MockIdp::Start(o);
  if (!idp.ok()) {
    std::cerr << "mock-idp: " << idp.status().ToString() << "\n";
    return 1;
  }
  std::cout << (*idp)->url() << "\n";
  if ((*idp)->admin_token_generated())
    std::cout << "admin-token: " << (*idp)->admin_token() << "\n";
  std::cout.flush();
  std::cerr << "mock-idp: serving " << (*idp)->url() << (o.variant.empty() ? "" : " variant ")
            << o.variant << "\n";

  int sig = 0;
  sigwait(&stop_signals, &sig);
  std::cerr << "mock-idp: " << (sig == SIGINT ? "SIGINT" : "SIGTERM") << ", stopping\n";
  (*idp)->Stop();
  return 0;
}
