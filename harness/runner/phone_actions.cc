// ScenarioRun's phone and control-API actions: where the screen and the phone meet.

#include "harness/base/counted.h"
#include "harness/qr/qr.h"
#include "harness/runner/expectation.h"
#include "harness/runner/scenario_run.h"
#include "harness/runner/text_search.h"

namespace proofup::runner {

StatusOr<phone::PhoneOptions> ScenarioRun::PhoneSettings() const {
  const scenario::PhoneSetup& setup = scenario_.phone;
  phone::PhoneOptions o;
  o.app_installed = setup.app_installed;
  o.terms_accepted = setup.terms_accepted;
  if (!setup.pin.empty()) o.pin = setup.pin;
  o.pin_required = setup.asks_for_pin;
  o.sim_number = !setup.number.empty() ? setup.number : (user_ ? user_->phone : "");
  if (o.sim_number.empty()) o.sim_number = phone::PhoneOptions().sim_number;
  o.sms = options_.sms;
  // The outbox route is mock-idp's: any other portal never gets the number.
  if (o.sms.kind == "mock_outbox" && !options_.offers.mock_phone_api) o.sms.kind = "none";
  // A user the portal already knows a device of starts with that device's app.
  if (user_ && !user_->device_totp_secret.empty()) {
    o.app_installed = true;
    o.terms_accepted = true;
    o.push_token = user_->device_push_token;
    phone::PresetAccount account;
    account.name = user_->username;
    account.totp_secret = user_->device_totp_secret;
    if (user_->device_method != "totp") account.service_url = options_.target;
    o.accounts.push_back(account);
  }
  return o;
}

void ScenarioRun::LearnPhoneSecrets() {
  if (!phone_) return;
  for (const std::string& s : phone_->secrets().secrets()) mask_.Add(s);
}

void ScenarioRun::RecordPhoneScreen(const scenario::Action& action, StepResult& r) const {
  using Kind = PhoneScreen::Kind;
  const std::string kind = scenario::ActionKind(action);
  phone::AuthenticatorApp& app = phone_->app();
  PhoneScreen& screen = r.phone;
  if (kind == "phone.install_app") {
    screen.kind = Kind::kInstalled;
  } else if (kind == "phone.accept_terms") {
    screen.kind = Kind::kTermsAccepted;
  } else if (kind == "phone.scan_qr" || kind == "phone.enter_code_manually" ||
             kind == "phone.add_account") {
    screen.kind = Kind::kAccountAdded;
    screen.work_account = !app.accounts().empty() && app.accounts().back().work_account();
  } else if (kind == "phone.answer_push" && app.last_answer()) {
    screen.kind = Kind::kNumberMatching;
    screen.account = app.last_answer()->account;
    screen.number = app.last_answer()->number;
    screen.approved = app.last_answer()->approve;
  } else if (kind == "phone.read_sms" && phone_->sim().last_message()) {
    screen.kind = Kind::kSms;
    screen.sms_text = options_.show_secrets ? phone_->sim().last_message()->text
                                            : mask_.Mask(phone_->sim().last_message()->text);
  } else {
    return;
  }
  for (const phone::Account& account : app.accounts())
    screen.accounts.push_back(account.issuer.empty() ? account.name
                                                     : account.issuer + ": " + account.name);
}

namespace {

// Judges a scan the scenario says must be refused: a refusal whose reason
// contains `expected` passes; an added account or another error fails.
Status ScanRefusal(const Status& scanned, const std::string& expected, StepResult& r) {
  r.expected = "the scan is refused: " + expected;
  if (scanned.ok())
    return Status::FailedPrecondition("expected the scan to be refused (" + expected +
                                      "), but the app added the account");
  std::string reason = scanned.message();
  auto lower = [](std::string t) {
    for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return t;
  };
  if (lower(reason).find(lower(expected)) != std::string::npos) return Status::Ok();
  return Status::FailedPrecondition("expected the scan to be refused (" + expected +
                                    "), but it failed otherwise: " + reason);
}

// A data: URI is named by its media type only: the rest is the image itself.
std::string ShortSource(const std::string& src) {
  if (!src.starts_with("data:")) return src;
  const size_t end = src.find_first_of(";,");
  return src.substr(0, end == std::string::npos ? src.size() : end) + ",...";
}

// The image could not be read as one (not an image, broken SVG, too large):
// the scan goes on to the next image. Other invalid-argument answers (two
// different codes, a payload the app does not take) are about a QR code read.
bool IsImageError(const Status& s) {
  const std::string& m = s.message();
  return m.starts_with("not an image") || m.starts_with("cannot ") || m.starts_with("image ") ||
         m.starts_with("SVG image") || m.starts_with("data: URI");
}

}  // namespace

Status ScenarioRun::ScanQr(const scenario::ScanQr& a, StepResult& r) {
  if (Status s = NeedPage(); !s.ok()) return s;
  // The camera could not read it: nothing happens in the app; the user goes
  // for the "can't scan" link next.
  if (!a.camera_can_read) return Status::Ok();
  // A browser that draws the page is looked at the way a phone camera would:
  // every QR code in a screenshot of the whole page (img, canvas, svg, CSS).
  browser::ScreenshotOptions whole;
  whole.full_page = true;
  auto shot = browser_->Screenshot(whole);
  if (shot.ok()) {
    auto canvases = browser_->page().TextsOf("canvas");
    bool drawn = canvases.ok() && !canvases->empty();
    // Where the code came from, for the report: a QR painted by script is
    // only readable this way.
    r.expected = std::string("the app reads the QR code in a screenshot of the page") +
                 (drawn ? " (the page draws it in a <canvas>)" : "");
    auto account = phone_->app().ScanQr(*shot);
    if (!a.refused.empty()) return ScanRefusal(account.status(), a.refused, r);
    if (account.status().kind() == Status::Kind::kNotFound &&
        account.status().message().find("QR") != std::string::npos) {
      const auto& page = browser_->page();
      return Status::NotFound("no QR code in a screenshot of the page (" +
                              std::to_string(shot->size()) + " bytes of PNG, " +
                              Counted(static_cast<long long>(page.images.size()), "image") +
                              " and " +
                              Counted(canvases.ok() ? static_cast<long long>(canvases->size()) : 0,
                                      "canvas", "canvases") +
                              " on the page)");
    }
    return account.status();
  }
  const auto& images = browser_->page().images;
  if (images.empty()) return Status::NotFound("there is no image on the screen to scan");
  // Every image looked at is named in the answer, so that "no QR code" says
  // what the portal served instead (an error page, a logo, a broken SVG).
  std::string looked_at;
  for (const auto& image : images) {
    looked_at += (looked_at.empty() ? "" : "; ");
    if (image.src.empty()) {  // drawn by the page: only a screenshot shows it
      looked_at += "a drawn image" + (image.alt.empty() ? "" : " \"" + image.alt + "\"") +
                   " (only --browser chromium sees what is drawn)";
      continue;
    }
    looked_at += ShortSource(image.src) + " (";
    auto bytes = browser_->FetchBytes(image.src);
    if (!bytes.ok()) {
      looked_at += bytes.status().message() + ")";
      continue;
    }
    looked_at += qr::DescribeImage(*bytes);
    auto account = phone_->app().ScanQr(*bytes);
    const Status last = account.status();
    const bool no_qr =
        last.kind() == Status::Kind::kNotFound && last.message().find("QR") != std::string::npos;
    if (no_qr || IsImageError(last)) {  // not this image
      looked_at += (no_qr ? "" : ": " + last.message()) + ")";
      continue;
    }
    if (!a.refused.empty()) return ScanRefusal(last, a.refused, r);
    return last;  // added, or a QR was read but the app or portal refused it: that is the answer
  }
  const std::string count = images.size() == 1
                                ? "the one image"
                                : "any of the " + std::to_string(images.size()) + " images";
  return Status::NotFound("no QR code in " + count + " on the screen: " + looked_at);
}

Status ScenarioRun::EnterCodeManually() {
  if (Status s = NeedPage(); !s.ok()) return s;
  const std::string& text = browser_->page().text;
  auto url = FindFirst(R"((https?://[^\s"<>]+))", text);
  if (!url.ok()) return url.status();
  if (url->has_value()) {
    auto code = FindFirst(R"(\b(\d[\d ]{5,}\d)\b)", text);
    if (!code.ok()) return code.status();
    if (!code->has_value())
      return Status::NotFound("the screen shows a URL but no activation code to type");
    std::string digits;
    for (char c : **code)
      if (c != ' ') digits += c;
    mask_.Add(**url);  // with the code it activates the account: as secret as the code
    auto account = phone_->app().AddWorkAccountManually(digits, **url);
    return account.status();
  }
  // The other-app path shows a Base32 secret key instead of a code and URL.
  auto key = FindFirst(R"(\b([A-Z2-7]{4}(?:[ ]?[A-Z2-7]{4}){3,}=*)\b)", text);
  if (!key.ok()) return key.status();
  if (!key->has_value())
    return Status::NotFound(
        "the screen shows neither an activation code with URL nor a secret key to type");
  // As a person types it into the app: the account is named after the user.
  return phone_->app().AddTotpAccountManually(**key, UserName()).status();
}

