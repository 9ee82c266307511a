// The shard spec, the scenario-set hash and the split (LPT, then refined).
#include <openssl/evp.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <numeric>
#include <tuple>

#include "harness/shard/shard.h"

namespace proofup::shard {
namespace {

constexpr int kMaxShards = 1000;
constexpr size_t kNone = static_cast<size_t>(-1);

std::string Normal(const std::string& file) {
  return std::filesystem::path(file).lexically_normal().string();
}

bool ParseInt(std::string_view text, int& out) {
  if (text.empty() || text.size() > 6) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// Refinement rounds after LPT at most (each lowers the heaviest part, so it
// ends anyway; this bounds the time on huge lists, where LPT is close already).
constexpr int kMaxRefinements = 256;

// After LPT: while one move of an item out of the heaviest part, or one swap
// with a lighter item of another part, makes both parts lighter than the
// heaviest was, make the best such change (the lowest new maximum of the two;
// ties: the first in `order`, then the lower part). LPT alone leaves e.g.
// {3,3,2,2,2} on two parts as 7/5; one swap makes it 6/6. Integer loads and
// a fixed order keep it deterministic.
void Refine(const std::vector<int64_t>& weight, const std::vector<size_t>& order, Split& split) {
  std::vector<int64_t>& load = split.load_us;
  const int parts = static_cast<int>(load.size());
  for (int round = 0; round < kMaxRefinements; ++round) {
    const int heavy = static_cast<int>(std::max_element(load.begin(), load.end()) - load.begin());
    const int64_t top = load[heavy];
    int64_t best = top;              // the new max(heavy, other) to beat
    size_t out = kNone, in = kNone;  // the item leaving heavy; the one coming in (or none)
    int to = -1;
    for (size_t i : order) {
      if (split.part_of[i] != heavy) continue;
      for (int p = 0; p < parts; ++p) {  // a move
        if (p == heavy) continue;
        const int64_t now = std::max(top - weight[i], load[p] + weight[i]);
        if (now < best) std::tie(best, out, in, to) = std::tuple(now, i, kNone, p);
      }
      for (size_t j : order) {  // a swap with a lighter item elsewhere
        const int p = split.part_of[j];
        if (p == heavy || weight[j] >= weight[i]) continue;
        const int64_t d = weight[i] - weight[j];
        const int64_t now = std::max(top - d, load[p] + d);
        if (now < best) std::tie(best, out, in, to) = std::tuple(now, i, j, p);
      }
    }
    if (to < 0) return;
    const int64_t d = weight[out] - (in == kNone ? 0 : weight[in]);
    split.part_of[out] = to;
    if (in != kNone) split.part_of[in] = heavy;
    load[heavy] -= d;
    load[to] += d;
  }
}

}  // namespace

StatusOr<ShardSpec> ParseShardSpec(const std::string& text) {
  const size_t slash = text.find('/');
  ShardSpec spec;
  if (slash == std::string::npos ||
      !ParseInt(std::string_view(text).substr(0, slash), spec.index) ||
      !ParseInt(std::string_view(text).substr(slash + 1), spec.count))
    return Status::InvalidArgument("--shard: expected i/n such as 2/4, got \"" + text + "\"");
  if (spec.count < 1 || spec.count > kMaxShards)
    return Status::InvalidArgument("--shard " + text + ": n must be between 1 and " +
                                   std::to_string(kMaxShards));
  if (spec.index < 1 || spec.index > spec.count)
    return Status::InvalidArgument("--shard " + text + ": i must be between 1 and n (" +
                                   std::to_string(spec.count) + ")");
  return spec;
}

std::string FormatShardSpec(const ShardSpec& spec) {
  return std::to_string(spec.index) + "/" + std::to_string(spec.count);
}

std::string ScenarioSetHash(const std::vector<SetEntry>& entries) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  // Length-prefixed fields: ("ab", "c") and ("a", "bc") hash differently.
  auto add = [&ctx](const std::string& field) {
    const std::string length = std::to_string(field.size()) + ":";
    EVP_DigestUpdate(ctx.get(), length.data(), length.size());
    EVP_DigestUpdate(ctx.get(), field.data(), field.size());
  };
  for (const SetEntry& e : entries) {
    add(Normal(e.file));
    add(e.name);
    add(e.content);
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &size);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xF];
  }
  return hex;
}

Split SplitScenarios(const std::vector<SplitItem>& items, int count,
                     const std::vector<ScenarioTiming>& timings) {
  Split split;
  count = std::max(1, count);
  // Known times (of the last attempt, as the report holds), in integer µs so
  // that every machine sums alike.
  // Duplicates in the file (a merge of retries keeps one line each; a
  // hand-edited file may not): the largest wins, whatever their order.
  std::map<std::pair<std::string, std::string>, int64_t> known;
  for (const ScenarioTiming& t : timings) {
    if (t.duration_ms <= 0 || t.status == OutcomeName(Outcome::kNotRun) ||
        t.status == OutcomeName(Outcome::kSkipped))
      continue;
    const int64_t us = std::llround(t.duration_ms * 1000.0);
    int64_t& slot = known[{Normal(t.file), t.name}];
    slot = std::max(slot, std::max<int64_t>(1, us));
  }
  std::vector<int64_t> weight(items.size(), 0);
  std::vector<bool> have(items.size(), false);
  int64_t known_us = 0, known_steps = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    auto it = known.find({Normal(items[i].file), items[i].name});
    if (it == known.end()) continue;
    have[i] = true;
    weight[i] = it->second;
    known_us += it->second;
    known_steps += std::max(1, items[i].steps);
  }
  for (size_t i = 0; i < items.size(); ++i) {
    if (have[i]) continue;
    ++split.estimated;
    const int64_t steps = std::max(1, items[i].steps);
    // No timings at all: the step count itself is the weight.
    weight[i] = known_steps > 0 ? std::max<int64_t>(1, steps * known_us / known_steps) : steps;
  }

  std::vector<size_t> order(items.size());
  std::iota(order.begin(), order.end(), 0);
  std::vector<std::string> files(items.size());
  for (size_t i = 0; i < items.size(); ++i) files[i] = Normal(items[i].file);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::tie(weight[b], files[a], items[a].name, a) <
           std::tie(weight[a], files[b], items[b].name, b);
  });
  split.part_of.assign(items.size(), 0);
  split.load_us.assign(count, 0);
  for (size_t i : order) {
    const int part = static_cast<int>(std::min_element(split.load_us.begin(), split.load_us.end()) -
                                      split.load_us.begin());
    split.part_of[i] = part;
    split.load_us[part] += weight[i];
  }
  Refine(weight, order, split);
  return split;
}

}  // namespace proofup::shard
