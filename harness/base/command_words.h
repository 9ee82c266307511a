// A command written as one text ("./reset-user.sh --user alice") split into
// its words the way a POSIX shell would, without running a shell: blanks
// separate words, 'single quotes' keep everything, "double quotes" keep all
// but \" \\ \$ \` escapes, a backslash outside quotes keeps the next
// character. Nothing is expanded: "${name}" stays for the caller to
// substitute, so a value with spaces remains one word. Thread safety: pure.
#ifndef PROOFUP_BASE_COMMAND_WORDS_H_
#define PROOFUP_BASE_COMMAND_WORDS_H_

#include <string>
#include <string_view>
#include <vector>

#include "harness/base/status.h"

namespace proofup {

// The words of `text`. Failure (kInvalidArgument, with the byte offset):
// `unterminated '...' quote at offset N`, or an unquoted shell operator
// (| ; & < > ( ) `) that only a shell understands: `"|" at offset N needs a
// shell`. An empty or blank text gives no words (not an error).
StatusOr<std::vector<std::string>> SplitCommandWords(std::string_view text);

}  // namespace proofup

#endif  // PROOFUP_BASE_COMMAND_WORDS_H_
