#include "harness/runner/screen_archive.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "harness/browser/html_scan.h"

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

// The strictest policy that still shows a saved screen: nothing is loaded or
// run, only inline styles and data: images (the QR placeholder, inlined CSS).
const char kCspMeta[] =
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
    "img-src data:; style-src 'unsafe-inline'\">";

bool IsActiveElement(std::string_view name) {
  static constexpr std::string_view kActive[] = {"iframe", "frame",  "frameset", "object",
                                                 "embed",  "applet", "base",     "portal"};
  return std::find(std::begin(kActive), std::end(kActive), name) != std::end(kActive);
}

// A URL that runs code when followed or loaded. Browsers ignore tabs, newlines
// and leading spaces/controls in a scheme, so those are skipped first.
bool IsScriptUrl(std::string_view value) {
  std::string compact;
  for (char c : value) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20) continue;
    compact += static_cast<char>(std::tolower(u));
    if (compact.size() >= 16) break;
  }
  return compact.starts_with("javascript:") || compact.starts_with("vbscript:") ||
         compact.starts_with("data:text/html");
}

// Element name of a start or end tag, lower-case ("" for comments, doctype).
std::string ElementName(std::string_view tag) {
  size_t i = tag.size() > 1 && tag[1] == '/' ? 2 : 1;
  std::string name;
  while (i < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[i])) || tag[i] == '-'))
    name += static_cast<char>(std::tolower(static_cast<unsigned char>(tag[i++])));
  return name;
}

// `tag` (a whole start tag) without event handlers (on*), srcdoc, and URL
// attributes that run script; everything else exactly as written.
std::string NeutraliseStartTag(std::string_view tag) {
  size_t i = 1;
  while (i < tag.size() && !std::isspace(static_cast<unsigned char>(tag[i])) && tag[i] != '>' &&
         tag[i] != '/')
    ++i;
  std::string out(tag.substr(0, i));
  while (i < tag.size()) {
    size_t start = i;
    while (i < tag.size() && (std::isspace(static_cast<unsigned char>(tag[i])) || tag[i] == '/'))
      ++i;
    if (i >= tag.size() || tag[i] == '>') {
      out.append(tag.substr(start));
      break;
    }
    size_t name_start = i;
    while (i < tag.size() && !std::isspace(static_cast<unsigned char>(tag[i])) && tag[i] != '=' &&
           tag[i] != '>' && (tag[i] != '/' || i == name_start))
      ++i;
    std::string name = Lower(tag.substr(name_start, i - name_start));
    size_t j = i;
    while (j < tag.size() && std::isspace(static_cast<unsigned char>(tag[j]))) ++j;
    std::string value;
    if (j < tag.size() && tag[j] == '=') {
      ++j;
      while (j < tag.size() && std::isspace(static_cast<unsigned char>(tag[j]))) ++j;
      if (j < tag.size() && (tag[j] == '"' || tag[j] == '\'')) {
        size_t close = tag.find(tag[j], j + 1);
        close = close == std::string_view::npos ? tag.size() - 1 : close;
        value = std::string(tag.substr(j + 1, close - j - 1));
        j = close + 1;
      } else {
        size_t v = j;
        while (j < tag.size() && !std::isspace(static_cast<unsigned char>(tag[j])) && tag[j] != '>')
          ++j;
        value = std::string(tag.substr(v, j - v));
      }
      i = j;
    }
    bool drop = name.starts_with("on") || name == "srcdoc" || IsScriptUrl(value);
    if (!drop) out.append(tag.substr(start, i - start));
  }
  return out;
}

// Whether a shot that painted over `before` also hides every secret in
// `now` on a page whose markup is `html`: each secret learned since is
// absent from the markup (plain characters only, see ReusableShot).
bool NothingNewToMask(const std::vector<std::string>& before, const std::vector<std::string>& now,
                      const std::string& html) {
  for (const std::string& secret : now) {
    if (std::find(before.begin(), before.end(), secret) != before.end()) continue;
    bool plain = std::all_of(secret.begin(), secret.end(), [](unsigned char c) {
      return std::isalnum(c) || c == ' ' || c == '-' || c == '_' || c == '.' || c == '+' ||
             c == '/' || c == '=' || c == ':';
    });
    if (!plain || secret.empty() || html.find(secret) != std::string::npos) return false;
  }
  return true;
}

}  // namespace

