// `phone:` and `control:` steps: a plain phrase ("phone: install app") or a
// mapping with one phrase and its value ("phone: {approve: ${number}}").
#include "harness/scenario/yaml_reader.h"

namespace proofup::scenario {
namespace {

const std::vector<std::string> kPhoneActions = {
    "install app", "accept terms", "uninstall app", "scan qr",  "enter code manually",
    "approve",     "deny",         "read totp",     "read sms", "enter pin",
    "clock skew",  "add account"};
// The phrases that need a value and an example of one.
const std::vector<std::pair<std::string, std::string>> kPhoneNeedsValue = {
    {"approve", "approve: ${number}"},
    {"read totp", "read totp: code"},
    {"read sms", "read sms: sms_code"},
    {"clock skew", "clock skew: 30s"},
    {"add account", "add account: {uri: \"${otpauth_uri}\"}"}};

const std::vector<std::string> kControlActions = {"advance clock", "clock offset", "fault",
                                                  "clear faults", "reset user"};
const std::vector<std::pair<std::string, std::string>> kControlNeedsValue = {
    {"advance clock", "advance clock: 11m"},
    {"clock offset", "clock offset: -90s"},
    {"fault", "fault: drop sms"}};

const std::vector<std::string> kFaultKinds = {"latency", "http 500", "drop sms", "expire qr",
                                              "drop push"};

// The phrase (key) and its value of a phone/control step; nullopt after reporting.
std::optional<Entry> Phrase(YamlReader& r, const Entry& e, std::string_view what,
                            const std::vector<std::string>& phrases,
                            const std::vector<std::pair<std::string, std::string>>& needs_value) {
  Entry phrase;
  if (e.value.IsScalar() && !e.value.Scalar().empty()) {
    phrase = Entry{e.value.Scalar(), e.value, YAML::Node(), "\"" + e.value.Scalar() + "\""};
  } else if (e.value.IsMap() && e.value.size() == 1) {
    auto it = e.value.begin();
    if (!it->first.IsScalar()) {
      r.Error(it->first.Mark(),
              "expected a " + std::string(what) + " (text), got " + YamlReader::KindOf(it->first));
      return std::nullopt;
    }
    phrase = Entry{it->first.Scalar(), it->first, it->second, "\"" + it->first.Scalar() + "\""};
  } else if (e.value.IsMap() && e.value.size() > 1) {
    auto second = std::next(e.value.begin());
    YAML::Node first_key = e.value.begin()->first, second_key = second->first;
    r.Error(second_key.Mark(),
            "a step has one " + std::string(what) + "; found \"" + first_key.as<std::string>("") +
                "\" and \"" + second_key.as<std::string>("") + "\": split them into two steps");
    return std::nullopt;
  } else {
    r.Error(e.value_mark(), "expected one " + std::string(what) + " for " + e.label + " (e.g. \"" +
                                e.key + ": " + phrases[0] + "\"), got " +
                                YamlReader::KindOf(e.value));
    return std::nullopt;
  }
  if (std::find(phrases.begin(), phrases.end(), phrase.key) == phrases.end()) {
    r.Error(phrase.mark(), UnknownMessage(what, phrase.key, phrases));
    return std::nullopt;
  }
  bool has_value = phrase.value.IsDefined() && !phrase.value.IsNull();
  for (const auto& [name, example] : needs_value) {
    if (phrase.key == name && !has_value) {
      r.Error(phrase.mark(), std::string(what) + " \"" + name + "\" needs a value, e.g. \"" +
                                 e.key + ": {" + example + "}\"");
      return std::nullopt;
    }
  }
  return phrase;
}

std::optional<Action> ScanQrAction(YamlReader& r, const Entry& p) {
  ScanQr scan;
  if (p.value.IsDefined() && !p.value.IsNull()) {
    int before = r.error_count();
    std::vector<Entry> entries = r.Entries(p, "a mapping with camera can read, refused",
                                           {"camera can read", "refused"}, "\"scan qr\"");
    if (entries.empty()) return std::nullopt;
    for (const Entry& e : entries) {
      if (e.key == "camera can read") {
        if (auto can = r.YesNo(e)) scan.camera_can_read = *can;
      } else if (auto reason = r.Text(e)) {
        scan.refused = *reason;
      }
    }
    if (r.error_count() > before) return std::nullopt;
  }
  return scan;
}

// "<phrase>: name" or "<phrase>: {into: name, <other>: ...}", the shape of
// "read sms" and "read totp": the variable goes to step.var, the one other key
// to read_other(entry, step). nullopt after reporting.
template <typename Step, typename ReadOther>
std::optional<Action> ReadIntoAction(YamlReader& r, const Entry& p, const std::string& phrase,
                                     const std::string& other, ReadOther read_other) {
  Step step;
  if (p.value.IsScalar()) {
    auto v = r.VarName(p);
    if (!v) return std::nullopt;
    step.var = *v;
    return step;
  }
  int before = r.error_count();
  bool has_into = false;
  const std::string quoted = "\"" + phrase + "\"";
  for (const Entry& k :
       r.Entries(p, "a variable name or a mapping with into, " + other, {"into", other}, quoted)) {
    if (k.key == "into") {
      has_into = true;
      if (auto v = r.VarName(k)) step.var = *v;
    } else {
      read_other(k, step);
    }
  }
  if (r.error_count() == before && !has_into)
    r.Error(p.mark(), "missing required key \"into\" in " + quoted);
  if (r.error_count() != before) return std::nullopt;
  return step;
}

// "read sms: sms_code" or "read sms: {into: sms_code, pattern: ...}".
std::optional<Action> ReadSmsAction(YamlReader& r, const Entry& p) {
  return ReadIntoAction<ReadSms>(r, p, "read sms", "pattern", [&r](const Entry& k, ReadSms& s) {
    if (auto v = r.Regex(k)) s.pattern = *v;
  });
}

// "read totp: code" or "read totp: {into: code, timeout: 35s}".
std::optional<Action> ReadTotpAction(YamlReader& r, const Entry& p) {
  return ReadIntoAction<ReadTotp>(r, p, "read totp", "timeout", [&r](const Entry& k, ReadTotp& t) {
    if (auto d = r.Duration(k)) t.timeout = *d;
  });
}

// "add account: ${value}" (an otpauth:// URI or a secret, told apart when it
// runs: the value is usually a variable) or a mapping with uri, or with
// secret and optional account and issuer.
std::optional<Action> AddAccountAction(YamlReader& r, const Entry& p) {
  AddAccount add;
  if (p.value.IsScalar()) {
    auto v = r.Text(p);
    if (!v) return std::nullopt;
    add.uri = *v;
    return add;
  }
  int before = r.error_count();
  bool has_uri = false, has_secret = false;
  for (const Entry& k : r.Entries(p, "a mapping with uri, or secret, account, issuer",
                                  {"uri", "secret", "account", "issuer"}, "\"add account\"")) {
    auto v = r.Text(k);
    if (!v) continue;
    if (k.key == "uri") {
      has_uri = true;
      add.uri = *v;
    } else if (k.key == "secret") {
      has_secret = true;
      add.secret = *v;
    } else if (k.key == "account") {
      add.account = *v;
    } else {
      add.issuer = *v;
    }
  }
  if (r.error_count() == before && has_uri == has_secret) {
    r.Error(p.mark(),
            "\"add account\" needs exactly one of \"uri\" (otpauth://...) and "
            "\"secret\" (Base32)");
  }
  if (r.error_count() == before && has_uri && (!add.account.empty() || !add.issuer.empty())) {
    r.Error(p.mark(), "\"add account\" with \"uri\" takes account and issuer from the URI");
  }
  if (r.error_count() != before) return std::nullopt;
  return add;
}

// A value that may be absent (an empty or missing value is "").
std::optional<std::string> OptionalText(YamlReader& r, const Entry& p) {
  if (!p.value.IsDefined() || p.value.IsNull()) return std::string();
  return r.Text(p);
}

std::optional<Action> FaultAction(YamlReader& r, const Entry& p) {
  InjectFault fault;
  std::optional<size_t> kind;
  int before = r.error_count();
  if (p.value.IsScalar()) {
    kind = r.Choice(p, kFaultKinds, "fault");
  } else {
    bool has_route = false, has_delay = false;
    for (const Entry& k :
         r.Entries(p, "a fault name or a mapping with kind, route, delay, count, user",
                   {"kind", "route", "delay", "count", "user"}, "\"fault\"")) {
      if (k.key == "kind") {
        kind = r.Choice(k, kFaultKinds, "fault");
      } else if (k.key == "route") {
        has_route = true;
        if (auto v = r.Text(k)) fault.route = *v;
      } else if (k.key == "delay") {
        has_delay = true;
        if (auto v = r.Duration(k)) fault.delay = *v;
      } else if (k.key == "count") {
        if (auto v = r.Integer(k)) fault.count = static_cast<int>(*v);
      } else if (auto v = r.Text(k)) {
        fault.user = *v;
      }
    }
    if (r.error_count() == before && !kind) {
      r.Error(p.mark(), "missing required key \"kind\" in \"fault\"");
    }
    if (kind && *kind <= 1 && !has_route && r.error_count() == before) {
      r.Error(p.mark(), "fault \"" + kFaultKinds[*kind] + "\" needs \"route\"");
    }
    if (kind && *kind == 0 && !has_delay && r.error_count() == before) {
      r.Error(p.mark(), "fault \"latency\" needs \"delay\"");
    }
  }
  if (!kind || r.error_count() != before) return std::nullopt;
  static const FaultKind kKinds[] = {FaultKind::kLatency, FaultKind::kHttp500, FaultKind::kDropSms,
                                     FaultKind::kExpireQr, FaultKind::kDropPush};
  fault.kind = kKinds[*kind];
  return fault;
}

// Phrases such as "install app" take no value; a value is most likely a mistake.
bool NoValue(YamlReader& r, const Entry& p, std::string_view what) {
  if (!p.value.IsDefined() || p.value.IsNull()) return true;
  r.Error(p.value_mark(), std::string(what) + " \"" + p.key + "\" takes no value");
  return false;
}

}  // namespace

std::optional<Action> ParsePhoneAction(YamlReader& r, const Entry& e) {
  auto p = Phrase(r, e, "phone action", kPhoneActions, kPhoneNeedsValue);
  if (!p) return std::nullopt;
  const std::string& k = p->key;
  bool simple = k == "install app" || k == "accept terms" || k == "uninstall app" ||
                k == "enter code manually";
  if (simple && !NoValue(r, *p, "phone action")) return std::nullopt;
  if (k == "install app") return InstallApp{};
  if (k == "accept terms") return AcceptTerms{};
  if (k == "uninstall app") return UninstallApp{};
  if (k == "enter code manually") return EnterCodeManually{};
  if (k == "scan qr") return ScanQrAction(r, *p);
  if (k == "read sms") return ReadSmsAction(r, *p);
  if (k == "add account") return AddAccountAction(r, *p);
  if (k == "read totp") return ReadTotpAction(r, *p);
  if (k == "approve" || k == "deny") {
    if (auto v = OptionalText(r, *p)) return AnswerPush{k == "approve", *v};
  } else if (k == "enter pin") {
    if (auto v = OptionalText(r, *p)) return EnterPin{*v};
  } else if (k == "clock skew") {
    if (auto d = r.Duration(*p, /*signed_ok=*/true)) return SetPhoneClock{d->count() / 1000};
  }
  return std::nullopt;
}

std::optional<Action> ParseControlAction(YamlReader& r, const Entry& e) {
  auto p = Phrase(r, e, "control action", kControlActions, kControlNeedsValue);
  if (!p) return std::nullopt;
  const std::string& k = p->key;
  if ((k == "clear faults" || k == "reset user") && !NoValue(r, *p, "control action")) {
    return std::nullopt;
  }
  if (k == "clear faults") return ClearFaults{};
  if (k == "reset user") return ResetUser{};
  if (k == "fault") return FaultAction(r, *p);
  bool advance = k == "advance clock";
  if (auto d = r.Duration(*p, /*signed_ok=*/!advance)) {
    return SetPortalClock{advance ? SetPortalClock::Mode::kAdvance : SetPortalClock::Mode::kOffset,
                          d->count() / 1000};
  }
  return std::nullopt;
}

}  // namespace proofup::scenario
