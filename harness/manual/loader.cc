// Loading fixtures/manual/*.yaml with located diagnostics, in the style of
// harness/scenario (whose FormatDiagnostic formats them).
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <map>
#include <sstream>

#include "harness/base/edit_distance.h"
#include "harness/manual/manual.h"
#include "harness/manual/text_match.h"

namespace proofup::manual {
namespace {

using scenario::Diagnostic;

const std::vector<std::string> kTopKeys = {"manual", "language", "steps"};
const std::vector<std::string> kStepKeys = {"step",   "actor",        "summary", "instruction",
                                            "labels", "phone labels", "screens"};
const std::vector<std::string> kActors = {"computer", "phone"};

class ManualReader {
 public:
  ManualReader(std::string path, std::string_view text) : path_(std::move(path)) {
    std::istringstream in{std::string(text)};
    for (std::string line; std::getline(in, line);) lines_.push_back(line);
  }

  void Error(const YAML::Mark& mark, std::string message) {
    Diagnostic d;
    d.where = {path_, mark.line + 1, mark.column + 1};
    if (mark.line >= 0 && static_cast<size_t>(mark.line) < lines_.size())
      d.source_line = lines_[mark.line];
    d.message = std::move(message);
    out_.push_back(std::move(d));
  }
  void FileError(std::string message) {
    Diagnostic d;
    d.where = {path_, 0, 0};
    d.message = std::move(message);
    out_.push_back(std::move(d));
  }

  static std::string KindOf(const YAML::Node& n) {
    if (!n.IsDefined() || n.IsNull()) return "nothing";
    if (n.IsSequence()) return "a list";
    if (n.IsMap()) return "a mapping";
    return "text";
  }

  // Key/value pairs of `map` with known keys; unknown and duplicate keys reported.
  std::vector<std::pair<std::string, std::pair<YAML::Node, YAML::Node>>> Entries(
      const YAML::Node& map, const std::vector<std::string>& valid, const std::string& what) {
    std::vector<std::pair<std::string, std::pair<YAML::Node, YAML::Node>>> entries;
    std::map<std::string, int> seen;
    for (const auto& kv : map) {
      const YAML::Node& key = kv.first;
      if (!key.IsScalar()) {
        Error(key.Mark(), "expected a key (text) in " + what + ", got " + KindOf(key));
        continue;
      }
      std::string name = key.Scalar();
      if (std::find(valid.begin(), valid.end(), name) == valid.end()) {
        std::string msg = "unknown key \"" + name + "\" in " + what;
        if (auto near = NearestWord(name, valid)) {
          msg += "; did you mean \"" + *near + "\"?";
        } else {
          msg += "; expected one of: ";
          for (size_t i = 0; i < valid.size(); ++i) msg += (i ? ", " : "") + valid[i];
        }
        Error(key.Mark(), msg);
        continue;
      }
      if (auto [it, fresh] = seen.emplace(name, key.Mark().line + 1); !fresh) {
        Error(key.Mark(),
              "duplicate key \"" + name + "\" (first on line " + std::to_string(it->second) + ")");
        continue;
      }
      entries.push_back({name, {key, kv.second}});
    }
    return entries;
  }

  std::optional<std::string> Text(const YAML::Node& key, const YAML::Node& value) {
    if (!value.IsScalar() || value.Scalar().empty()) {
      Error(value.IsDefined() && !value.IsNull() ? value.Mark() : key.Mark(),
            "expected text for \"" + key.Scalar() + "\", got " + KindOf(value));
      return std::nullopt;
    }
    return value.Scalar();
  }

  std::vector<std::string> TextList(const YAML::Node& key, const YAML::Node& value,
                                    std::vector<size_t>* offsets = nullptr) {
    if (value.IsScalar()) {
      if (offsets) offsets->push_back(value.Mark().pos);
      return {value.Scalar()};
    }
    std::vector<std::string> texts;
    if (!value.IsSequence()) {
      Error(value.IsDefined() && !value.IsNull() ? value.Mark() : key.Mark(),
            "expected text or a list of texts for \"" + key.Scalar() + "\", got " + KindOf(value));
      return texts;
    }
    for (const auto& item : value) {
      if (item.IsScalar() && !item.Scalar().empty()) {
        texts.push_back(item.Scalar());
        if (offsets) offsets->push_back(item.Mark().pos);
      } else {
        Error(item.Mark(),
              "expected text for an item of \"" + key.Scalar() + "\", got " + KindOf(item));
      }
    }
    return texts;
  }