std::string ScenarioRun::UserName() const {
  return user_ ? user_->username : scenario_.user.username;
}

Status ScenarioRun::AddAccount(const scenario::AddAccount& a) {
  const bool from_uri = !a.uri.empty();
  auto value = Expand(from_uri ? a.uri : a.secret);
  if (!value.ok()) return value.status();
  mask_.Add(*value);  // the URI holds the secret; the secret is one
  auto account = Expand(a.account);
  if (!account.ok()) return account.status();
  auto issuer = Expand(a.issuer);
  if (!issuer.ok()) return issuer.status();
  // A bare value ("add account: ${x}") may turn out to be a secret; the app
  // tells an otpauth:// URI from a typed secret.
  if (from_uri && !value->starts_with("otpauth://") && value->find("://") != std::string::npos)
    return Status::InvalidArgument(
        "\"add account\" needs an otpauth:// URI or a Base32 secret; the value is another URI");
  const std::string name = account->empty() ? UserName() : *account;
  return phone_->app().AddTotpAccountManually(*value, name, *issuer).status();
}

Status ScenarioRun::AnswerPush(const scenario::AnswerPush& a, StepResult& r) {
  auto number = Expand(a.number);
  if (!number.ok()) return number.status();
  auto push = phone_->app().WaitForPush(options_.step_timeout);
  if (!push.ok()) return push.status();
  auto answer = phone_->app().AnswerPush(push->id, *number, a.approve);
  if (!answer.ok()) return answer.status();
  r.expected = std::string("the portal records the answer: ") + *answer;
  return Status::Ok();
}

