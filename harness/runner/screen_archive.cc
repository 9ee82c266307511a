#include "harness/runner/screen_archive.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace proofup::runner {
namespace {

namespace fs = std::filesystem;

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Value of attribute `name` inside a start tag's text, or "" when absent.
std::string Attribute(std::string_view tag, std::string_view name) {
  std::string lower = Lower(tag);
  for (size_t pos = lower.find(name); pos != std::string::npos; pos = lower.find(name, pos + 1)) {
    bool starts = pos > 0 && std::isspace(static_cast<unsigned char>(lower[pos - 1]));
    size_t eq = pos + name.size();
    while (eq < lower.size() && lower[eq] == ' ') ++eq;
    if (!starts || eq >= lower.size() || lower[eq] != '=') continue;
    size_t v = eq + 1;
    while (v < tag.size() && tag[v] == ' ') ++v;
    if (v >= tag.size()) return "";
    char quote = tag[v];
    if (quote == '"' || quote == '\'') {
      size_t end = tag.find(quote, v + 1);
      return std::string(tag.substr(v + 1, end == std::string_view::npos ? end : end - v - 1));
    }
    size_t end = tag.find_first_of(" >", v);
    return std::string(tag.substr(v, end == std::string_view::npos ? end : end - v));
  }
  return "";
}

const char kPlaceholder[] =
    "<div class=\"proofup-masked\" style=\"display:inline-block;width:180px;height:180px;"
    "border:2px dashed #999;color:#555;font:14px sans-serif;text-align:center;"
    "line-height:1.4;padding-top:60px;box-sizing:border-box\">"
    "QR code masked<br>(run with --show-secrets to keep it)</div>";

}  // namespace

std::string MakeOffline(std::string_view html, const UrlResolver& resolve,
                        const StylesheetFetcher& fetch, bool mask_images) {
  const std::string lower = Lower(html);
  std::string out;
  size_t pos = 0;
  while (pos < html.size()) {
    size_t lt = html.find('<', pos);
    if (lt == std::string_view::npos) break;
    out.append(html.substr(pos, lt - pos));
    size_t gt = html.find('>', lt);
    if (gt == std::string_view::npos) {
      pos = lt;
      break;
    }
    std::string_view tag = html.substr(lt, gt - lt + 1);
    pos = gt + 1;
    if (lower.compare(lt, 7, "<script") == 0) {
      size_t close = lower.find("</script", gt);
      size_t end = close == std::string::npos ? std::string::npos : lower.find('>', close);
      pos = end == std::string::npos ? html.size() : end + 1;
      continue;
    }
    if (lower.compare(lt, 5, "<link") == 0 && Lower(Attribute(tag, "rel")) == "stylesheet") {
      std::string href = resolve(Attribute(tag, "href"));
      auto css = fetch(href);
      if (css.ok()) {
        out += "<style>/* " + href + " */\n" + *css + "\n</style>";
      } else {
        out += "<!-- stylesheet " + href + " could not be saved -->";
      }
      continue;
    }
    if (mask_images && lower.compare(lt, 4, "<img") == 0 &&
        Lower(Attribute(tag, "src")).rfind("data:", 0) == 0) {
      out += kPlaceholder;
      continue;
    }
    out.append(tag);
  }
  if (pos < html.size()) out.append(html.substr(pos));
  return out;
}

ScreenArchive::ScreenArchive(std::string run_dir, std::string scenario_dir)
    : run_dir_(std::move(run_dir)), scenario_dir_(std::move(scenario_dir)) {}

StatusOr<std::string> ScreenArchive::Save(int index, const std::string& html) {
  if (!enabled()) return std::string();
  if (!last_file_.empty() && html == last_html_) return last_file_;
  char name[32];
  std::snprintf(name, sizeof name, "step-%02d.html", index);
  fs::path rel = fs::path("screens") / scenario_dir_ / name;
  fs::path full = fs::path(run_dir_) / rel;
  std::error_code ec;
  fs::create_directories(full.parent_path(), ec);
  std::ofstream file(full, std::ios::binary | std::ios::trunc);
  file << html;
  file.close();
  if (ec || !file) return Status::IoError("cannot write " + full.string());
  last_html_ = html;
  last_file_ = rel.string();
  return last_file_;
}

StatusOr<std::string> ScreenArchive::SavePng(int index, const std::string& png) {
  if (!enabled()) return std::string();
  char name[32];
  std::snprintf(name, sizeof name, "step-%02d.png", index);
  fs::path rel = fs::path("screens") / scenario_dir_ / name;
  fs::path full = fs::path(run_dir_) / rel;
  std::error_code ec;
  fs::create_directories(full.parent_path(), ec);
  std::ofstream file(full, std::ios::binary | std::ios::trunc);
  file << png;
  file.close();
  if (ec || !file) return Status::IoError("cannot write " + full.string());
  return rel.string();
}

}  // namespace proofup::runner
