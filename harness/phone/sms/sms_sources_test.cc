// The SMS sources against real processes on loopback: python3's http.server
// as an HTTP inbox, a shell gateway appending to a file, a command printing
// messages, and proofup's own Twilio-compatible gateway.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/http/http.h"
#include "harness/phone/phone.h"
#include "harness/phone/sms/gateway/gateway.h"
#include "harness/phone/sms/sources.h"
#include "harness/process/process.h"

namespace proofup::phone {
namespace {

namespace fs = std::filesystem;
constexpr char kNumber[] = "+31612345678";

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/proofup-sms-XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  void Write(const std::string& name, const std::string& text, bool append = false) const {
    std::ofstream(File(name), append ? std::ios::app : std::ios::trunc) << text;
  }

 private:
  std::string path_;
};

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A SIM reading `options`, with the real clock and a real transport.
class SourceTest : public ::testing::Test {
 protected:
  std::unique_ptr<SimCard> Sim(const SmsSourceOptions& options) {
    EXPECT_TRUE(ValidateSmsSourceOptions(options).ok())
        << ValidateSmsSourceOptions(options).ToString();
    auto source = NewSmsSource(options, "http://127.0.0.1:9", *transport_);
    EXPECT_TRUE(source.ok()) << source.status().ToString();
    auto sim = std::make_unique<SimCard>(kNumber, std::move(source).value(),
                                         PhoneOptions().sms_code_pattern, clock_, secrets_);
    sim->Begin();
    return sim;
  }

  // python3's http.server over the temp folder on a free loopback port; its port.
  std::string ServeTempDir() {
    auto server = ChildProcess::Spawn({"python3", "-u", "-m", "http.server", "0", "--bind",
                                       "127.0.0.1", "--directory", dir_.File("")},
                                      SpawnOptions{.capture_stdout = true, .discard_stderr = true});
    EXPECT_TRUE(server.ok()) << server.status().ToString();
    if (!server.ok()) return "";
    server_ = std::move(*server);
    auto line = server_->ReadStdoutLine(std::chrono::seconds(10));
    EXPECT_TRUE(line.ok()) << line.status().ToString();
    size_t port_at = line.ok() ? line->find("port ") : std::string::npos;
    EXPECT_NE(port_at, std::string::npos);
    if (port_at == std::string::npos) return "";
    return line->substr(port_at + 5, line->find(' ', port_at + 5) - port_at - 5);
  }

