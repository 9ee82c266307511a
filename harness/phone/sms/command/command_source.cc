// A command that prints the messages (lines by a pattern, or JSON), e.g. a
// script asking a test provider's CLI. Run without a shell, with a timeout.
#include "harness/phone/sms/sources.h"
#include "harness/process/process.h"

namespace proofup::phone::sms {
namespace {

constexpr size_t kMaxOutputBytes = 16 * 1024 * 1024;

class CommandSource : public SmsSource {
 public:
  explicit CommandSource(const SmsSourceOptions& options)
      : options_(options), reader_(options.line_pattern) {}

  StatusOr<std::vector<SmsMessage>> Fetch(const std::string& number) override {
    std::vector<std::string> argv;
    for (const std::string& arg : options_.command)
      argv.push_back(ExpandNumber(arg, number, /*percent=*/false));
    SpawnOptions spawn;
    spawn.capture_stdout = true;
    spawn.discard_stderr = true;
    auto child = ChildProcess::Spawn(argv, spawn);
    if (!child.ok())
      return Status::NotFound(Where() + " cannot be started: " + child.status().message());
    StatusOr<std::string> output = ReadAll(**child);
    if (!output.ok()) return output.status();
    auto exit = (*child)->Wait(options_.command_timeout);
    if (!exit.ok()) return Status::Timeout(Where() + " did not finish");
    if (!exit->exited || exit->code != 0)
      return Status::FailedPrecondition(Where() + " failed (exit " +
                                        std::to_string(exit->exited ? exit->code : -exit->signal) +
                                        ")");
    if (options_.format == "lines") return reader_.ParseAll(*output, number);
    nlohmann::json document = nlohmann::json::parse(*output, nullptr, false);
    if (document.is_discarded()) return Status::ParseError(Where() + " did not print JSON");
    return MessagesFromJson(document, options_, number, Where());
  }

  std::string Where() const override { return "command " + options_.command.front(); }

 private:
  // Reads stdout line by line until it closes or the timeout passes.
  StatusOr<std::string> ReadAll(ChildProcess& child) {
    const auto deadline = std::chrono::steady_clock::now() + options_.command_timeout;
    std::string out;
    while (true) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        child.Terminate(std::chrono::milliseconds(200));
        return Status::Timeout(Where() + " printed no end within " +
                               std::to_string(options_.command_timeout.count()) + " ms");
      }
      StatusOr<std::string> line = child.ReadStdoutLine(left);
      if (line.ok()) {
        out += *line + "\n";
        if (out.size() > kMaxOutputBytes) {
          child.Terminate(std::chrono::milliseconds(200));
          return Status::FailedPrecondition(Where() + " printed more than 16 MB");
        }
        continue;
      }
      if (line.status().kind() == Status::Kind::kTimeout) continue;  // the deadline decides
      // End of stream; a last line without its newline is still buffered.
      return out + child.ReadAllStdout();
    }
  }

  SmsSourceOptions options_;
  LineReader reader_;
};

}  // namespace

std::unique_ptr<SmsSource> NewCommandSource(const SmsSourceOptions& options) {
  return std::make_unique<CommandSource>(options);
}

}  // namespace proofup::phone::sms
