// The public entry points: load, validate, find files.
#include <algorithm>
#include <filesystem>

#include "harness/scenario/loader.h"
#include "harness/scenario/yaml_prescan.h"

namespace proofup::scenario {
namespace fs = std::filesystem;
namespace {

std::string JoinErrors(const std::vector<Diagnostic>& diagnostics, size_t from) {
  std::string out;
  for (size_t i = from; i < diagnostics.size(); ++i) {
    if (diagnostics[i].severity != Diagnostic::Severity::kError) continue;
    out += (out.empty() ? "" : "\n") + FormatDiagnostic(diagnostics[i]);
  }
  return out;
}

// A problem with the file as a whole (no line to point at).
Diagnostic FileError(const std::string& path, std::string message) {
  return Diagnostic{
      Diagnostic::Severity::kError, SourceLocation{path, 0, 0}, std::move(message), "", {}};
}

bool IsYamlFile(const fs::path& p) { return p.extension() == ".yaml" || p.extension() == ".yml"; }

}  // namespace

StatusOr<Scenario> LoadScenarioText(std::string_view text, const std::string& path,
                                    const LoadOptions& options,
                                    std::vector<Diagnostic>* diagnostics) {
  std::vector<Diagnostic> local;
  std::vector<Diagnostic>& out = diagnostics ? *diagnostics : local;
  size_t first = out.size();
  std::optional<Scenario> scenario;
  try {
    Loader loader(options, out);
    scenario = loader.LoadScenario(text, path);
  } catch (const std::exception& e) {
    // yaml-cpp throws on misuse; never let that cross the module border.
    out.push_back(FileError(path, std::string("internal error while loading: ") + e.what()));
    scenario.reset();
  }
  if (!scenario) return Status::ParseError(JoinErrors(out, first));
  return std::move(*scenario);
}

StatusOr<Scenario> LoadScenarioFile(const std::string& path, const LoadOptions& options,
                                    std::vector<Diagnostic>* diagnostics) {
  auto text = ReadWholeFile(path, options.max_file_bytes);
  if (!text.ok()) {
    if (diagnostics) diagnostics->push_back(FileError(path, text.status().message()));
    return text.status();
  }
  return LoadScenarioText(*text, path, options, diagnostics);
}

std::vector<Diagnostic> ValidateFiles(const std::vector<std::string>& paths,
                                      const LoadOptions& options) {
  std::vector<Diagnostic> out;
  for (const std::string& given : paths) {
    auto files = FindScenarioFiles({given});
    if (!files.ok()) {
      out.push_back(FileError(given, files.status().message()));
      continue;
    }
    for (const std::string& path : *files) {
      auto text = ReadWholeFile(path, options.max_file_bytes);
      if (!text.ok()) {
        out.push_back(FileError(path, text.status().message()));
        continue;
      }
      bool group = false;
      try {
        // Only on text the loader's pre-scan accepts: yaml-cpp recurses.
        if (!PrescanYaml(*text, options.max_yaml_depth)) group = Loader::IsGroup(YAML::Load(*text));
      } catch (const YAML::Exception&) {
        // Reported with its location by the load below.
      }
      try {
        Loader loader(options, out);
        if (group) {
          loader.CheckGroup(*text, path);
        } else {
          loader.LoadScenario(*text, path);
        }
      } catch (const std::exception& e) {
        out.push_back(FileError(path, std::string("internal error while loading: ") + e.what()));
      }
    }
  }
  return out;
}

StatusOr<std::vector<std::string>> FindScenarioFiles(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) {
      out.push_back(path);
      continue;
    }
    if (!fs::is_directory(path, ec)) return Status::NotFound("no such file or folder: " + path);
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(path, ec), end;
    if (ec) return Status::IoError("cannot list " + path + ": " + ec.message());
    for (; it != end; it.increment(ec)) {
      if (ec) return Status::IoError("cannot list " + path + ": " + ec.message());
      if (it->is_directory(ec) && it->path().filename() == "include") {
        it.disable_recursion_pending();
      } else if (it->is_regular_file(ec) && IsYamlFile(it->path())) {
        found.push_back(it->path().string());
      }
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace proofup::scenario
