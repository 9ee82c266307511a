#include "harness/base/command_words.h"

namespace proofup {

StatusOr<std::vector<std::string>> SplitCommandWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;  // "" is a word too
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\\') {
      if (i + 1 < text.size() && text[i + 1] != '\n') word += text[i + 1];
      ++i;
    } else if (c == '\'' || c == '"') {
      const size_t open = i;
      for (++i; i < text.size() && text[i] != c; ++i) {
        const bool escapes = c == '"' && text[i] == '\\' && i + 1 < text.size() &&
                             std::string_view("\"\\$`").find(text[i + 1]) != std::string_view::npos;
        if (escapes) ++i;
        word += text[i];
      }
      if (i >= text.size())
        return Status::InvalidArgument(std::string("unterminated ") + c + "..." + c +
                                       " quote at offset " + std::to_string(open));
    } else if (std::string_view("|;&<>()`").find(c) != std::string_view::npos) {
      return Status::InvalidArgument(std::string("\"") + c + "\" at offset " + std::to_string(i) +
                                     " needs a shell (quote it, or run the text with a shell)");
    } else {
      word += c;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

}  // namespace proofup
