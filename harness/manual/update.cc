// `proofup manual-check --update`: the drift written back into the manual's
// YAML as text edits at the positions yaml-cpp reported, so that comments,
// key order and quoting stay as the writer left them (re-emitting the YAML
// would drop the comments).
#include <algorithm>
#include <sstream>

#include "harness/manual/manual.h"

namespace proofup::manual {
namespace {

struct Edit {
  size_t offset = 0, length = 0;
  std::string text;
};

// Length of the scalar written at `offset` whose value is `value`, or 0 when
// the source is not recognisably it (then it is left alone).
size_t ScalarLength(std::string_view text, size_t offset, const std::string& value) {
  if (offset >= text.size()) return 0;
  char quote = text[offset];
  if (quote == '"' || quote == '\'') {
    for (size_t i = offset + 1; i < text.size() && text[i] != '\n'; ++i) {
      if (quote == '"' && text[i] == '\\') {
        ++i;
      } else if (text[i] == quote) {
        if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
          ++i;
          continue;
        }
        return i + 1 - offset;
      }
    }
    return 0;
  }
  return text.substr(offset, value.size()) == value ? value.size() : 0;
}

// `value` as a YAML scalar that reads back as itself inside a flow list or
// after "key: ": plain when nothing in it means something to YAML, else
// double-quoted.
std::string YamlScalar(const std::string& value) {
  bool plain = !value.empty() && value.front() != ' ' && value.back() != ' ' &&
               value.find_first_of(":#,[]{}\"'\\\n\t") == std::string::npos &&
               std::string("-?!&*|>%@`").find(value.front()) == std::string::npos;
  if (plain) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c == '\n' ? ' ' : c;
  }
  return quoted + "\"";
}

size_t LineStart(std::string_view text, size_t offset) {
  size_t nl = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  return nl == std::string_view::npos ? 0 : nl + 1;
}

bool CommentOrBlank(std::string_view line) {
  size_t first = line.find_first_not_of(" \t\r");
  return first == std::string_view::npos || line[first] == '#';
}

// [begin, end) of each step's item: its lines, with the comment lines right
// above it; the last ends before the first less indented line (a key after
// `steps:`) or at the end of the file.
std::vector<std::pair<size_t, size_t>> ItemSpans(std::string_view text, const Manual& manual) {
  std::vector<std::pair<size_t, size_t>> spans;
  for (const auto& step : manual.steps) {
    size_t begin = LineStart(text, step.offset);
    while (begin > 0) {
      size_t above = LineStart(text, begin - 1);
      std::string_view line = text.substr(above, begin - 1 - above);
      if (line.find_first_not_of(" \t\r") == std::string_view::npos || !CommentOrBlank(line)) break;
      begin = above;
    }
    if (!spans.empty()) spans.back().second = begin;
    spans.push_back({begin, text.size()});
  }
  if (spans.empty()) return spans;
  size_t content_column = manual.steps.back().offset - LineStart(text, manual.steps.back().offset);
  size_t line = text.find('\n', manual.steps.back().offset);
  while (line != std::string_view::npos && line + 1 < text.size()) {
    size_t next = text.find('\n', line + 1);
    std::string_view l =
        text.substr(line + 1, (next == std::string_view::npos ? text.size() : next) - line - 1);
    if (!CommentOrBlank(l) && l.find_first_not_of(' ') < content_column) {
      spans.back().second = line + 1;
      break;
    }
    line = next;
  }
  return spans;
}

// The manual's step numbers in the order the run showed them; steps the run
// did not perform stay right after the step they follow in the file.
std::vector<int> NewOrder(const Manual& manual, const std::vector<int>& run_order) {
  std::vector<int> order;
  for (int n : run_order)
    if (std::any_of(manual.steps.begin(), manual.steps.end(),
                    [&](const ManualStep& s) { return s.number == n; }))
      order.push_back(n);
  for (size_t i = 0; i < manual.steps.size(); ++i) {
    int n = manual.steps[i].number;
    if (std::find(order.begin(), order.end(), n) != order.end()) continue;
    auto after =
        i == 0 ? order.begin() : std::find(order.begin(), order.end(), manual.steps[i - 1].number);
    order.insert(after == order.end() ? order.end() : (i == 0 ? after : after + 1), n);
  }
  return order;
}

size_t SkipSpaces(std::string_view text, size_t at) {
  while (at < text.size() && text[at] == ' ') ++at;
  return at;
}

