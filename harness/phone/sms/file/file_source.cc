// A file a test gateway appends to (proofup sms-gateway's inbox file, or any
// gateway's log), one message per line found by an RE2 line pattern.
#include <fstream>
#include <sstream>

#include "harness/phone/sms/sources.h"

namespace proofup::phone::sms {
namespace {

// A gateway's file stays small in a test run; a runaway one must not exhaust memory.
constexpr std::streamoff kMaxBytes = 64 * 1024 * 1024;

class FileSource : public SmsSource {
 public:
  explicit FileSource(const SmsSourceOptions& options)
      : path_(options.file), reader_(options.line_pattern) {}

  StatusOr<std::vector<SmsMessage>> Fetch(const std::string& number) override {
    std::ifstream in(path_, std::ios::binary);
    // No file yet: the gateway has received nothing.
    if (!in) return std::vector<SmsMessage>();
    in.seekg(0, std::ios::end);
    std::streamoff size = in.tellg();
    in.seekg(size > kMaxBytes ? size - kMaxBytes : 0);
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return Status::IoError("cannot read the SMS file " + path_);
    return reader_.ParseAll(text.str(), number);
  }

  std::string Where() const override { return "file " + path_; }

 private:
  std::string path_;
  LineReader reader_;
};

}  // namespace

std::unique_ptr<SmsSource> NewFileSource(const SmsSourceOptions& options) {
  return std::make_unique<FileSource>(options);
}

}  // namespace proofup::phone::sms
