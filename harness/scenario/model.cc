// Naming and describing actions, and walking their texts.
#include <type_traits>

#include "harness/scenario/yaml_reader.h"

namespace proofup::scenario {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

std::string Quote(const std::string& s) { return "\"" + s + "\""; }

std::string DescribeLocator(const Locator& l) {
  return l.css.empty() ? Quote(l.text) : "css " + Quote(l.css);
}

std::string DescribeScreen(const ScreenExpectation& s) {
  std::vector<std::string> parts;
  if (!s.screen.empty()) parts.push_back(Quote(s.screen));
  if (!s.title.empty()) parts.push_back("title " + Quote(s.title));
  if (!s.heading.empty()) parts.push_back("heading " + Quote(s.heading));
  if (!s.subheading.empty()) parts.push_back("subheading " + Quote(s.subheading));
  for (const auto& t : s.text_contains) parts.push_back("text " + Quote(t));
  for (const auto& t : s.text_matches) parts.push_back("text matching " + Quote(t));
  for (const auto& l : s.present) parts.push_back("showing " + DescribeLocator(l));
  for (const auto& l : s.absent) parts.push_back("not showing " + DescribeLocator(l));
  if (!s.error.empty()) parts.push_back("error " + Quote(s.error));
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out;
}

std::string DescribeFields(const char* verb, const std::vector<FieldValue>& fields, bool fill) {
  std::string out = verb;
  for (size_t i = 0; i < fields.size(); ++i) {
    out += (i ? ", " : " ") + Quote(fields[i].field) + (fill ? " with " : " = ") +
           Quote(fields[i].value);
  }
  return out;
}

void AddScreenTexts(const ScreenExpectation& s, std::vector<const std::string*>& out) {
  for (const std::string* t : {&s.screen, &s.title, &s.heading, &s.subheading, &s.error}) {
    out.push_back(t);
  }
  for (const auto& t : s.text_contains) out.push_back(&t);
  for (const auto& t : s.text_matches) out.push_back(&t);
  for (const auto* list : {&s.present, &s.absent}) {
    for (const auto& l : *list) out.push_back(l.css.empty() ? &l.text : &l.css);
  }
}

void AddRequestTexts(const HttpRequest& a, std::vector<const std::string*>& out) {
  out.insert(out.end(), {&a.url, &a.body});
  for (const auto* list : {&a.headers, &a.form}) {
    for (const auto& [name, value] : *list) out.insert(out.end(), {&name, &value});
  }
  for (const HeaderCheck& h : a.expect_headers) out.push_back(&h.check.value);
  for (const BodyCheck& b : a.expect_body) out.push_back(&b.check.value);
}

}  // namespace

const char* FaultKindName(FaultKind kind) {
  switch (kind) {
    case FaultKind::kLatency:
      return "latency";
    case FaultKind::kHttp500:
      return "http500";
    case FaultKind::kDropSms:
      return "drop_sms";
    case FaultKind::kExpireQr:
      return "expire_qr";
    case FaultKind::kDropPush:
      return "drop_push";
  }
  return "?";
}

const char* ActionKind(const Action& action) {
  static const char* const kKinds[] = {"open",
                                       "expect",
                                       "wait",
                                       "fill",
                                       "select",
                                       "check",
                                       "choose",
                                       "click",
                                       "capture",
                                       "note",
                                       "phone.install_app",
                                       "phone.accept_terms",
                                       "phone.uninstall_app",
                                       "phone.scan_qr",
                                       "phone.enter_code_manually",
                                       "phone.answer_push",
                                       "phone.read_totp",
                                       "phone.read_sms",
                                       "phone.enter_pin",
                                       "phone.set_clock",
                                       "phone.add_account",
                                       "control.clock",
                                       "control.fault",
                                       "control.clear_faults",
                                       "control.reset",
                                       "pause",
                                       "request"};
  static_assert(std::size(kKinds) == std::variant_size_v<Action>);
  return kKinds[action.index()];
}

