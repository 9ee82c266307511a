// Text catalogs: every visible text of the portal, one YAML file per language
// (catalogs/nl.yaml, catalogs/en.yaml), plus optional variant files
// (catalogs/<variant>.variant.yaml) that override some texts per language and
// may reorder the enrolment wizard. Loaded once at start-up; immutable and
// therefore thread-safe afterwards.
#ifndef PROOFUP_MOCK_IDP_CATALOG_H_
#define PROOFUP_MOCK_IDP_CATALOG_H_

#include <map>
#include <string>
#include <vector>

#include "harness/base/status.h"

namespace proofup::mockidp {

using TextMap = std::map<std::string, std::string>;

class Catalogs {
 public:
  // Loads nl.yaml and en.yaml from `dir`, and `<variant>.variant.yaml` when
  // `variant` is not empty. Errors: kIoError (missing file), kParseError (bad
  // YAML, a screen or key present in one language but not the other, a variant
  // override of a key that the base catalog does not have).
  static StatusOr<Catalogs> Load(const std::string& dir, const std::string& variant);

  // The texts of `screen` in `language`: the catalog's `common` texts
  // overlaid with the screen's own. Unknown language or screen -> empty map.
  const TextMap& Screen(const std::string& language, const std::string& screen) const;

  // One text; "" when missing.
  std::string Text(const std::string& language, const std::string& screen,
                   const std::string& key) const;

  bool HasLanguage(const std::string& language) const { return texts_.count(language) > 0; }

  // The wizard order named by the variant file's `flow` list (step names as in
  // flow.h); empty for the base portal or a variant that keeps the order.
  const std::vector<std::string>& flow_override() const { return flow_override_; }
  // The variant file's `breaks` list (deliberate faults, see flow.h
  // PortalBreaks); empty for the base portal.
  const std::vector<std::string>& breaks() const { return breaks_; }
  const std::string& variant() const { return variant_; }

 private:
  // language -> screen -> key -> text (common already merged in)
  std::map<std::string, std::map<std::string, TextMap>> texts_;
  std::vector<std::string> flow_override_;
  std::vector<std::string> breaks_;
  std::string variant_;
};

// Replaces each "{name}" in `text` by its value from `values`; unknown
// placeholders are left as they are. Values are inserted raw: the template
// engine escapes the result.
std::string FillPlaceholders(std::string text, const std::map<std::string, std::string>& values);

}  // namespace proofup::mockidp

#endif  // PROOFUP_MOCK_IDP_CATALOG_H_
