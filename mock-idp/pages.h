// Server-side HTML: mustache templates (templates/<name>.mustache, wrapped in
// templates/layout.mustache) filled with catalog texts. Every value is
// inserted with {{ }} and therefore HTML-escaped; only the rendered screen
// body goes into the layout raw.
#ifndef PROOFUP_MOCK_IDP_PAGES_H_
#define PROOFUP_MOCK_IDP_PAGES_H_

#include <kainjow/mustache.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "harness/base/status.h"
#include "mock-idp/catalog.h"

namespace proofup::mockidp {

using Data = kainjow::mustache::data;
using DataList = kainjow::mustache::list;

// What a handler wants shown. `screen` names both the catalog section (texts
// available as {{t.key}}) and, unless `template_name` is set, the template.
struct PageView {
  std::string screen;
  std::string template_name;
  std::string lang = "nl";
  std::string csrf;
  std::string error;              // shown in <div class="error" role="alert">
  std::string status_text;        // shown in <p class="result" role="status">
  int refresh_seconds = 0;        // > 0: <meta http-equiv="refresh">
  Data vars{Data::type::object};  // screen-specific values
};

class Pages {
 public:
  // Parses every *.mustache in `template_dir`. Errors: kIoError (missing
  // directory or layout.mustache), kParseError (template syntax, naming the file).
  static StatusOr<std::unique_ptr<Pages>> Load(const std::string& template_dir,
                                               const Catalogs& catalogs, std::string tenant);

  // The complete HTML document. Thread-safe. An unknown template renders the
  // layout with an empty body.
  std::string Render(const PageView& view) const;

  const Catalogs& catalogs() const { return catalogs_; }
  const std::string& tenant() const { return tenant_; }

 private:
  struct Template {
    explicit Template(const std::string& text) : mustache(text) {}
    // kainjow's render() is not const; one render at a time per template.
    mutable std::mutex mu;
    mutable kainjow::mustache::mustache mustache;
  };
  Pages(const Catalogs& catalogs, std::string tenant)
      : catalogs_(catalogs), tenant_(std::move(tenant)) {}
  std::string RenderTemplate(const std::string& name, const Data& data) const;

  const Catalogs& catalogs_;
  std::string tenant_;
  std::map<std::string, std::unique_ptr<Template>> templates_;
};

}  // namespace proofup::mockidp

#endif  // PROOFUP_MOCK_IDP_PAGES_H_
