#include "mock-idp/catalog.h"

#include "harness/base/yaml_tree.h"

namespace proofup::mockidp {
namespace {

constexpr const char* kLanguages[] = {"nl", "en"};

// Raw catalog of one language: section ("common" or a screen) -> key -> text.
using RawCatalog = std::map<std::string, TextMap>;

Status ReadMap(const YamlNode& node, const std::string& where, TextMap& out) {
  if (!node.IsMap()) return Status::ParseError(where + " is not a mapping");
  for (const auto& [key, value] : node.Pairs()) {
    if (!value.IsScalar()) return Status::ParseError(where + "." + key.Text() + " is not a text");
    out[key.Text()] = value.Text();
  }
  return Status::Ok();
}

// Reads `common:` and `screens:` of one language node into `raw`.
Status ReadLanguage(const YamlNode& node, const std::string& where, RawCatalog& raw) {
  if (!node.IsMap()) return Status::ParseError(where + " is not a mapping");
  if (node["common"]) {
    if (Status s = ReadMap(node["common"], where + ".common", raw["common"]); !s.ok()) return s;
  }
  if (node["screens"]) {
    if (!node["screens"].IsMap()) return Status::ParseError(where + ".screens is not a mapping");
    for (const auto& [key, value] : node["screens"].Pairs()) {
      const std::string screen = key.Text();
      if (screen == "common") return Status::ParseError(where + ": 'common' is not a screen name");
      if (Status s = ReadMap(value, where + "." + screen, raw[screen]); !s.ok()) return s;
    }
  }
  return Status::Ok();
}

// Same sections and keys in both languages, so no screen misses a text.
Status CheckSameKeys(const RawCatalog& a, const RawCatalog& b, const std::string& a_name,
                     const std::string& b_name) {
  for (const auto& [section, keys] : a) {
    auto it = b.find(section);
    for (const auto& [key, text] : keys) {
      if (it == b.end() || !it->second.count(key)) {
        return Status::ParseError(a_name + " has " + section + "." + key + " but " + b_name +
                                  " does not");
      }
    }
  }
  return Status::Ok();
}

Status ApplyOverrides(const RawCatalog& overrides, const std::string& where, RawCatalog& base) {
  for (const auto& [section, keys] : overrides) {
    for (const auto& [key, text] : keys) {
      auto it = base.find(section);
      const bool in_section = it != base.end() && it->second.count(key) > 0;
      const bool in_common = base["common"].count(key) > 0;
      if (it == base.end() || (!in_section && !in_common)) {
        return Status::ParseError(where + " overrides " + section + "." + key +
                                  ", which the base catalog does not have");
      }
      it->second[key] = text;
    }
  }
  return Status::Ok();
}

}  // namespace

StatusOr<Catalogs> Catalogs::Load(const std::string& dir, const std::string& variant) {
  std::map<std::string, RawCatalog> raw;
  for (const char* lang : kLanguages) {
    auto document = YamlDocument::Load(dir + "/" + lang + ".yaml", "catalog");
    if (!document.ok()) return document.status();
    if (Status s = ReadLanguage(document->root(), lang, raw[lang]); !s.ok()) return s;
  }
  if (Status s = CheckSameKeys(raw["nl"], raw["en"], "nl", "en"); !s.ok()) return s;
  if (Status s = CheckSameKeys(raw["en"], raw["nl"], "en", "nl"); !s.ok()) return s;
  Catalogs out;
  out.variant_ = variant;
  if (!variant.empty()) {
    auto document = YamlDocument::Load(dir + "/" + variant + ".variant.yaml", "catalog");
    if (!document.ok()) return document.status();
    const YamlNode node = document->root();
    for (const YamlNode& step : node["flow"].Items()) out.flow_override_.push_back(step.Text());
    for (const YamlNode& name : node["breaks"].Items()) out.breaks_.push_back(name.Text());
    for (const char* lang : kLanguages) {
      if (!node[lang]) continue;
      RawCatalog overrides;
      const std::string where = variant + "." + lang;
      if (Status s = ReadLanguage(node[lang], where, overrides); !s.ok()) return s;
      if (Status s = ApplyOverrides(overrides, where, raw[lang]); !s.ok()) return s;
    }
  }
  for (auto& [lang, sections] : raw) {
    const TextMap& common = sections["common"];
    for (const auto& [section, keys] : sections) {
      if (section == "common") continue;
      TextMap merged = common;
      for (const auto& [k, v] : keys) merged[k] = v;
      out.texts_[lang][section] = std::move(merged);
    }
  }
  return out;
}

const TextMap& Catalogs::Screen(const std::string& language, const std::string& screen) const {
  static const TextMap kEmpty;
  auto lang = texts_.find(language);
  if (lang == texts_.end()) return kEmpty;
  auto it = lang->second.find(screen);
  return it == lang->second.end() ? kEmpty : it->second;
}

std::string Catalogs::Text(const std::string& language, const std::string& screen,
                           const std::string& key) const {
  const TextMap& texts = Screen(language, screen);
  auto it = texts.find(key);
  return it == texts.end() ? std::string() : it->second;
}

std::string FillPlaceholders(std::string text, const std::map<std::string, std::string>& values) {
  for (const auto& [name, value] : values) {
    const std::string needle = "{" + name + "}";
    for (size_t pos = text.find(needle); pos != std::string::npos;
         pos = text.find(needle, pos + value.size())) {
      text.replace(pos, needle.size(), value);
    }
  }
  return text;
}

}  // namespace proofup::mockidp
