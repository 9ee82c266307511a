// ${name} references: finding them (the loader checks syntax and names) and
// substituting them (the runner, at run time).
#include <string>

#include "harness/scenario/scenario.h"

namespace proofup::scenario {
namespace {

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

// Calls on_text for literal pieces and on_ref for references, in order.
template <typename OnText, typename OnRef>
Status Scan(std::string_view text, OnText on_text, OnRef on_ref) {
  size_t i = 0;
  while (i < text.size()) {
    size_t dollar = text.find('$', i);
    if (dollar == std::string_view::npos) {
      on_text(text.substr(i));
      break;
    }
    on_text(text.substr(i, dollar - i));
    if (text.substr(dollar, 3) == "$${") {
      on_text("${");
      i = dollar + 3;
      continue;
    }
    if (text.substr(dollar, 2) != "${") {
      on_text("$");
      i = dollar + 1;
      continue;
    }
    size_t close = text.find('}', dollar + 2);
    if (close == std::string_view::npos) {
      return Status::InvalidArgument("unterminated \"${\" at offset " + std::to_string(dollar));
    }
    std::string_view name = text.substr(dollar + 2, close - dollar - 2);
    std::string shown(text.substr(dollar, close - dollar + 1));
    if (name.empty()) {
      return Status::InvalidArgument("empty variable name \"${}\" at offset " +
                                     std::to_string(dollar));
    }
    for (char c : name) {
      if (!IsNameChar(c)) {
        return Status::InvalidArgument("invalid variable name \"" + shown + "\" at offset " +
                                       std::to_string(dollar));
      }
    }
    if (Status s = on_ref(VariableRef{std::string(name), dollar, close - dollar + 1}); !s.ok()) {
      return s;
    }
    i = close + 1;
  }
  return Status::Ok();
}

}  // namespace

StatusOr<std::vector<VariableRef>> FindVariables(std::string_view text) {
  std::vector<VariableRef> refs;
  Status s = Scan(
      text, [](std::string_view) {},
      [&](VariableRef ref) {
        refs.push_back(std::move(ref));
        return Status::Ok();
      });
  if (!s.ok()) return s;
  return refs;
}

StatusOr<std::string> Interpolate(std::string_view text, const VariableLookup& lookup) {
  std::string out;
  out.reserve(text.size());
  Status s = Scan(
      text, [&](std::string_view piece) { out.append(piece); },
      [&](const VariableRef& ref) {
        std::optional<std::string> value = lookup ? lookup(ref.name) : std::nullopt;
        if (!value) return Status::NotFound("unknown variable \"${" + ref.name + "}\"");
        out.append(*value);
        return Status::Ok();
      });
  if (!s.ok()) return s;
  return out;
}

}  // namespace proofup::scenario