  std::optional<ManualStep> Step(const YAML::Node& node) {
    if (!node.IsMap()) {
      Error(node.Mark(),
            "expected a mapping for a step (step, actor, summary, ...), got " + KindOf(node));
      return std::nullopt;
    }
    size_t errors = out_.size();
    ManualStep step;
    step.line = node.Mark().line + 1;
    step.offset = node.Mark().pos;
    bool has_number = false, has_actor = false, has_summary = false;
    for (auto& [name, kv] : Entries(node, kStepKeys, "a step")) {
      const auto& [key, value] = kv;
      if (name == "step") {
        has_number = true;
        int n = 0;
        if (!value.IsScalar() || !YAML::convert<int>::decode(value, n) || n < 1) {
          Error(value.IsDefined() && !value.IsNull() ? value.Mark() : key.Mark(),
                "expected a step number (1, 2, ...) for \"step\"");
        }
        step.number = n;
      } else if (name == "actor") {
        has_actor = true;
        auto text = Text(key, value);
        if (!text) continue;
        auto it = std::find(kActors.begin(), kActors.end(), *text);
        if (it == kActors.end()) {
          std::string msg = "unknown actor \"" + *text + "\"";
          if (auto near = NearestWord(*text, kActors))
            msg += "; did you mean \"" + *near + "\"?";
          else
            msg += "; expected computer or phone";
          Error(value.Mark(), msg);
          continue;
        }
        step.actor = *it == "phone" ? Actor::kPhone : Actor::kComputer;
      } else if (name == "summary") {
        has_summary = true;
        if (auto text = Text(key, value)) step.summary = *text;
      } else if (name == "instruction") {
        if (auto text = Text(key, value)) step.instruction = *text;
      } else if (name == "labels") {
        step.labels = TextList(key, value, &step.label_offsets);
      } else if (name == "phone labels") {
        step.phone_labels = TextList(key, value);
      } else {
        step.screens = TextList(key, value, &step.screen_offsets);
      }
    }
    for (auto [present, key] : {std::pair{has_number, "step"}, std::pair{has_actor, "actor"},
                                std::pair{has_summary, "summary"}}) {
      if (!present)
        Error(node.Mark(), std::string("missing required key \"") + key + "\" in a step");
    }
    if (out_.size() != errors) return std::nullopt;
    return step;
  }

  void Top(const YAML::Node& root, Manual& manual) {
    if (!root.IsMap()) {
      if (root.IsDefined() && !root.IsNull()) {
        Error(root.Mark(), "expected a mapping (manual, language, steps), got " + KindOf(root));
      } else {
        FileError("the file is empty; expected a mapping (manual, language, steps)");
      }
      return;
    }
    bool has_steps = false;
    for (auto& [name, kv] : Entries(root, kTopKeys, "the manual")) {
      const auto& [key, value] = kv;
      if (name == "manual") {
        if (auto t = Text(key, value)) manual.title = *t;
      } else if (name == "language") {
        if (auto t = Text(key, value)) manual.language = *t;
      } else {
        has_steps = true;
        Steps(key, value, manual);
      }
    }
    if (!has_steps) {
      Diagnostic d;
      d.where = {path_, 1, 1};
      d.message = "missing required key \"steps\" in the manual";
      out_.push_back(std::move(d));
    }
  }

  void Steps(const YAML::Node& key, const YAML::Node& value, Manual& manual) {
    if (!value.IsSequence() || value.size() == 0) {
      Error(value.IsDefined() && !value.IsNull() ? value.Mark() : key.Mark(),
            "expected a list of steps for \"steps\", got " + KindOf(value));
      return;
    }
    // The order of the file is the order of the manual; numbers name the
    // steps (scenarios tag them), so each is used once.
    std::map<int, int> first_line;
    for (const auto& item : value) {
      auto step = Step(item);
      if (!step) continue;
      if (auto [it, fresh] = first_line.emplace(step->number, step->line); !fresh) {
        Error(item["step"].Mark(), "step " + std::to_string(step->number) +
                                       " is numbered twice (first on line " +
                                       std::to_string(it->second) + "); each number once");
        continue;
      }
      manual.steps.push_back(std::move(*step));
    }
  }

  const std::string& path() const { return path_; }
  std::vector<Diagnostic>& diagnostics() { return out_; }
  const std::vector<std::string>& lines() const { return lines_; }

 private:
  std::string path_;
  std::vector<std::string> lines_;
  std::vector<Diagnostic> out_;
};

}  // namespace

StatusOr<Manual> LoadManualText(std::string_view text, const std::string& path,
                                std::vector<Diagnostic>* diagnostics) {
  ManualReader reader(path, text);
  Manual manual;
  manual.file = path;
  try {
    YAML::Node root = YAML::Load(std::string(text));
    reader.Top(root, manual);
  } catch (const YAML::Exception& e) {
    std::string line = e.mark.line >= 0 && static_cast<size_t>(e.mark.line) < reader.lines().size()
                           ? reader.lines()[e.mark.line]
                           : "";
    bool tabs = line.substr(0, line.find_first_not_of(" \t")).find('\t') != std::string::npos;
    reader.Error(e.mark, "YAML syntax error: " + e.msg +
                             (tabs ? " (YAML does not allow tabs for indentation)" : ""));
  }
  auto& found = reader.diagnostics();
  if (diagnostics) diagnostics->insert(diagnostics->end(), found.begin(), found.end());
  if (found.empty()) return manual;
  std::string message;
  for (const auto& d : found)
    message += (message.empty() ? "" : "\n") + scenario::FormatDiagnostic(d);
  return Status::ParseError(message);
}

StatusOr<Manual> LoadManualFile(const std::string& path, std::vector<Diagnostic>* diagnostics) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read manual file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return LoadManualText(text.str(), path, diagnostics);
}

}  // namespace proofup::manual