Status ScenarioRun::ReadTotp(const scenario::ReadTotp& a) {
  // Never the code of a window already used: a portal would refuse it.
  auto code =
      phone_->app().FreshCode("", a.timeout.count() > 0 ? a.timeout : options_.step_timeout);
  if (!code.ok()) return code.status();
  SetVariable(a.var, *code, true);
  return Status::Ok();
}

Status ScenarioRun::ReadSms(const scenario::ReadSms& a) {
  auto code = phone_->sim().WaitForCode(options_.step_timeout);
  if (!code.ok()) return code.status();
  SetVariable(a.var, *code, true);
  return Status::Ok();
}

Status ScenarioRun::Control(const scenario::Action& action) {
  const std::string user = UserName();
  if (auto* a = std::get_if<scenario::SetPortalClock>(&action)) return control_->SetClock(*a, user);
  if (auto* a = std::get_if<scenario::InjectFault>(&action)) return control_->InjectFault(*a, user);
  if (std::holds_alternative<scenario::ClearFaults>(action)) return control_->ClearFaults();
  if (std::holds_alternative<scenario::ResetUser>(action)) return control_->ResetUser(user);
  return Status::Internal(std::string("no handler for step kind ") + scenario::ActionKind(action));
}

}  // namespace proofup::runner
