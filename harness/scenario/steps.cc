// One step of a scenario: `manual`, `note` and one action (or `expect screen`
// plus one action, which becomes two model steps, the expectation first).
#include <algorithm>
#include <map>

#include "harness/scenario/yaml_reader.h"

namespace proofup::scenario {
namespace {

const std::vector<std::string> kActionKeys = {
    "go to", "expect screen", "wait for", "fill",    "select", "check",   "uncheck", "choose",
    "click", "capture",       "phone",    "control", "pause",  "request", "include"};

std::vector<std::string> StepKeys() {
  std::vector<std::string> keys = {"manual", "note"};
  keys.insert(keys.end(), kActionKeys.begin(), kActionKeys.end());
  return keys;
}

std::string KeyList(const std::vector<std::string>& keys) {
  std::string s;
  for (size_t i = 0; i < keys.size(); ++i) s += (i ? ", " : "") + keys[i];
  return s;
}

std::optional<std::vector<int>> ManualSteps(YamlReader& r, const Entry& e,
                                            const LoadOptions& options) {
  std::vector<Entry> items;
  if (e.value.IsSequence()) {
    for (const YAML::Node& item : e.value) items.push_back(ItemEntry(e, item));
  } else if (e.value.IsScalar()) {
    items.push_back(e);
  }
  if (items.empty()) {
    r.Error(e.value_mark(),
            "expected a manual step number or a list of numbers for \"manual\", got " +
                YamlReader::KindOf(e.value));
    return std::nullopt;
  }
  std::vector<int> out;
  bool ok = true;
  for (const Entry& item : items) {
    auto n = r.Integer(item);
    if (n && (*n < 1 || *n > options.max_manual_step)) {
      r.Error(item.value_mark(), "manual step " + std::to_string(*n) + " is outside 1.." +
                                     std::to_string(options.max_manual_step));
      n.reset();
    }
    if (n) out.push_back(static_cast<int>(*n));
    ok = ok && n.has_value();
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::vector<Locator>> Locators(YamlReader& r, const Entry& e) {
  std::vector<Locator> out;
  bool ok = true;
  auto add = [&](const Entry& item) {
    auto l = r.LocatorValue(item);
    if (l) out.push_back(*l);
    ok = ok && l.has_value();
  };
  if (e.value.IsSequence()) {
    for (const YAML::Node& item : e.value) add(ItemEntry(e, item));
  } else {
    add(e);
  }
  if (!ok) return std::nullopt;
  return out;
}

// `expect screen` / `wait for`: a screen name, or a mapping of checks.
std::optional<ScreenExpectation> Screen(YamlReader& r, const Entry& e,
                                        std::chrono::milliseconds* timeout) {
  ScreenExpectation s;
  if (e.value.IsScalar() && !e.value.Scalar().empty()) {
    s.screen = e.value.Scalar();
    return s;
  }
  std::vector<std::string> keys = {"screen",       "title",   "heading", "subheading", "text",
                                   "text matches", "present", "absent",  "error"};
  if (timeout) keys.push_back("timeout");
  if (!e.value.IsMap() || e.value.size() == 0) {
    r.Error(e.value_mark(), "expected a screen name or a mapping with " + KeyList(keys) + " for " +
                                e.label + ", got " + YamlReader::KindOf(e.value));
    return std::nullopt;
  }
  int before = r.error_count();
  bool checks = false;
  for (const Entry& k : r.MappingEntries(e.value, keys, e.label)) {
    std::string* text = k.key == "screen"       ? &s.screen
                        : k.key == "title"      ? &s.title
                        : k.key == "heading"    ? &s.heading
                        : k.key == "subheading" ? &s.subheading
                        : k.key == "error"      ? &s.error
                                                : nullptr;
    checks = checks || k.key != "timeout";
    if (text) {
      if (auto t = r.Text(k)) *text = *t;
    } else if (k.key == "text") {
      if (auto t = r.TextList(k)) s.text_contains = *t;
    } else if (k.key == "text matches") {
      if (auto t = r.TextList(k)) {
        if (k.value.IsScalar()) r.Regex(k);
        for (size_t i = 0; k.value.IsSequence() && i < k.value.size(); ++i) {
          r.Regex(ItemEntry(k, k.value[i]));
        }
        s.text_matches = *t;
      }
    } else if (k.key == "present" || k.key == "absent") {
      if (auto l = Locators(r, k)) (k.key == "present" ? s.present : s.absent) = *l;
    } else if (k.key == "timeout") {
      if (auto d = r.Duration(k)) *timeout = *d;
    }
  }
  if (!checks && r.error_count() == before) {
    r.Error(e.value_mark(), e.label + " needs at least one check besides \"timeout\"");
  }
  if (r.error_count() != before) return std::nullopt;
  return s;
}

// `fill` / `select`: field -> value, in the order written.
std::optional<std::vector<FieldValue>> FieldValues(YamlReader& r, const Entry& e, bool fill) {
  if (!e.value.IsMap() || e.value.size() == 0) {
    r.Error(e.value_mark(), std::string("expected a mapping of field: ") +
                                (fill ? "value" : "option") + " for " + e.label + ", got " +
                                YamlReader::KindOf(e.value));
    return std::nullopt;
  }
  std::vector<FieldValue> out;
  std::map<std::string, int> seen;
  int before = r.error_count();
  for (auto it = e.value.begin(); it != e.value.end(); ++it) {
    Entry k{it->first.IsScalar() ? it->first.Scalar() : "", it->first, it->second, ""};
    if (k.key.empty()) {
      r.Error(k.mark(), "expected a field name (text) in " + e.label + ", got " +
                            YamlReader::KindOf(it->first));
      continue;
    }
    k.label = "field \"" + k.key + "\"";
    if (auto [pos, inserted] = seen.emplace(k.key, k.mark().line + 1); !inserted) {
      r.Error(k.mark(), "duplicate key \"" + k.key + "\" (first at line " +
                            std::to_string(pos->second) + ")");
      continue;
    }
    if (auto v = r.Text(k, /*allow_empty=*/fill)) out.push_back(FieldValue{k.key, *v});
  }
  if (r.error_count() != before) return std::nullopt;
  return out;
}

std::optional<Action> ParseCapture(YamlReader& r, const Entry& e) {
  int before = r.error_count();
  Capture c;
  bool has_into = false, has_source = false;
  for (const Entry& k : r.Entries(e, "a mapping with into, from, pattern",
                                  {"into", "from", "pattern", "secret"}, "\"capture\"")) {
    if (k.key == "into") {
      if (auto v = r.VarName(k)) c.var = *v;
      has_into = true;
    } else if (k.key == "from") {
      if (auto v = r.Text(k)) c.from_css = *v;
      has_source = true;
    } else if (k.key == "pattern") {
      if (auto v = r.Regex(k)) c.pattern = *v;
      has_source = true;
    } else if (auto v = r.YesNo(k)) {
      c.secret = *v;
    }
  }
  if (r.error_count() != before) return std::nullopt;
  if (!has_into) r.Error(e.mark(), "missing required key \"into\" in \"capture\"");
  if (!has_source) r.Error(e.mark(), "\"capture\" needs \"from\" (a CSS selector) or \"pattern\"");
  if (r.error_count() != before) return std::nullopt;
  return c;
}

std::optional<Action> ParseAction(YamlReader& r, const Entry& e) {
  const std::string& k = e.key;
  if (k == "go to") {
    if (auto t = r.Text(e)) return Open{*t};
  } else if (k == "expect screen") {
    if (auto s = Screen(r, e, nullptr)) return ExpectScreen{*s};
  } else if (k == "wait for") {
    WaitFor w;
    if (auto s = Screen(r, e, &w.timeout)) {
      w.screen = *s;
      return w;
    }
  } else if (k == "fill") {
    if (auto f = FieldValues(r, e, true)) return Fill{*f};
  } else if (k == "select") {
    if (auto f = FieldValues(r, e, false)) return Select{*f};
  } else if (k == "check" || k == "uncheck") {
    if (auto t = r.Text(e)) return Check{*t, k == "check"};
  } else if (k == "choose") {
    if (auto t = r.Text(e)) return Choose{*t};
  } else if (k == "click") {
    if (auto l = r.LocatorValue(e)) return Click{*l};
  } else if (k == "capture") {
    return ParseCapture(r, e);
  } else if (k == "phone") {
    return ParsePhoneAction(r, e);
  } else if (k == "control") {
    return ParseControlAction(r, e);
  } else if (k == "request") {
    return ParseRequestAction(r, e);
  } else if (k == "pause") {
    if (auto d = r.Duration(e)) {
      if (*d > std::chrono::minutes(10)) {
        r.Error(e.value_mark(), "a pause of more than 10 minutes is surely a mistake");
        return std::nullopt;
      }
      return Pause{*d};
    }
  }
  return std::nullopt;
}

}  // namespace

ParsedStep ParseStep(YamlReader& r, const YAML::Node& node, const LoadOptions& options) {
  ParsedStep out;
  if (!node.IsMap()) {
    r.Error(node.Mark(), "expected a step (a mapping such as \"click: Volgende\"), got " +
                             YamlReader::KindOf(node));
    return out;
  }
  int before = r.error_count();
  std::vector<Entry> entries = r.MappingEntries(node, StepKeys(), "a step");
  bool key_errors = r.error_count() != before;
  std::vector<int> manual;
  std::string note;
  std::vector<const Entry*> actions;
  for (const Entry& e : entries) {
    if (e.key == "manual") {
      if (auto m = ManualSteps(r, e, options)) manual = *m;
    } else if (e.key == "note") {
      if (auto t = r.Text(e)) note = *t;
    } else {
      actions.push_back(&e);
    }
  }
  // `expect screen` goes first whatever the written order.
  std::stable_sort(actions.begin(), actions.end(), [](const Entry* a, const Entry* b) {
    return a->key == "expect screen" && b->key != "expect screen";
  });
  bool pair = actions.size() == 2 && actions[0]->key == "expect screen" &&
              actions[1]->key != "include" && actions[1]->key != "wait for";
  if (actions.size() > 1 && !pair) {
    // Name two actions that cannot share the step; the caret goes to the later one.
    size_t first = actions[0]->key == "expect screen" && actions.size() > 2 ? 1 : 0;
    const Entry* a = actions[first];
    const Entry* b = actions[first + 1];
    if (b->mark().pos < a->mark().pos) std::swap(a, b);
    r.Error(b->mark(), "a step has one action (or \"expect screen\" and one action); found \"" +
                           a->key + "\" and \"" + b->key + "\": split them into two steps");
    return out;
  }
  if (actions.empty()) {
    if (!note.empty()) {
      out.steps.push_back(Step{r.Location(node.Mark()), manual, note, "", {}, Note{note}});
    } else if (!key_errors && r.error_count() == before) {
      r.Error(node.Mark(),
              "a step needs an action: one of " + KeyList(kActionKeys) + " (or only a \"note\")");
    }
    return out;
  }
  if (actions.back()->key == "include") {
    if (auto file = r.Text(*actions.back())) {
      out.include = IncludeRequest{*file, actions.back()->mark(), manual, note};
    }
    return out;
  }
  for (const Entry* e : actions) {
    if (auto a = ParseAction(r, *e)) {
      out.steps.push_back(Step{r.Location(e->mark()), manual, note, "", {}, std::move(*a)});
    }
  }
  if (r.error_count() != before) out.steps.clear();
  return out;
}

}  // namespace proofup::scenario
