// The mock-idp executable (URL on stdout, clean stop on SIGINT/SIGTERM, bad
// arguments), HTTPS with the test CA, and several servers in one process.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "mock-idp/testing/flow_driver.h"

extern char** environ;

namespace proofup::mockidp::testing {
namespace {

const std::string kFixture = std::string(PROOFUP_SOURCE_DIR) + "/fixtures/users.yaml";
const std::string kTls = std::string(PROOFUP_SOURCE_DIR) + "/fixtures/tls";

// A child mock-idp with its stdout on a pipe; killed if still running at the end.
class Child {
 public:
  explicit Child(std::vector<std::string> args, std::vector<std::string> extra_env = {}) {
    int out[2];
    EXPECT_EQ(pipe(out), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    args.insert(args.begin(), MOCK_IDP_BINARY);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<char*> env;
    for (auto& e : extra_env) env.push_back(e.data());
    for (char** e = environ; *e != nullptr; ++e) env.push_back(*e);
    env.push_back(nullptr);
    EXPECT_EQ(posix_spawn(&pid_, MOCK_IDP_BINARY, &actions, nullptr, argv.data(), env.data()), 0);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    fd_ = out[0];
  }
  ~Child() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    close(fd_);
  }
  // Everything on stdout up to `lines` newlines or EOF, within 10 s.
  std::string ReadLines(int lines) {
    std::string text;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::count(text.begin(), text.end(), '\n') < lines &&
           std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char buf[256];
      const ssize_t n = read(fd_, buf, sizeof buf);
      if (n <= 0) break;
      text.append(buf, static_cast<size_t>(n));
    }
    return text;
  }
  // Exit status (or -1 if it did not exit within 10 s).
  int Wait() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  bool exited_ = false;
};

void ServesAndStopsOn(int signal_number) {
  Child child({"--port", "0", "--users", kFixture});
  const std::string out = child.ReadLines(2);
  const std::string url = out.substr(0, out.find('\n'));
  ASSERT_EQ(url.rfind("http://127.0.0.1:", 0), 0u) << out;
  const size_t tok = out.find("admin-token: ");
  ASSERT_NE(tok, std::string::npos) << out;
  const std::string token = out.substr(tok + 13, out.find('\n', tok) - tok - 13);
  {
    HttpClient client(url);
    EXPECT_EQ(client.Get("/healthz").status, 200);
    EXPECT_EQ(client.Send("GET", "/__control/clock", "", {AdminHeader(token)}).status, 200);
    EXPECT_EQ(client.Send("GET", "/__control/clock", "", {AdminHeader("nope")}).status, 401);
  }  // connection closed: stop need not wait for the keep-alive timeout
  ASSERT_EQ(kill(child.pid(), signal_number), 0);
  EXPECT_EQ(child.Wait(), 0);
}

TEST(Cli, PrintsUrlThenTokenAndStopsOnSigterm) { ServesAndStopsOn(SIGTERM); }
TEST(Cli, StopsOnSigint) { ServesAndStopsOn(SIGINT); }

TEST(Cli, BadArgumentsFail) {
  EXPECT_NE(Child({"--port", "0"}).Wait(), 0);  // --users is required
  EXPECT_NE(Child({"--users", kFixture, "--lang", "fr"}).Wait(), 0);
  EXPECT_EQ(Child({"--users", kFixture, "--port", "0", "--variant", "no-such"}).Wait(), 1);
  EXPECT_EQ(Child({"--users", kFixture, "--port", "0", "--tls-cert", kTls + "/server.crt"}).Wait(),
            1);
}

TEST(Cli, GivenTokenIsNotPrinted) {
  Child child({"--port", "0", "--users", kFixture, "--admin-token", "my-secret-token", "--variant",
               "portal-update", "--lang", "en"});
  const std::string first = child.ReadLines(1);
  EXPECT_EQ(first.find("my-secret-token"), std::string::npos);
  {
    HttpClient client(first.substr(0, first.find('\n')));
    EXPECT_EQ(client.Send("GET", "/__control/clock", "", {AdminHeader("my-secret-token")}).status,
              200);
    EXPECT_EQ(H1(client.Get("/login").body), "Sign in");
  }
  kill(child.pid(), SIGTERM);
  EXPECT_EQ(child.Wait(), 0);
}

// How proofup passes the token: the environment (or a file), never argv.
void TokenFromOutsideArgv(std::vector<std::string> args, std::vector<std::string> env,
                          const std::string& token) {
  args.insert(args.end(), {"--port", "0", "--users", kFixture});
  Child child(args, env);
  const std::string first = child.ReadLines(1);
  ASSERT_EQ(first.rfind("http://", 0), 0u) << first;
  EXPECT_EQ(first.find(token), std::string::npos);
  EXPECT_EQ(first.find("admin-token"), std::string::npos);
  {
    HttpClient client(first.substr(0, first.find('\n')));
    EXPECT_EQ(client.Send("GET", "/__control/clock", "", {AdminHeader(token)}).status, 200);
  }
  kill(child.pid(), SIGTERM);
  EXPECT_EQ(child.Wait(), 0);
}

TEST(Cli, TokenFromEnvironment) {
  TokenFromOutsideArgv({}, {"MOCK_IDP_ADMIN_TOKEN=env-secret-token"}, "env-secret-token");
}

TEST(Cli, TokenFromFile) {
  const std::string file =
      std::string(PROOFUP_BINARY_DIR) + "/mock-idp-token-" + std::to_string(getpid());
  {
    std::ofstream out(file);
    out << "file-secret-token\n";
  }
  TokenFromOutsideArgv({"--admin-token-file", file}, {}, "file-secret-token");
  std::remove(file.c_str());
}

TEST(Tls, ServesHttpsWithTheTestCa) {
  MockIdpOptions o = TestOptions();
  o.tls_cert_file = kTls + "/server.crt";
  o.tls_key_file = kTls + "/server.key";
  auto idp = StartServer(o);
  ASSERT_TRUE(idp);
  ASSERT_EQ(idp->url().rfind("https://127.0.0.1:", 0), 0u);
  HttpClient trusted(idp->url(), kTls + "/ca.crt");
  HttpResponse r = trusted.Get("/login");
  EXPECT_EQ(r.status, 200) << r.error;
  EXPECT_NE(r.Header("set-cookie").find("; Secure"), std::string::npos);
  VirtualPhone phone(idp->url(), "push-tls", kTls + "/ca.crt");
  EXPECT_EQ(EnrollWithAuthenticator(trusted, phone, {"daan@voorbeeld.nl", "Test-Daan-2024!"}), "");
  HttpClient untrusting(idp->url(), "/etc/ssl/certs/ca-certificates.crt");
  HttpResponse refused = untrusting.Get("/login");
  EXPECT_EQ(refused.status, 0);
  EXPECT_FALSE(refused.error.empty());
  HttpClient plain("http://127.0.0.1:" + std::to_string(idp->port()));
  EXPECT_NE(plain.Get("/login").status, 200);
}

TEST(Tls, UnusableKeyIsAnError) {
  MockIdpOptions o = TestOptions();
  o.tls_cert_file = kTls + "/server.crt";
  o.tls_key_file = kTls + "/ca.crt";  // not a key
  auto idp = MockIdp::Start(o);
  ASSERT_FALSE(idp.ok());
  EXPECT_EQ(idp.status().kind(), Status::Kind::kNetworkError);
}

TEST(Server, TwoServersInOneProcessShareNothing) {
  auto a = StartServer();
  auto b = StartServer();
  ASSERT_TRUE(a && b);
  ASSERT_NE(a->port(), b->port());
  HttpClient cb(b->url());
  {
    HttpClient ca(a->url());
    SignIn(ca, "anna@voorbeeld.nl", "Test-Anna-2024!");
    EXPECT_EQ(Control(cb, "POST", "/__control/clock", {{"offset_seconds", 99}}).status, 200);
    EXPECT_EQ(Control(ca, "GET", "/__control/clock").Json()["offset_seconds"], 0);
    EXPECT_EQ(
        Control(cb, "GET", "/__control/events?user=anna@voorbeeld.nl").Json()["events"].size(), 0u);
    EXPECT_GT(
        Control(ca, "GET", "/__control/events?user=anna@voorbeeld.nl").Json()["events"].size(), 0u);
  }  // connection closed, so stopping need not wait for the keep-alive timeout
  const std::string a_url = a->url();
  a.reset();  // stopped; b goes on
  EXPECT_EQ(cb.Get("/healthz").status, 200);
  HttpClient late(a_url);
  EXPECT_EQ(late.Get("/healthz").status, 0);
}

TEST(Server, StartErrorsNameTheProblem) {
  MockIdpOptions o = TestOptions();
  o.users_file = "/nonexistent.yaml";
  EXPECT_EQ(MockIdp::Start(o).status().kind(), Status::Kind::kIoError);
  o = TestOptions();
  o.language = "fr";
  EXPECT_EQ(MockIdp::Start(o).status().kind(), Status::Kind::kInvalidArgument);
  o = TestOptions();
  o.variant = "no-such";
  EXPECT_EQ(MockIdp::Start(o).status().kind(), Status::Kind::kInvalidArgument);
  auto first = StartServer();
  ASSERT_TRUE(first);
  o = TestOptions();
  o.port = first->port();
  EXPECT_EQ(MockIdp::Start(o).status().kind(), Status::Kind::kNetworkError);
}

}  // namespace
}  // namespace proofup::mockidp::testing