  TempDir dir_;
  std::unique_ptr<ChildProcess> server_;
  std::unique_ptr<http::Transport> transport_ = http::NewCurlTransport();
  SystemClock clock_;
  SecretRegistry secrets_;
};

TEST_F(SourceTest, HttpInboxIsPolledWithTheNumberAndOnlyNewMessagesCount) {
  // {digits} names the file: python serves inbox-31612345678.json.
  dir_.Write("inbox-31612345678.json",
             R"({"data":{"items":[{"body":"Old code 111111","at":"2020-01-01T00:00:00Z"}]}})");
  const std::string port = ServeTempDir();
  ASSERT_FALSE(port.empty());

  SmsSourceOptions o;
  o.kind = "http_inbox";
  o.url = "http://127.0.0.1:" + port + "/inbox-{digits}.json";
  o.messages_path = "$.data.items";
  o.text_path = "body";
  o.time_path = "at";
  auto sim = Sim(o);
  // The old message was there before the session: it never counts.
  EXPECT_EQ(sim->WaitForCode(std::chrono::milliseconds(300), std::chrono::milliseconds(50))
                .status()
                .kind(),
            Status::Kind::kTimeout);
  // Newest first, as many services list them: the time decides.
  dir_.Write("inbox-31612345678.json",
             R"({"data":{"items":[{"body":"Uw code is 222333","at":)" + std::to_string(Now()) +
                 R"(},{"body":"Old code 111111","at":"2020-01-01T00:00:00Z"}]}})");
  auto code = sim->WaitForCode(std::chrono::seconds(5), std::chrono::milliseconds(50));
  ASSERT_TRUE(code.ok()) << code.status().ToString();
  EXPECT_EQ(*code, "222333");
  EXPECT_TRUE(secrets_.Contains("222333"));
}

TEST_F(SourceTest, HttpInboxNamesAnAnswerThatIsNotJson) {
  SmsSourceOptions o;
  o.kind = "http_inbox";
  o.url = "http://127.0.0.1:1/nothing?to={number}";
  auto sim = Sim(o);
  auto code = sim->WaitForCode(std::chrono::milliseconds(200));
  EXPECT_EQ(code.status().kind(), Status::Kind::kNetworkError) << code.status().ToString();
  EXPECT_EQ(code.status().message().find(kNumber), std::string::npos)
      << "the number stays out of messages: " << code.status().message();
}

// mock-idp's outbox route (python's server ignores the query): an answer
// other than 200, or one without a "messages" list, is named with its URL.
TEST_F(SourceTest, MockOutboxNamesAWrongAnswerAndReadsTheMessages) {
  const std::string port = ServeTempDir();
  ASSERT_FALSE(port.empty());
  auto outbox = sms::NewMockOutbox("http://127.0.0.1:" + port, *transport_);
  auto missing = outbox->Fetch(kNumber);
  EXPECT_EQ(missing.status().kind(), Status::Kind::kFailedPrecondition);
  EXPECT_NE(missing.status().message().find("/sms/outbox?number=%2B31612345678 answered HTTP 404"),
            std::string::npos)
      << missing.status().ToString();
  fs::create_directories(dir_.File("sms"));
  dir_.Write("sms/outbox", R"({"messages": 5})");
  auto bad = outbox->Fetch(kNumber);
  EXPECT_EQ(bad.status().kind(), Status::Kind::kParseError);
  EXPECT_NE(bad.status().message().find(": no \"messages\" list"), std::string::npos)
      << bad.status().ToString();
  dir_.Write("sms/outbox", R"({"messages": [{"text": "Uw code is 123456", "sent_at": 7}]})");
  auto inbox = outbox->Fetch(kNumber);
  ASSERT_TRUE(inbox.ok()) << inbox.status().ToString();
  ASSERT_EQ(inbox->size(), 1u);
  EXPECT_EQ((*inbox)[0].text, "Uw code is 123456");
  EXPECT_EQ((*inbox)[0].sent_at, 7);
}

TEST_F(SourceTest, FileAppendedByAGatewayProcess) {
  const std::string file = dir_.File("gateway.log");
  dir_.Write("gateway.log", "1700000000\t+31612345678\tPortal\tStale code 999999\n");
  SmsSourceOptions o;
  o.kind = "file";
  o.file = file;
  auto sim = Sim(o);
  // A gateway writing in its own format, read with a custom pattern, for another number first.
  const std::string line_for_other = "2026-12-02T01:00:00Z to=+31600000000 msg=Code 555555\n";
  const std::string line_for_us = "2026-12-02T01:00:01Z to=+31612345678 msg=Code 444555\n";
  SmsSourceOptions custom;
  custom.kind = "file";
  custom.file = dir_.File("custom.log");
  custom.line_pattern = R"(^(?P<time>\S+) to=(?P<to>\S+) msg=(?P<text>.*)$)";
  auto custom_sim = Sim(custom);
  auto gateway = ChildProcess::Spawn(
      {"sh", "-c",
       "printf '%s\\t%s\\t%s\\t%s\\n' \"$(date +%s)\" +31612345678 Portal 'Uw code: 777888' >> " +
           file + " && printf '" + line_for_other + line_for_us + "' >> " + custom.file});
  ASSERT_TRUE(gateway.ok());
  ASSERT_TRUE((*gateway)->Wait(std::chrono::seconds(10)).ok());
  auto code = sim->WaitForCode(std::chrono::seconds(5), std::chrono::milliseconds(20));
  ASSERT_TRUE(code.ok()) << code.status().ToString();
  EXPECT_EQ(*code, "777888");
  auto other = custom_sim->WaitForCode(std::chrono::seconds(5), std::chrono::milliseconds(20));
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  EXPECT_EQ(*other, "444555") << "the message for another number is not ours";
}

TEST_F(SourceTest, FileThatDoesNotExistYetIsAnEmptyInbox) {
  SmsSourceOptions o;
  o.kind = "file";
  o.file = dir_.File("later.log");
  auto sim = Sim(o);
  auto inbox = sim->Inbox();
  ASSERT_TRUE(inbox.ok());
  EXPECT_TRUE(inbox->empty());
  dir_.Write("later.log", std::to_string(Now()) + "\t+31612345678\t\tcode 123123\n");
  EXPECT_EQ(sim->WaitForCode(std::chrono::seconds(2), std::chrono::milliseconds(20)).value(),
            "123123");
}

TEST_F(SourceTest, CommandPrintingLinesAndJson) {
  const std::string counter = dir_.File("n");
  SmsSourceOptions o;
  o.kind = "command";
  // Prints one more message on every call after the first: the second call has a new one.
  o.command = {"sh", "-c",
               "echo x >> " + counter + "; echo 'stale 100200 for '$0; " + "[ $(wc -l < " +
                   counter + ") -gt 1 ] && echo 'fresh 300400 for '$0; true",
               "{number}"};
  o.line_pattern = R"(^(?P<text>.* for \+31612345678)$)";
  auto sim = Sim(o);
  auto code = sim->WaitForCode(std::chrono::seconds(5), std::chrono::milliseconds(20));
  ASSERT_TRUE(code.ok()) << code.status().ToString();
  EXPECT_EQ(*code, "300400");

  SmsSourceOptions j;
  j.kind = "command";
  j.format = "json";
  j.command = {"printf", R"([{"to":"%s","text":"code 654321"},{"to":"+3100","text":"code 1"}])",
               "{number}"};
  j.to_path = "to";
  auto json_sim = std::make_unique<SimCard>(kNumber, NewSmsSource(j, "", *transport_).value(),
                                            PhoneOptions().sms_code_pattern, clock_, secrets_);
  EXPECT_EQ(json_sim->WaitForCode(std::chrono::seconds(5)).value(), "654321");
}

TEST_F(SourceTest, CommandThatFailsOrHangsIsReported) {
  SmsSourceOptions o;
  o.kind = "command";
  o.command = {"sh", "-c", "exit 3"};
  auto sim = Sim(o);
  EXPECT_EQ(sim->WaitForCode(std::chrono::seconds(1)).status().kind(),
            Status::Kind::kFailedPrecondition);
  o.command = {"sleep", "20"};
  o.command_timeout = std::chrono::milliseconds(200);
  auto slow = std::make_unique<SimCard>(kNumber, NewSmsSource(o, "", *transport_).value(),
                                        PhoneOptions().sms_code_pattern, clock_, secrets_);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(slow->WaitForCode(std::chrono::seconds(1)).status().kind(), Status::Kind::kTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST_F(SourceTest, GatewayReceivesTwilioPostsForFileAndHttpSources) {
  sms::GatewayOptions g;
  g.inbox_file = dir_.File("inbox.log");
  sms::SmsGateway gateway(g);
  auto port = gateway.Start("127.0.0.1", 0);
  ASSERT_TRUE(port.ok()) << port.status().ToString();
  const std::string base = "http://127.0.0.1:" + std::to_string(*port);
  SmsSourceOptions file;
  file.kind = "file";
  file.file = g.inbox_file;
  auto file_sim = Sim(file);
  SmsSourceOptions inbox;
  inbox.kind = "http_inbox";
  inbox.url = base + "/messages?to={number}";
  inbox.messages_path = "messages";
  inbox.time_path = "sent_at";
  auto http_sim = Sim(inbox);

  http::Request post;
  post.method = "POST";
  post.url = base + "/2010-04-01/Accounts/AC123/Messages.json";
  post.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  post.body = "To=%2B31612345678&From=%2B3197010&Body=Uw+code%3A+864209%0Aniet+delen";
  auto answer = transport_->Send(post);
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(answer->status, 201);
  auto json = nlohmann::json::parse(answer->body);
  EXPECT_EQ(json["to"], kNumber);
  EXPECT_EQ(json["status"], "queued");
  EXPECT_EQ(json["account_sid"], "AC123");
  EXPECT_EQ(json["sid"].get<std::string>().substr(0, 2), "SM");

  EXPECT_EQ(file_sim->WaitForCode(std::chrono::seconds(2)).value(), "864209");
  EXPECT_EQ(http_sim->WaitForCode(std::chrono::seconds(2)).value(), "864209");

  post.body = "From=%2B3197010&Body=x";
  answer = transport_->Send(post);
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(answer->status, 400);
  EXPECT_EQ(nlohmann::json::parse(answer->body)["code"], 21604);
  // Idle keep-alive connections would hold the gateway's Stop() up.
  http_sim.reset();
  transport_.reset();
}

TEST(SmsSourceOptionsTest, BadSettingsAreNamed) {
  SmsSourceOptions o;
  o.kind = "pigeon";
  EXPECT_NE(ValidateSmsSourceOptions(o).message().find("unknown SMS source"), std::string::npos);
  o.kind = "file";
  EXPECT_NE(ValidateSmsSourceOptions(o).message().find("file is empty"), std::string::npos);
  o.file = "x";
  o.line_pattern = "(?P<body>.*)";
  EXPECT_NE(ValidateSmsSourceOptions(o).message().find("group named text"), std::string::npos);
  o.kind = "http_inbox";
  o.url = "http://x/{number}";
  o.messages_path = "a[b";
  EXPECT_NE(ValidateSmsSourceOptions(o).message().find("unclosed"), std::string::npos);
}

TEST(SmsSharedTest, TimesNumbersAndPaths) {
  EXPECT_EQ(sms::ParseMessageTime("1700000000").value(), 1700000000);
  EXPECT_EQ(sms::ParseMessageTime("1700000000123").value(), 1700000000);
  EXPECT_EQ(sms::ParseMessageTime("2023-11-14T22:13:20Z").value(), 1700000000);
  EXPECT_EQ(sms::ParseMessageTime("2023-11-14T23:13:20.5+01:00").value(), 1700000000);
  EXPECT_FALSE(sms::ParseMessageTime("yesterday").has_value());
  EXPECT_TRUE(sms::SameNumber("+31 6 1234-5678", "0031612345678"));
  EXPECT_FALSE(sms::SameNumber("+31612345678", "+31612345679"));
  EXPECT_EQ(sms::ExpandNumber("/in/{digits}?n={number}", "+316", true), "/in/316?n=%2B316");
  auto doc = nlohmann::json::parse(R"({"a":{"b c":[{"d":5}]}})");
  auto path = sms::ParseJsonPath("$.a['b c'][0].d");
  ASSERT_TRUE(path.ok());
  ASSERT_NE(sms::FollowJsonPath(doc, *path), nullptr);
  EXPECT_EQ(*sms::FollowJsonPath(doc, *path), 5);
  EXPECT_EQ(sms::FollowJsonPath(doc, sms::ParseJsonPath("a.x").value()), nullptr);
}

}  // namespace
}  // namespace proofup::phone
