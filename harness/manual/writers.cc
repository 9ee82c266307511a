// Writers of a ManualCheck: the console table, manual.json and manual.html.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "harness/base/counted.h"
#include "harness/manual/atomic_write.h"
#include "harness/manual/manual.h"

namespace proofup::manual {
namespace {

// "#10-13; #2,#5": the covering steps' indexes per scenario, runs as ranges.
std::string Covering(const StepCheck& s) {
  if (s.covered_by.empty()) return "-";
  std::string out;
  for (size_t i = 0; i < s.covered_by.size();) {
    size_t j = i;
    while (j + 1 < s.covered_by.size() &&
           s.covered_by[j + 1].scenario == s.covered_by[i].scenario &&
           s.covered_by[j + 1].index == s.covered_by[j].index + 1)
      ++j;
    bool new_scenario = i > 0 && s.covered_by[i].scenario != s.covered_by[i - 1].scenario;
    out += (i == 0 ? "#" : new_scenario ? "; #" : ",#") + std::to_string(s.covered_by[i].index);
    if (j > i) out += "-" + std::to_string(s.covered_by[j].index);
    i = j + 1;
  }
  return out;
}

// "1 label missing", "3 labels missing".
std::string CountOf(FindingKind kind, int n) {
  const char* plural = kind == FindingKind::kLabelMissing ? "labels missing"
                       : kind == FindingKind::kReordered  ? "reordered"
                       : kind == FindingKind::kNewScreen  ? "new screens"
                                                          : "not covered";
  return Counted(n, FindingKindName(kind), plural);
}

std::string LabelCell(const LabelCheck& l) {
  std::string q = "\"" + l.label + "\"";
  switch (l.match) {
    case LabelMatch::kExact:
      return q + " ok";
    case LabelMatch::kCaseOrSpacing:
      return q + " ~ \"" + l.seen + "\"";
    case LabelMatch::kMissing:
      return q + " MISSING" + (l.seen.empty() ? "" : " -> \"" + l.seen + "\"");
    case LabelMatch::kNotChecked:
      return q + " ?";
  }
  return q;
}

std::string Pad(const std::string& s, size_t width) {
  // Byte width is close enough for the table's ASCII-heavy cells.
  return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
}

nlohmann::json ToJson(const ManualCheck& c) {
  using nlohmann::json;
  json steps = json::array();
  for (const auto& s : c.steps) {
    json covered = json::array(), labels = json::array();
    for (const auto& cs : s.covered_by)
      covered.push_back({{"scenario", cs.scenario},
                         {"index", cs.index},
                         {"description", cs.description},
                         {"outcome", OutcomeName(cs.outcome)}});
    for (const auto& l : s.labels)
      labels.push_back({{"label", l.label},
                        {"match", LabelMatchName(l.match)},
                        {"seen", l.seen},
                        {"reason", l.reason}});
    steps.push_back({{"step", s.number},
                     {"actor", ActorName(s.actor)},
                     {"summary", s.summary},
                     {"status", StepStatusName(s.status)},
                     {"note", s.note},
                     {"covered_by", covered},
                     {"labels", labels},
                     {"phone_labels", s.phone_labels},
                     {"screens_seen", s.screens_seen},
                     {"screenshot", s.screenshot},
                     {"screen_file", s.screen_file}});
  }
  json findings = json::array();
  for (const auto& f : c.findings)
    findings.push_back({{"kind", FindingKindName(f.kind)},
                        {"step", f.step},
                        {"subject", f.subject},
                        {"now", f.now},
                        {"message", f.message}});
  return {{"manual", c.manual_file},  {"title", c.manual_title}, {"language", c.language},
          {"compared", c.Compared()}, {"matches", c.Matches()},  {"scenarios", c.scenarios},
          {"steps", steps},           {"findings", findings}};
}

}  // namespace

Status WriteAtomically(const std::string& path, const std::string& contents) {
  std::string tmp = path + ".tmp" + std::to_string(getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << contents;
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      return Status::IoError("cannot write " + path);
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    return Status::IoError("cannot write " + path + ": " + ec.message());
  }
  return Status::Ok();
}

std::string FormatConsoleTable(const ManualCheck& c) {
  std::ostringstream out;
  out << "manual: " << c.manual_file << "\n";
  out << Pad("step", 5) << Pad("actor", 9) << Pad("covered by", 14) << Pad("status", 13)
      << "labels\n";
  for (const auto& s : c.steps) {
    std::string labels;
    for (const auto& l : s.labels) labels += (labels.empty() ? "" : ", ") + LabelCell(l);
    for (const auto& p : s.phone_labels)
      labels += (labels.empty() ? "" : ", ") + ("(phone) \"" + p + "\"");
    out << Pad(std::to_string(s.number), 5) << Pad(ActorName(s.actor), 9) << Pad(Covering(s), 14)
        << Pad(StepStatusName(s.status), 13) << labels << "\n";
    if (!s.note.empty() && s.status == StepStatus::kNotChecked) out << "     " << s.note << "\n";
  }
  for (const auto& f : c.findings)
    out << "  " << FindingKindName(f.kind) << ": " << f.message << "\n";
  out << SummaryLine(c) << "\n";
  return out.str();
}

std::string SummaryLine(const ManualCheck& c) {
  std::string name = std::filesystem::path(c.manual_file).filename().string();
  if (c.Matches())
    return "manual: " + name + " matches (" +
           Counted(static_cast<long long>(c.steps.size()), "step") + ")";
  if (!c.Compared()) return "manual: " + name + " not compared (no scenario of the run names it)";
  std::map<FindingKind, int> kinds;
  for (const auto& f : c.findings) ++kinds[f.kind];
  int unchecked = 0;
  for (const auto& s : c.steps) unchecked += s.status == StepStatus::kNotChecked;
  std::string line = "manual: " + name + (c.findings.empty() ? " not confirmed:" : " drift:");
  std::string parts;
  for (const auto& [kind, count] : kinds)
    parts += (parts.empty() ? " " : ", ") + CountOf(kind, count);
  if (unchecked > 0)
    parts += (parts.empty() ? " " : ", ") + Counted(unchecked, "step") + " not checked";
  return line + parts;
}

Status WriteManualJson(const std::vector<ManualCheck>& checks, const std::string& path) {
  nlohmann::json doc = {{"checks", nlohmann::json::array()}};
  for (const auto& c : checks) doc["checks"].push_back(ToJson(c));
  return WriteAtomically(path,
                         doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

}  // namespace proofup::manual
