#include "harness/base/env_reference.h"

#include <cstdlib>

namespace proofup {

EnvLookup ProcessEnvironment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    return v ? std::optional<std::string>(v) : std::nullopt;
  };
}

StatusOr<std::string> ExpandEnvReferences(std::string_view text, const EnvLookup& env) {
  std::string out;
  size_t pos = 0;
  for (size_t at; (at = text.find("${env", pos)) != std::string_view::npos;) {
    const char sep = at + 5 < text.size() ? text[at + 5] : '\0';
    const bool escaped = at > 0 && text[at - 1] == '$';
    if ((sep != ':' && sep != '.') || escaped) {  // "${envoy}", "$${env:X}": not ours
      out.append(text.substr(pos, at + 5 - pos));
      pos = at + 5;
      continue;
    }
    const size_t close = text.find('}', at);
    if (close == std::string_view::npos)
      return Status::InvalidArgument(std::string("unterminated \"${env") + sep + "\"");
    const std::string name(text.substr(at + 6, close - at - 6));
    if (name.empty())
      return Status::InvalidArgument(std::string("empty name in \"${env") + sep + "}\"");
    std::optional<std::string> value = env(name);
    if (!value)
      return Status::NotFound("environment variable " + name + " is not set (${env:" + name + "})");
    out.append(text.substr(pos, at - pos));
    out += *value;
    pos = close + 1;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace proofup
