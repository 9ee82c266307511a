// "${env:NAME}" in a value of a users file or a target profile: the text is
// taken from environment variable NAME when the file is read, so CI secrets
// (passwords, tokens, TOTP secrets) never sit in the file. One function for
// every file that allows it. Thread safety: pure functions (the lookup is
// called on the caller's thread).
#ifndef PROOFUP_BASE_ENV_REFERENCE_H_
#define PROOFUP_BASE_ENV_REFERENCE_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "harness/base/status.h"

namespace proofup {

// The value of an environment variable, or nullopt when it is not set.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

// Looks names up with getenv (the process's environment, read at each call).
EnvLookup ProcessEnvironment();

// `text` with every "${env:NAME}" (or "${env.NAME}", as scenarios write it)
// replaced by env(NAME); values are not expanded again. Other text, other
// "${...}" and a "$${" escape are kept as written (scenario variables are
// substituted later, by the runner).
// Failure: kNotFound "environment variable NAME is not set (${env:NAME})";
// kInvalidArgument `unterminated "${env:"` or `empty name in "${env:}"`.
// Messages name variables, never values.
StatusOr<std::string> ExpandEnvReferences(std::string_view text, const EnvLookup& env);

}  // namespace proofup

#endif  // PROOFUP_BASE_ENV_REFERENCE_H_