std::string Describe(const Action& action) {
  return std::visit(
      Overloaded{
          [](const Open& a) { return "go to " + Quote(a.url); },
          [](const ExpectScreen& a) { return "expect screen " + DescribeScreen(a.screen); },
          [](const WaitFor& a) { return "wait for " + DescribeScreen(a.screen); },
          [](const Fill& a) { return DescribeFields("fill", a.fields, true); },
          [](const Select& a) { return DescribeFields("select", a.fields, false); },
          [](const Check& a) { return (a.checked ? "check " : "uncheck ") + Quote(a.field); },
          [](const Choose& a) { return "choose " + Quote(a.option); },
          [](const Click& a) { return "click " + DescribeLocator(a.target); },
          [](const Capture& a) {
            std::string from = a.from_css.empty() ? "the page text" : "css " + Quote(a.from_css);
            return "capture ${" + a.var + "} from " + from +
                   (a.pattern.empty() ? "" : " matching " + Quote(a.pattern));
          },
          [](const Pause& a) { return "pause " + std::to_string(a.duration.count()) + " ms"; },
          [](const Note& a) { return "note: " + a.text; },
          [](const InstallApp&) { return std::string("phone: install app"); },
          [](const AcceptTerms&) { return std::string("phone: accept terms"); },
          [](const UninstallApp&) { return std::string("phone: uninstall app"); },
          [](const ScanQr& a) {
            std::string text =
                a.camera_can_read ? "phone: scan qr" : "phone: scan qr (camera cannot read it)";
            return a.refused.empty() ? text : text + " (must be refused: " + a.refused + ")";
          },
          [](const EnterCodeManually&) { return std::string("phone: enter code manually"); },
          [](const AnswerPush& a) {
            std::string verb = a.approve ? "phone: approve" : "phone: deny";
            return a.number.empty() ? verb : verb + " with number " + a.number;
          },
          [](const ReadTotp& a) { return "phone: read totp into ${" + a.var + "}"; },
          [](const ReadSms& a) { return "phone: read sms into ${" + a.var + "}"; },
          [](const EnterPin& a) {
            return std::string(a.pin.empty() ? "phone: enter pin"
                                             : "phone: enter pin (not the phone's own)");
          },
          [](const SetPhoneClock& a) {
            return "phone: clock skew " + std::to_string(a.skew_seconds) + "s";
          },
          [](const AddAccount& a) {
            return std::string(a.uri.empty() ? "phone: add account from a secret"
                                             : "phone: add account from an otpauth:// URI") +
                   (a.account.empty() ? "" : " for " + a.account);
          },
          [](const SetPortalClock& a) {
            return (a.mode == SetPortalClock::Mode::kAdvance ? "control: advance clock "
                                                             : "control: clock offset ") +
                   std::to_string(a.seconds) + "s";
          },
          [](const InjectFault& a) {
            return std::string("control: fault ") + FaultKindName(a.kind) +
                   (a.route.empty() ? "" : " on " + a.route);
          },
          [](const ClearFaults&) { return std::string("control: clear faults"); },
          [](const ResetUser&) { return std::string("control: reset user"); },
          [](const HttpRequest& a) { return "request " + a.method + " " + Quote(a.url); },
      },
      action);
}

std::vector<const std::string*> InterpolatedTexts(const Action& action) {
  std::vector<const std::string*> out;
  std::visit(Overloaded{
                 [&](const Open& a) { out.push_back(&a.url); },
                 [&](const ExpectScreen& a) { AddScreenTexts(a.screen, out); },
                 [&](const WaitFor& a) { AddScreenTexts(a.screen, out); },
                 [&](const Fill& a) {
                   for (const auto& f : a.fields) out.insert(out.end(), {&f.field, &f.value});
                 },
                 [&](const Select& a) {
                   for (const auto& f : a.fields) out.insert(out.end(), {&f.field, &f.value});
                 },
                 [&](const Check& a) { out.push_back(&a.field); },
                 [&](const Choose& a) { out.push_back(&a.option); },
                 [&](const Click& a) {
                   out.push_back(a.target.css.empty() ? &a.target.text : &a.target.css);
                 },
                 [&](const Capture& a) {
                   out.insert(out.end(), {&a.from_css, &a.pattern});
                 },
                 [&](const Note& a) { out.push_back(&a.text); },
                 [&](const AnswerPush& a) { out.push_back(&a.number); },
                 [&](const ReadSms& a) { out.push_back(&a.pattern); },
                 [&](const EnterPin& a) { out.push_back(&a.pin); },
                 [&](const AddAccount& a) {
                   out.insert(out.end(), {&a.uri, &a.secret, &a.account, &a.issuer});
                 },
                 [&](const InjectFault& a) {
                   out.insert(out.end(), {&a.route, &a.user});
                 },
                 [&](const HttpRequest& a) { AddRequestTexts(a, out); },
                 [](const auto&) {},
             },
             action);
  return out;
}

std::vector<const std::string*> VariablesSet(const Action& action) {
  if (const auto* c = std::get_if<Capture>(&action)) return {&c->var};
  if (const auto* t = std::get_if<ReadTotp>(&action)) return {&t->var};
  if (const auto* s = std::get_if<ReadSms>(&action)) return {&s->var};
  std::vector<const std::string*> out;
  if (const auto* r = std::get_if<HttpRequest>(&action))
    for (const RequestCapture& c : r->captures) out.push_back(&c.var);
  return out;
}

}  // namespace proofup::scenario