// Each of check.moved_screens as two edits of flow lists ("screens: [a, b]"):
// out of its step's list, appended to the other step's. Anything else (a
// block list, the only screen of its step, no list to add to) is left as is.
void MoveScreens(std::string_view text, const Manual& manual, const ManualCheck& check,
                 std::vector<Edit>& edits, std::vector<std::string>& changes) {
  auto find = [&](int n) -> const ManualStep* {
    for (const auto& s : manual.steps)
      if (s.number == n) return &s;
    return nullptr;
  };
  for (const auto& m : check.moved_screens) {
    const ManualStep* from = find(m.from);
    const ManualStep* to = find(m.to);
    std::string where = "step " + std::to_string(m.from) + ": screen \"" + m.screen + "\"";
    size_t i = from ? std::find(from->screens.begin(), from->screens.end(), m.screen) -
                          from->screens.begin()
                    : 0;
    bool ok = from && to && i < from->screen_offsets.size() && from->screens.size() > 1 &&
              !to->screen_offsets.empty();
    size_t at = ok ? from->screen_offsets[i] : 0;
    size_t length = ok ? ScalarLength(text, at, m.screen) : 0;
    size_t last_at = ok ? to->screen_offsets.back() : 0;
    size_t last_length = ok ? ScalarLength(text, last_at, to->screens.back()) : 0;
    size_t after = SkipSpaces(text, at + length);
    size_t close = SkipSpaces(text, last_at + last_length);
    if (length == 0 || last_length == 0 || close >= text.size() || text[close] != ']' ||
        after >= text.size() || (text[after] != ',' && text[after] != ']')) {
      bool only = from && from->screens.size() == 1;
      changes.push_back(where + " now comes after step " + std::to_string(m.to) + "; left as is (" +
                        (only ? "the step's only screen" : "not in a flow list [...]") + ")");
      continue;
    }
    if (text[after] == ',') {  // "a, b": remove "a, "
      edits.push_back({at, SkipSpaces(text, after + 1) - at, ""});
    } else {  // the last item: remove ", b"
      size_t comma = text.rfind(',', at);
      edits.push_back({comma, at + length - comma, ""});
    }
    edits.push_back({last_at + last_length, 0, ", " + YamlScalar(m.screen)});
    changes.push_back(where + " now comes after step " + std::to_string(m.to) +
                      ": moved to the screens of step " + std::to_string(m.to));
  }
}

std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> lines;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

ManualUpdate UpdateManualText(std::string_view text, const Manual& manual,
                              const ManualCheck& check) {
  ManualUpdate update;
  std::vector<Edit> edits;
  for (size_t i = 0; i < manual.steps.size() && i < check.steps.size(); ++i) {
    const ManualStep& step = manual.steps[i];
    for (size_t j = 0; j < check.steps[i].labels.size() && j < step.label_offsets.size(); ++j) {
      const LabelCheck& lc = check.steps[i].labels[j];
      if (lc.match != LabelMatch::kMissing) continue;
      std::string where = "step " + std::to_string(step.number) + ": \"" + lc.label + "\"";
      size_t length = ScalarLength(text, step.label_offsets[j], lc.label);
      if (lc.seen.empty() || length == 0) {
        update.changes.push_back(where + " left as is (" +
                                 (lc.seen.empty() ? "nothing similar on the screen"
                                                  : "its text in the file is not plain") +
                                 ")");
        continue;
      }
      edits.push_back({step.label_offsets[j], length, YamlScalar(lc.seen)});
      update.changes.push_back(where + " -> \"" + lc.seen + "\"");
    }
  }
  MoveScreens(text, manual, check, edits, update.changes);
  auto spans = ItemSpans(text, manual);
  std::string edited(text);
  std::sort(edits.begin(), edits.end(),
            [](const Edit& a, const Edit& b) { return a.offset > b.offset; });
  for (const Edit& e : edits) {
    edited.replace(e.offset, e.length, e.text);
    long delta = static_cast<long>(e.text.size()) - static_cast<long>(e.length);
    for (auto& [begin, end] : spans) {
      if (begin > e.offset) begin += delta;
      if (end > e.offset) end += delta;
    }
  }
  bool reordered = std::any_of(check.findings.begin(), check.findings.end(),
                               [](const Finding& f) { return f.kind == FindingKind::kReordered; });
  std::vector<int> order = NewOrder(manual, check.run_order);
  std::vector<int> file_order;
  for (const auto& s : manual.steps) file_order.push_back(s.number);
  if (reordered && !spans.empty() && order != file_order) {
    std::string moved = edited.substr(0, spans.front().first);
    for (int n : order) {
      size_t i = std::find(file_order.begin(), file_order.end(), n) - file_order.begin();
      std::string item = edited.substr(spans[i].first, spans[i].second - spans[i].first);
      if (!item.empty() && item.back() != '\n') item += '\n';
      moved += item;
    }
    moved += edited.substr(spans.back().second);
    edited = std::move(moved);
    std::string list;
    for (int n : order) list += (list.empty() ? "" : ", ") + std::to_string(n);
    update.changes.push_back("steps in the order the portal shows them now: " + list);
  }
  update.text = std::move(edited);
  return update;
}

std::string LineDiff(std::string_view before, std::string_view after) {
  std::vector<std::string> a = Lines(before), b = Lines(after);
  // Longest common subsequence of lines; manual files are short.
  std::vector<std::vector<int>> lcs(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (size_t i = a.size(); i-- > 0;)
    for (size_t j = b.size(); j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::string out;
  bool in_hunk = false;
  for (size_t i = 0, j = 0; i < a.size() || j < b.size();) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      ++i, ++j;
      in_hunk = false;
      continue;
    }
    if (!in_hunk) out += "@@ line " + std::to_string(i + 1) + " @@\n";
    in_hunk = true;
    if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out += "-" + a[i++] + "\n";
    } else {
      out += "+" + b[j++] + "\n";
    }
  }
  return out;
}

}  // namespace proofup::manual
