// Internal: one load of a scenario (or a group) with its includes. A Loader is
// used for one top-level file and then dropped; it owns the parsed sources so
// that diagnostics can quote their lines.
#ifndef PROOFUP_SCENARIO_LOADER_H_
#define PROOFUP_SCENARIO_LOADER_H_

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/scenario/yaml_reader.h"

namespace proofup::scenario {

// The whole file as text. Errors: kInvalidArgument when the file is larger
// than max_bytes (checked with stat, before reading); kIoError "cannot read <path>".
StatusOr<std::string> ReadWholeFile(const std::string& path, size_t max_bytes);

class Loader {
 public:
  Loader(const LoadOptions& options, std::vector<Diagnostic>& out) : options_(options), out_(out) {}

  // The scenario, or nullopt when any error was reported.
  std::optional<Scenario> LoadScenario(std::string_view text, const std::string& path);
  // Checks a group file on its own (variables only for syntax: their values
  // come from the including scenario).
  void CheckGroup(std::string_view text, const std::string& path);

  // A map whose "group" key marks an include group rather than a scenario.
  static bool IsGroup(const YAML::Node& root);
  int errors() const;

 private:
  struct Parsed {
    const YamlSource* source;
    YAML::Node root;
  };
  std::optional<Scenario> ReadScenario(std::string_view text, const std::string& path);
  void ReadGroupFile(std::string_view text, const std::string& path);
  void SortFrom(size_t first);
  std::optional<Parsed> Parse(std::string_view text, const std::string& path,
                              std::vector<SourceLocation> included_from);
  // Reads a group's steps into `steps`; returns its title.
  std::string ReadGroup(const Parsed& parsed, std::vector<Step>& steps,
                        std::vector<std::string>& stack);
  void ReadSteps(YamlReader& r, const Entry& list, std::vector<Step>& out,
                 std::vector<std::string>& stack);
  void ExpandInclude(YamlReader& r, const IncludeRequest& inc, std::vector<Step>& out,
                     std::vector<std::string>& stack);
  bool LoadGroupFile(YamlReader& r, const IncludeRequest& inc, const std::string& path,
                     const SourceLocation& here, std::vector<Step>& steps,
                     std::vector<std::string>& stack);

  // Header parts (header.cc).
  void ReadUser(YamlReader& r, const Entry& e, UserRef& user);
  void ReadPhone(YamlReader& r, const Entry& e, PhoneSetup& phone);
  void ReadNeeds(YamlReader& r, const Entry& e, std::vector<std::string>& needs);
  void ReadVars(YamlReader& r, const Entry& e,
                std::vector<std::pair<std::string, std::string>>& vars);
  void ResolveManual(YamlReader& r, const Entry& e, const std::string& manual, Scenario& s);

  // Variable references (variables.cc): syntax everywhere, and in a scenario
  // that every name is defined before it is used.
  void CheckVariables(const Scenario& s);
  void CheckVariableSyntax(const std::vector<Step>& steps);
  void ReportVariable(const Step& step, const std::string& needle, const std::string& message);
  const YamlSource* SourceOf(const std::string& path) const;
  // Limits (loader.cc): report and stop expanding.
  void StepLimitError(YamlReader& r, const SourceLocation& where);
  bool IncludeAllowed(YamlReader& r, const IncludeRequest& inc, const std::string& id,
                      const SourceLocation& here);

  const LoadOptions& options_;
  std::vector<Diagnostic>& out_;
  std::vector<std::unique_ptr<YamlSource>> sources_;
  std::map<std::string, std::optional<std::vector<Step>>> groups_;  // by Identity()
  std::map<std::string, std::string> display_;                      // Identity() -> path
  std::filesystem::path include_root_;  // canonical folder of the top-level file
  bool step_limit_hit_ = false;
};

}  // namespace proofup::scenario

#endif  // PROOFUP_SCENARIO_LOADER_H_
