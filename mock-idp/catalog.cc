#include "mock-idp/catalog.h"

#include <yaml-cpp/yaml.h>

#include <fstream>

namespace proofup::mockidp {
namespace {

constexpr const char* kLanguages[] = {"nl", "en"};

// Raw catalog of one language: section ("common" or a screen) -> key -> text.
using RawCatalog = std::map<std::string, TextMap>;

Status ReadMap(const YAML::Node& node, const std::string& where, TextMap& out) {
  if (!node.IsMap()) return Status::ParseError(where + " is not a mapping");
  for (const auto& kv : node) {
    if (!kv.second.IsScalar())
      return Status::ParseError(where + "." + kv.first.as<std::string>() + " is not a text");
    out[kv.first.as<std::string>()] = kv.second.as<std::string>();
  }
  return Status::Ok();
}

// Reads `common:` and `screens:` of one language node into `raw`.
Status ReadLanguage(const YAML::Node& node, const std::string& where, RawCatalog& raw) {
  if (node["common"]) {
    if (Status s = ReadMap(node["common"], where + ".common", raw["common"]); !s.ok()) return s;
  }
  if (node["screens"]) {
    if (!node["screens"].IsMap()) return Status::ParseError(where + ".screens is not a mapping");
    for (const auto& kv : node["screens"]) {
      const std::string screen = kv.first.as<std::string>();
      if (screen == "common") return Status::ParseError(where + ": 'common' is not a screen name");
      if (Status s = ReadMap(kv.second, where + "." + screen, raw[screen]); !s.ok()) return s;
    }
  }
  return Status::Ok();
}

// Opens the file once: the stream that tells a missing file from a parse
// error is the one yaml-cpp reads.
StatusOr<YAML::Node> LoadYaml(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::IoError("cannot read catalog " + path);
  try {
    return YAML::Load(in);
  } catch (const YAML::Exception& e) {
    return Status::ParseError(path + ": " + e.what());
  }
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
  try {
    for (const char* lang : kLanguages) {
      auto node = LoadYaml(dir + "/" + lang + ".yaml");
      if (!node.ok()) return node.status();
      if (Status s = ReadLanguage(*node, lang, raw[lang]); !s.ok()) return s;
    }
    if (Status s = CheckSameKeys(raw["nl"], raw["en"], "nl", "en"); !s.ok()) return s;
    if (Status s = CheckSameKeys(raw["en"], raw["nl"], "en", "nl"); !s.ok()) return s;
    Catalogs out;
    out.variant_ = variant;
    if (!variant.empty()) {
      auto node = LoadYaml(dir + "/" + variant + ".variant.yaml");
      if (!node.ok()) return node.status();
      if ((*node)["flow"]) {
        for (const auto& step : (*node)["flow"])
          out.flow_override_.push_back(step.as<std::string>());
      }
      if ((*node)["breaks"]) {
        for (const auto& name : (*node)["breaks"]) out.breaks_.push_back(name.as<std::string>());
      }
      for (const char* lang : kLanguages) {
        if (!(*node)[lang]) continue;
        RawCatalog overrides;
        const std::string where = variant + "." + lang;
        if (Status s = ReadLanguage((*node)[lang], where, overrides); !s.ok()) return s;
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
  } catch (const YAML::Exception& e) {
    return Status::ParseError(std::string("catalog: ") + e.what());
  }
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
