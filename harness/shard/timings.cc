// timings.json: written with nlohmann-json, read with yaml-cpp (JSON is YAML's
// flow style), whose nodes keep their line and column for the error messages.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "harness/shard/shard.h"

namespace proofup::shard {
namespace {

using nlohmann::json;

constexpr const char* kFormat = "proofup-timings";
constexpr int kFormatVersion = 1;

// A bad value: "path:line:column: what" (yaml-cpp marks are 0-based).
Status BadAt(const std::string& path, const YAML::Mark& mark, const std::string& what) {
  // A null node (an empty file) has no mark: point at the start.
  return Status::ParseError(path + ":" + std::to_string(std::max(0, mark.line) + 1) + ":" +
                            std::to_string(std::max(0, mark.column) + 1) + ": " + what);
}

// Reads typed fields of one map, keeping the first problem.
class MapReader {
 public:
  MapReader(const std::string& path, const YAML::Node& map) : path_(path), map_(map) {}
  Status status() const { return status_; }

  template <typename T>
  void Read(const char* key, T& out, bool required = false) {
    if (!status_.ok()) return;
    YAML::Node v = map_[key];
    if (!v || v.IsNull()) {
      if (required) status_ = BadAt(path_, map_.Mark(), std::string("missing \"") + key + "\"");
      return;
    }
    const char* want = std::is_same_v<T, std::string> ? "a string"
                       : std::is_same_v<T, int>       ? "an integer"
                                                      : "a number";
    if (!v.IsScalar()) {
      status_ = BadAt(path_, v.Mark(), std::string("\"") + key + "\" should be " + want);
      return;
    }
    if constexpr (std::is_same_v<T, std::string>) {
      out = v.Scalar();
    } else {
      // A quoted "12" is a string in JSON: yaml-cpp tags it "!".
      T value{};
      if (v.Tag() == "!" || !YAML::convert<T>::decode(v, value)) {
        status_ = BadAt(path_, v.Mark(), std::string("\"") + key + "\" should be " + want);
        return;
      }
      out = value;
    }
  }

 private:
  const std::string& path_;
  YAML::Node map_;
  Status status_;
};

Status ReadShard(const std::string& path, const YAML::Node& node, Fingerprint& out) {
  if (!node || node.IsNull()) return Status::Ok();
  auto spec = node.IsScalar() ? ParseShardSpec(node.Scalar())
                              : StatusOr<ShardSpec>(Status::InvalidArgument("not i/n"));
  if (!spec.ok()) return BadAt(path, node.Mark(), "\"shard\" should be i/n such as 2/4, or null");
  out.shard = *spec;
  return Status::Ok();
}

StatusOr<Timings> FromYaml(const std::string& path, const YAML::Node& root) {
  if (!root.IsMap()) return BadAt(path, root.Mark(), "not a proofup timing file (not an object)");
  Timings t;
  std::string format;
  int version = 0;
  MapReader top(path, root);
  top.Read("format", format, true);
  top.Read("format_version", version, true);
  top.Read("run_id", t.run_id);
  top.Read("started_at", t.started_at);
  if (!top.status().ok()) return top.status();
  if (format != kFormat)
    return BadAt(path, root["format"].Mark(),
                 "\"format\" should be \"" + std::string(kFormat) + "\", got \"" + format + "\"");
  if (version > kFormatVersion)
    return BadAt(path, root["format_version"].Mark(),
                 "format_version " + std::to_string(version) + " is newer than this proofup");
  YAML::Node fp = root["fingerprint"];
  if (!fp || !fp.IsMap()) return BadAt(path, root.Mark(), "missing \"fingerprint\" object");
  MapReader f(path, fp);
  f.Read("proofup_version", t.fingerprint.proofup_version, true);
  f.Read("scenario_set", t.fingerprint.scenario_set, true);
  f.Read("scenario_count", t.fingerprint.scenario_count, true);
  f.Read("merged_from", t.fingerprint.merged_from);
  if (!f.status().ok()) return f.status();
  if (Status s = ReadShard(path, fp["shard"], t.fingerprint); !s.ok()) return s;
  YAML::Node list = root["scenarios"];
  if (!list || !list.IsSequence()) return BadAt(path, root.Mark(), "missing \"scenarios\" array");
  for (const YAML::Node& item : list) {
    if (!item.IsMap()) return BadAt(path, item.Mark(), "a scenario should be an object");
    ScenarioTiming& s = t.scenarios.emplace_back();
    MapReader r(path, item);
    r.Read("file", s.file, true);
    r.Read("name", s.name, true);
    r.Read("position", s.position);
    r.Read("duration_ms", s.duration_ms, true);
    r.Read("steps", s.steps);
    r.Read("attempts", s.attempts);
    r.Read("status", s.status);
    if (!r.status().ok()) return r.status();
    if (s.duration_ms < 0) return BadAt(path, item["duration_ms"].Mark(), "negative duration_ms");
  }
  return t;
}

}  // namespace

Timings TimingsOf(const RunResult& run, const Fingerprint& fingerprint,
                  const std::vector<int>& positions) {
  Timings t;
  t.run_id = run.run_id;
  t.started_at = run.started_at;
  t.fingerprint = fingerprint;
  for (size_t k = 0; k < run.scenarios.size(); ++k) {
    const ScenarioResult& s = run.scenarios[k];
    ScenarioTiming& line = t.scenarios.emplace_back();
    line.file = s.file;
    line.name = s.name;
    line.position = k < positions.size() ? positions[k] : static_cast<int>(k);
    line.duration_ms = s.duration_ms;
    line.steps = static_cast<int>(s.steps.size());
    line.attempts = s.attempts;
    line.status = OutcomeName(s.outcome);
  }
  return t;
}

Status WriteTimings(const Timings& t, const std::string& path) {
  json scenarios = json::array();
  for (const ScenarioTiming& s : t.scenarios)
    scenarios.push_back({{"file", s.file},
                         {"name", s.name},
                         {"position", s.position},
                         {"duration_ms", s.duration_ms},
                         {"steps", s.steps},
                         {"attempts", s.attempts},
                         {"status", s.status}});
  const Fingerprint& f = t.fingerprint;
  json doc = {{"format", kFormat},
              {"format_version", kFormatVersion},
              {"run_id", t.run_id},
              {"started_at", t.started_at},
              {"fingerprint",
               {{"proofup_version", f.proofup_version},
                {"scenario_set", f.scenario_set},
                {"scenario_count", f.scenario_count},
                {"shard", f.shard ? json(FormatShardSpec(*f.shard)) : json(nullptr)},
                {"merged_from", f.merged_from}}},
              {"scenarios", std::move(scenarios)}};
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << doc.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    if (!out.flush()) return Status::IoError("cannot write " + path);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::IoError("cannot write " + path);
  }
  return Status::Ok();
}

StatusOr<Timings> ReadTimings(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read timing file " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Status::IoError("cannot read timing file " + path);
  try {
    return FromYaml(path, YAML::Load(buffer.str()));
  } catch (const YAML::Exception& e) {
    return BadAt(path, e.mark, "not valid JSON: " + e.msg);
  }
}

}  // namespace proofup::shard
