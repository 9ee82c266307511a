#include "mock-idp/pages.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace proofup::mockidp {

StatusOr<std::unique_ptr<Pages>> Pages::Load(const std::string& template_dir,
                                             const Catalogs& catalogs, std::string tenant) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_regular_file(fs::path(template_dir) / "layout.mustache", ec)) {
    return Status::IoError("no layout.mustache in template directory " + template_dir);
  }
  std::unique_ptr<Pages> pages(new Pages(catalogs, std::move(tenant)));
  for (const auto& entry : fs::directory_iterator(template_dir, ec)) {
    if (entry.path().extension() != ".mustache") continue;
    std::ifstream in(entry.path());
    std::stringstream ss;
    ss << in.rdbuf();
    auto tmpl = std::make_unique<Template>(ss.str());
    if (!tmpl->mustache.is_valid()) {
      return Status::ParseError(entry.path().string() + ": " + tmpl->mustache.error_message());
    }
    pages->templates_[entry.path().stem().string()] = std::move(tmpl);
  }
  if (ec) return Status::IoError("cannot list " + template_dir + ": " + ec.message());
  return pages;
}

std::string Pages::RenderTemplate(const std::string& name, const Data& data) const {
  auto it = templates_.find(name);
  if (it == templates_.end()) return "";
  std::lock_guard<std::mutex> lock(it->second->mu);
  return it->second->mustache.render(data);
}

std::string Pages::Render(const PageView& view) const {
  const TextMap& texts = catalogs_.Screen(view.lang, view.screen);
  Data t{Data::type::object};
  for (const auto& [key, text] : texts) t.set(key, text);
  Data data = view.vars;
  data.set("t", t);
  data.set("lang", view.lang);
  data.set("csrf", view.csrf);
  data.set("tenant", tenant_);
  auto heading = texts.find("heading");
  auto subheading = texts.find("subheading");
  const std::string heading_text = heading == texts.end() ? "" : heading->second;
  data.set("heading", heading_text);
  if (subheading != texts.end()) data.set("subheading", subheading->second);
  data.set("title", heading_text + " - " + tenant_);
  if (!view.error.empty()) data.set("error", view.error);
  if (!view.status_text.empty()) data.set("status_text", view.status_text);
  if (view.refresh_seconds > 0) data.set("refresh", std::to_string(view.refresh_seconds));
  const std::string& name = view.template_name.empty() ? view.screen : view.template_name;
  data.set("body", RenderTemplate(name, data));
  return RenderTemplate("layout", data);
}

}  // namespace proofup::mockidp