std::string MakeOffline(std::string_view html, const UrlResolver& resolve,
                        const StylesheetFetcher& fetch, bool mask_images) {
  const std::string lower = Lower(html);
  std::string out;
  out.reserve(html.size() + sizeof kCspMeta);
  size_t pos = 0;
  // The policy comes first, before any content it must govern (after a doctype,
  // which must stay first to keep the page out of quirks mode).
  size_t first = lower.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && lower.compare(first, 9, "<!doctype") == 0) {
    size_t gt = html.find('>', first);
    pos = gt == std::string_view::npos ? html.size() : gt + 1;
    out.append(html.substr(0, pos));
  }
  out += kCspMeta;
  while (pos < html.size()) {
    size_t lt = html.find('<', pos);
    if (lt == std::string_view::npos) break;
    out.append(html.substr(pos, lt - pos));
    if (lower.compare(lt, 4, "<!--") == 0) {
      size_t close = lower.find("-->", lt + 4);
      pos = close == std::string::npos ? html.size() : close + 3;
      out.append(html.substr(lt, pos - lt));
      continue;
    }
    size_t end = browser::HtmlTagEnd(html, lt);
    if (end == std::string_view::npos) {
      pos = lt;
      break;
    }
    std::string_view tag = html.substr(lt, end - lt);
    pos = end;
    std::string name = ElementName(tag);
    bool closing = tag.size() > 1 && tag[1] == '/';
    if (name == "script" && !closing) {
      size_t close = lower.find("</script", end);
      size_t close_end = close == std::string::npos ? std::string::npos : lower.find('>', close);
      pos = close_end == std::string::npos ? html.size() : close_end + 1;
      continue;
    }
    if (IsActiveElement(name) || name == "script") continue;  // frames, plugins, <base>
    if (name == "meta" && !closing && Lower(Attribute(tag, "http-equiv")) == "refresh") continue;
    if (name == "link" && !closing && Lower(Attribute(tag, "rel")) == "stylesheet") {
      std::string href = resolve(Attribute(tag, "href"));
      auto css = fetch(href);
      if (css.ok()) {
        // "</" cannot end the <style> early: a stylesheet must not inject markup.
        std::string text = *css;
        for (size_t at = text.find("</"); at != std::string::npos; at = text.find("</", at + 3))
          text.replace(at, 2, "<\\/");
        out += "<style>/* " + href + " */\n" + text + "\n</style>";
      } else {
        out += "<!-- stylesheet " + href + " could not be saved -->";
      }
      continue;
    }
    if (mask_images && name == "img" && !closing &&
        Lower(Attribute(tag, "src")).rfind("data:", 0) == 0) {
      out += kPlaceholder;
      continue;
    }
    if (closing || name.empty()) {
      out.append(tag);
    } else {
      out += NeutraliseStartTag(tag);
    }
  }
  if (pos < html.size()) out.append(html.substr(pos));
  return out;
}

ScreenArchive::ScreenArchive(std::string run_dir, std::string scenario_dir)
    : run_dir_(std::move(run_dir)), scenario_dir_(std::move(scenario_dir)) {}

StatusOr<std::string> ScreenArchive::WriteStepFile(int index, const char* extension,
                                                   const std::string& bytes) const {
  char name[32];
  std::snprintf(name, sizeof name, "step-%02d.%s", index, extension);
  fs::path rel = fs::path("screens") / scenario_dir_ / name;
  fs::path full = fs::path(run_dir_) / rel;
  std::error_code ec;
  fs::create_directories(full.parent_path(), ec);
  std::ofstream file(full, std::ios::binary | std::ios::trunc);
  file << bytes;
  file.close();
  if (ec || !file) return Status::IoError("cannot write " + full.string());
  return rel.string();
}

StatusOr<std::string> ScreenArchive::Save(int index, const std::string& html) {
  if (!enabled()) return std::string();
  if (!last_file_.empty() && html == last_html_) return last_file_;
  auto written = WriteStepFile(index, "html", html);
  if (!written.ok()) return written.status();
  last_html_ = html;
  last_file_ = std::move(*written);
  return last_file_;
}

StatusOr<std::string> ScreenArchive::SavePng(int index, const std::string& png,
                                             ShotContent content) {
  if (!enabled()) return std::string();
  auto written = WriteStepFile(index, "png", png);
  if (!written.ok()) return written.status();
  last_shot_ = std::move(content);
  last_shot_file_ = std::move(*written);
  return last_shot_file_;
}

std::string ScreenArchive::ReusableShot(const ShotContent& content) const {
  if (last_shot_file_.empty() || last_shot_.html != content.html ||
      last_shot_.outline != content.outline ||
      !NothingNewToMask(last_shot_.masked, content.masked, content.html))
    return "";
  return last_shot_file_;
}

}  // namespace proofup::runner
