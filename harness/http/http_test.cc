#include "harness/http/http.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "harness/http/test_server.h"

namespace proofup::http {
namespace {

using testing::LocalServer;

TEST(ResponseTest, HeaderValueIsCaseInsensitive) {
  Response r;
  r.headers = {{"Content-Type", "text/html"}, {"Set-Cookie", "a=1"}, {"set-cookie", "b=2"}};
  EXPECT_EQ(r.HeaderValue("content-type"), "text/html");
  EXPECT_EQ(r.HeaderValue("SET-COOKIE"), "a=1");
  EXPECT_EQ(r.HeaderValue("Location"), "");
}

TEST(CurlTransportTest, ReturnsStatusHeadersAndBody) {
  LocalServer server;
  server.server().Get("/hello", [](const httplib::Request& req, httplib::Response& res) {
    res.status = 418;
    res.set_header("X-Seen-Agent", req.get_header_value("User-Agent"));
    res.set_header("X-Seen-Language", req.get_header_value("Accept-Language"));
    res.set_header("X-Seen-Custom", req.get_header_value("X-Custom"));
    res.set_content("<p>hoi</p>", "text/html");
  });
  ASSERT_TRUE(server.Start());
  TransportOptions options;
  options.user_agent = "proofup-test/1";
  auto transport = NewCurlTransport(options);
  Request request;
  request.url = server.Url("/hello");
  request.headers = {{"X-Custom", "42"}};
  StatusOr<Response> r = transport->Send(request);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 418);
  EXPECT_EQ(r->body, "<p>hoi</p>");
  EXPECT_EQ(r->url, request.url);
  EXPECT_EQ(r->HeaderValue("Content-Type"), "text/html");
  EXPECT_EQ(r->HeaderValue("X-Seen-Agent"), "proofup-test/1");
  EXPECT_EQ(r->HeaderValue("X-Seen-Language"), options.accept_language);
  EXPECT_EQ(r->HeaderValue("X-Seen-Custom"), "42");
  EXPECT_GT(r->elapsed_ms, 0.0);
}

TEST(CurlTransportTest, PostsBodyWithMethod) {
  LocalServer server;
  auto echo = [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(req.method + " " + req.get_header_value("Content-Type") + " " + req.body,
                    "text/plain");
  };
  server.server().Post("/echo", echo);
  server.server().Put("/echo", echo);
  server.server().Get("/echo", echo);
  ASSERT_TRUE(server.Start());
  auto transport = NewCurlTransport();
  Request post{"POST", server.Url("/echo"), {{"Content-Type", "application/json"}}, "{\"a\":1}"};
  StatusOr<Response> r = transport->Send(post);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body, "POST application/json {\"a\":1}");
  Request put{"PUT", server.Url("/echo"), {{"Content-Type", "text/plain"}}, "x"};
  r = transport->Send(put);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body, "PUT text/plain x");
  // The handle is reused: a GET after a POST must really be a bodiless GET.
  r = transport->Send({"GET", server.Url("/echo"), {}, ""});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body, "GET  ");
}

TEST(CurlTransportTest, KeepsCookiesPerTransportOnly) {
  LocalServer server;
  server.server().Get("/set", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Set-Cookie", "session=abc; Path=/; HttpOnly");
    res.set_content("set", "text/plain");
  });
  server.server().Get("/get", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content("cookie=" + req.get_header_value("Cookie"), "text/plain");
  });
  ASSERT_TRUE(server.Start());
  auto alice = NewCurlTransport();
  auto bob = NewCurlTransport();
  ASSERT_TRUE(alice->Send({"GET", server.Url("/set"), {}, ""}).ok());
  StatusOr<Response> a = alice->Send({"GET", server.Url("/get"), {}, ""});
  StatusOr<Response> b = bob->Send({"GET", server.Url("/get"), {}, ""});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->body, "cookie=session=abc");
  EXPECT_EQ(b->body, "cookie=");
}

