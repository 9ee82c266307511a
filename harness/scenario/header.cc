// The scenario header: user, phone, vars, manual.
#include <algorithm>
#include <filesystem>

#include "harness/scenario/loader.h"
#include "harness/scenario/variables.h"

namespace proofup::scenario {
namespace fs = std::filesystem;

void Loader::ReadUser(YamlReader& r, const Entry& e, UserRef& user) {
  if (e.value.IsScalar()) {
    if (auto t = r.Text(e)) user.username = *t;
    return;
  }
  int before = r.error_count();
  bool has_username = false;
  for (const Entry& k :
       r.Entries(e, "a username or a mapping with username, password, display name",
                 {"username", "password", "display name"}, "\"user\"")) {
    auto t = r.Text(k, k.key == "password");
    if (!t) continue;
    if (k.key == "username") {
      user.username = *t;
      has_username = true;
    } else if (k.key == "password") {
      user.password = *t;
    } else {
      user.display_name = *t;
    }
  }
  if (r.error_count() == before && !has_username) {
    r.Error(e.mark(), "missing required key \"username\" in \"user\"");
  }
}

void Loader::ReadPhone(YamlReader& r, const Entry& e, PhoneSetup& phone) {
  int before = r.error_count();
  std::optional<Entry> asks, terms;
  for (const Entry& k : r.Entries(
           e, "a mapping with app, terms accepted, pin, asks for pin, clock skew, number",
           {"app", "terms accepted", "pin", "asks for pin", "clock skew", "number"}, "\"phone\"")) {
    if (k.key == "app") {
      if (auto i = r.Choice(k, {"installed", "not installed", "not-installed"}, "app state")) {
        phone.app_installed = *i == 0;
      }
    } else if (k.key == "terms accepted") {
      terms = k;
      if (auto b = r.YesNo(k)) phone.terms_accepted = *b;
    } else if (k.key == "pin") {
      if (auto t = r.Text(k)) phone.pin = *t;
    } else if (k.key == "asks for pin") {
      asks = k;
      if (auto b = r.YesNo(k)) phone.asks_for_pin = *b;
    } else if (k.key == "clock skew") {
      if (auto d = r.Duration(k, /*signed_ok=*/true)) phone.clock_skew_seconds = d->count() / 1000;
    } else if (auto t = r.Text(k)) {
      phone.number = *t;
    }
  }
  if (r.error_count() != before) return;
  if (phone.asks_for_pin && phone.pin.empty()) {
    r.Error(asks->mark(), "\"asks for pin: yes\" needs the phone's \"pin\"");
  }
  if (phone.terms_accepted && !phone.app_installed) {
    r.Error(terms->mark(), "\"terms accepted: yes\" needs \"app: installed\"");
  }
}

void Loader::ReadNeeds(YamlReader& r, const Entry& e, std::vector<std::string>& needs) {
  auto names = r.TextList(e);
  if (!names) return;
  for (const std::string& name : *names) {
    if (std::find(kNeedNames.begin(), kNeedNames.end(), name) == kNeedNames.end()) {
      r.Error(e.value_mark(), UnknownMessage("need", name, kNeedNames, "\"needs\""));
    } else if (std::find(needs.begin(), needs.end(), name) == needs.end()) {
      needs.push_back(name);
    }
  }
}

void Loader::ReadVars(YamlReader& r, const Entry& e,
                      std::vector<std::pair<std::string, std::string>>& vars) {
  if (!e.value.IsMap()) {
    r.Error(e.value_mark(),
            "expected a mapping of name: value for \"vars\", got " + YamlReader::KindOf(e.value));
    return;
  }
  std::vector<std::string> defined = BuiltinVariables();
  defined.insert(defined.end(), options_.extra_vars.begin(), options_.extra_vars.end());
  for (auto it = e.value.begin(); it != e.value.end(); ++it) {
    Entry name{"", it->first, it->first, "a variable name"};
    auto n = r.VarName(name);
    if (!n) continue;
    Entry value{*n, it->first, it->second, "\"" + *n + "\""};
    auto v = r.Text(value, /*allow_empty=*/true);
    if (!v) continue;
    if (auto problem = VariableProblem(*v, defined)) {
      r.Error(value.value_mark(), *problem);
    }
    vars.emplace_back(*n, *v);
    defined.push_back(*n);
  }
}

void Loader::ResolveManual(YamlReader& r, const Entry& e, const std::string& manual, Scenario& s) {
  s.manual = manual;
  fs::path p(manual);
  std::error_code ec;
  if (p.is_absolute()) {
    if (fs::is_regular_file(p, ec)) s.manual_path = p.string();
  } else {
    // From the scenario's folder up to the root: "fixtures/manual/x.yaml"
    // names a file of the repository the scenario lives in.
    for (fs::path dir = fs::absolute(s.file, ec).parent_path();; dir = dir.parent_path()) {
      if (fs::is_regular_file(dir / p, ec)) {
        s.manual_path = (dir / p).lexically_normal().string();
        break;
      }
      if (dir == dir.parent_path()) break;
    }
  }
  if (s.manual_path.empty()) {
    r.Warning(e.value_mark(), "manual file \"" + manual +
                                  "\" not found in the scenario's folder or any parent folder");
  }
}

}  // namespace proofup::scenario