TEST(CurlTransportTest, DoesNotFollowRedirects) {
  LocalServer server;
  bool target_hit = false;
  server.server().Post("/from", [](const httplib::Request&, httplib::Response& res) {
    res.status = 303;
    res.set_header("Location", "/to");
  });
  server.server().Get("/to", [&](const httplib::Request&, httplib::Response& res) {
    target_hit = true;
    res.set_content("to", "text/plain");
  });
  ASSERT_TRUE(server.Start());
  auto transport = NewCurlTransport();
  StatusOr<Response> r = transport->Send({"POST", server.Url("/from"), {}, "a=1"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 303);
  EXPECT_EQ(r->HeaderValue("Location"), "/to");
  transport.reset();  // close the keep-alive connection so Stop() returns at once
  server.Stop();      // joins the server thread: target_hit is safe to read

  EXPECT_FALSE(target_hit);
}

TEST(CurlTransportTest, TimesOutWithinTheLimit) {
  LocalServer server;
  std::mutex mu;
  std::condition_variable cv;
  bool released = false;
  server.server().Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
    std::unique_lock lock(mu);
    cv.wait_for(lock, std::chrono::seconds(30), [&] { return released; });
    res.set_content("late", "text/plain");
  });
  ASSERT_TRUE(server.Start());
  TransportOptions options;
  options.total_timeout_ms = 300;
  auto transport = NewCurlTransport(options);
  auto start = std::chrono::steady_clock::now();
  StatusOr<Response> r = transport->Send({"GET", server.Url("/slow"), {}, ""});
  auto took = std::chrono::steady_clock::now() - start;
  {
    std::lock_guard lock(mu);
    released = true;
  }
  cv.notify_all();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), Status::Kind::kTimeout) << r.status().ToString();
  EXPECT_NE(r.status().message().find("/slow"), std::string::npos) << r.status().message();
  EXPECT_GE(took, std::chrono::milliseconds(250));
  EXPECT_LT(took, std::chrono::milliseconds(2000));
}

// A loopback port that nothing listens on: bound, read back, then closed.
int UnusedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

TEST(CurlTransportTest, ConnectionRefusedIsNetworkError) {
  auto transport = NewCurlTransport();
  std::string url = "http://127.0.0.1:" + std::to_string(UnusedPort()) + "/";
  StatusOr<Response> r = transport->Send({"GET", url, {}, ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), Status::Kind::kNetworkError);
  EXPECT_NE(r.status().message().find(url), std::string::npos) << r.status().message();
}

// A self-signed certificate for 127.0.0.1, made with the openssl CLI in a
// fresh temporary directory that is removed afterwards.
class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("proofup-http-tls-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    cert_ = (dir_ / "cert.pem").string();
    key_ = (dir_ / "key.pem").string();
    std::string cmd =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1"
        " -addext subjectAltName=IP:127.0.0.1 -keyout '" +
        key_ + "' -out '" + cert_ + "' 2>/dev/null";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    server_ = std::make_unique<LocalServer>(cert_, key_);
    server_->server().Get("/", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("secure", "text/plain");
    });
    ASSERT_TRUE(server_->Start());
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
  std::string cert_, key_;
  std::unique_ptr<LocalServer> server_;
};

TEST_F(TlsTest, SelfSignedRefusedByDefault) {
  auto transport = NewCurlTransport();
  StatusOr<Response> r = transport->Send({"GET", server_->Url("/"), {}, ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), Status::Kind::kNetworkError) << r.status().ToString();
}

TEST_F(TlsTest, GeneratedCertificatePassesCheckCaFile) {
  EXPECT_TRUE(CheckCaFile(cert_).ok());
  EXPECT_FALSE(CheckCaFile(key_).ok());  // a key alone holds no certificate
}

TEST_F(TlsTest, AcceptedWithCaFile) {
  TransportOptions options;
  options.ca_file = cert_;
  auto transport = NewCurlTransport(options);
  StatusOr<Response> r = transport->Send({"GET", server_->Url("/"), {}, ""});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body, "secure");
}

TEST_F(TlsTest, AcceptedWhenInsecure) {
  TransportOptions options;
  options.insecure = true;
  auto transport = NewCurlTransport(options);
  StatusOr<Response> r = transport->Send({"GET", server_->Url("/"), {}, ""});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body, "secure");
}

TEST_F(TlsTest, MissingCaFileIsNetworkError) {
  TransportOptions options;
  options.ca_file = (dir_ / "absent.pem").string();
  auto transport = NewCurlTransport(options);
  StatusOr<Response> r = transport->Send({"GET", server_->Url("/"), {}, ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), Status::Kind::kNetworkError);
}

// Issue 11 row 6: a huge body stops downloading at the limit, not after.
TEST(CurlTransportTest, BodyLargerThanTheLimitAbortsTheDownload) {
  LocalServer server;
  std::atomic<size_t> sent{0};
  server.server().Get("/huge", [&sent](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/html", [&sent](size_t, httplib::DataSink& sink) {
      std::string chunk(64 * 1024, 'x');
      if (sent > 200u * 1024 * 1024) {
        sink.done();
        return true;
      }
      sent += chunk.size();
      return sink.write(chunk.data(), chunk.size());
    });
  });
  server.server().Get("/small", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(2000, 'y'), "text/plain");
  });
  ASSERT_TRUE(server.Start());
  TransportOptions options;
  options.max_body_bytes = 1024 * 1024;
  auto transport = NewCurlTransport(options);
  StatusOr<Response> r = transport->Send({"GET", server.Url("/huge"), {}, ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), Status::Kind::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("larger than 1048576 bytes"), std::string::npos)
      << r.status().message();
  EXPECT_LT(sent.load(), 50u * 1024 * 1024);  // stopped early, not after 200 MB
  // A per-request limit narrows it further; bodies within it pass.
  Request small{"GET", server.Url("/small"), {}, ""};
  EXPECT_TRUE(transport->Send(small).ok());
  small.max_body_bytes = 1000;
  EXPECT_EQ(transport->Send(small).status().kind(), Status::Kind::kFailedPrecondition);
}

// Issue 11 row 16: a missing or non-PEM --ca-file is named with its problem.
TEST(CheckCaFileTest, MissingEmptyAndNonPemFilesAreRefused) {
  auto dir = std::filesystem::temp_directory_path() / ("ca-check-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string missing = (dir / "missing.pem").string();
  Status s = CheckCaFile(missing);
  EXPECT_EQ(s.kind(), Status::Kind::kInvalidArgument);
  EXPECT_NE(s.message().find(missing), std::string::npos);
  EXPECT_NE(s.message().find("cannot open"), std::string::npos);
  std::string junk = (dir / "junk.pem").string();
  FILE* f = std::fopen(junk.c_str(), "w");
  std::fputs("not a certificate\n", f);
  std::fclose(f);
  s = CheckCaFile(junk);
  EXPECT_EQ(s.kind(), Status::Kind::kInvalidArgument);
  EXPECT_NE(s.message().find("no PEM certificate"), std::string::npos) << s.message();
  std::filesystem::remove_all(dir);
}

// Issue 11 row 3: only http and https are ever fetched.
TEST(CurlTransportTest, RefusesFileAndOtherSchemes) {
  auto transport = NewCurlTransport();
  for (const char* url : {"file:///etc/passwd", "FILE:///etc/passwd", "gopher://127.0.0.1:70/1",
                          "dict://127.0.0.1/x", "ftp://127.0.0.1/", "/relative"}) {
    StatusOr<Response> r = transport->Send({"GET", url, {}, ""});
    ASSERT_FALSE(r.ok()) << url;
    EXPECT_EQ(r.status().kind(), Status::Kind::kInvalidArgument) << url;
    EXPECT_NE(r.status().message().find("only http and https"), std::string::npos)
        << r.status().message();
    EXPECT_EQ(r.status().message().find("root:"), std::string::npos);
  }
}

// A gopher URL must not even open a connection: a listening socket sees nothing.
TEST(CurlTransportTest, GopherIsNeverTried) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(fd, 4), 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  std::string url = "gopher://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/1";
  EXPECT_FALSE(NewCurlTransport()->Send({"GET", url, {}, ""}).ok());
  EXPECT_LT(accept(fd, nullptr, nullptr), 0);  // no pending connection
  close(fd);
}

}  // namespace
}  // namespace proofup::http
