// The shared actions of the script-running backends (page_actions.h).
#include "harness/browser/page_actions.h"

#include <algorithm>

#include "harness/base/base64.h"
#include "harness/browser/locate.h"
#include "harness/browser/page_scripts.h"
#include "harness/browser/url.h"

namespace proofup::browser {
namespace {

using Clock = PageDriver::Clock;
using Json = PageDriver::Json;
using std::chrono::milliseconds;
using namespace page_scripts;

Status NoPage() { return Status::FailedPrecondition("no page is open yet"); }

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string Fn(const char* expression) { return std::string("() => ") + expression; }

// Function of (n, stable, args, ms): kPrepare, then once the element is
// ready `act` (a function of (n, ...args, prepared)) in the same script; with ms >= 0
// then the settle of kLoaded and the snapshot, so that one round trip does
// all. The act's exception comes back as state "failed", so that an error of
// the whole script means the document went away (a navigation the act started).
std::string PrepareScript(const char* act, bool settle) {
  std::string s = std::string("async (n, stable, args, ms) => {\n  const p = await (") + kPrepare +
                  ")(n, stable);\n  if (p.state !== 'ready') return p;\n";
  if (act)
    s += std::string("  try { p.value = await (") + act +
         ")(n, ...args, p); } catch (e) { return {state: 'failed', error: String(e)}; }\n";
  if (settle)
    s += std::string("  if (ms >= 0 && (await (") + kLoaded + ")(ms)) && !" + kLeaving +
         ") p.snapshot = " + kSnapshot + ";\n";
  return s + "  return p;\n}";
}

// Function of (seen, ms): kAwaitChange, then the snapshot.
std::string AwaitThenSnapshot() {
  return std::string("async (seen, ms) => { await (") + kAwaitChange + ")(seen, ms); return " +
         kSnapshot + "; }";
}

// Function of (masking, fullPage, ...kMask's arguments): kHideCaret, then
// with `masking` kMask; returns {box}: the crop's box, else with fullPage the
// whole page (at most 8000 px high), else null (the viewport).
std::string ShotScript() {
  return std::string("async (masking, fullPage, ...mask) => {\n  ") + kHideCaret +
         ";\n  let box = masking ? (await (" + kMask +
         ")(...mask)).box : null;\n"
         "  const root = document.documentElement;\n"
         "  if (!box && fullPage && root) box = {x: 0, y: 0, width: root.scrollWidth,\n"
         "                                      height: Math.min(root.scrollHeight, 8000)};\n"
         "  return {box};\n}";
}

long MillisLeft(Clock::time_point deadline) {
  return std::max<long>(0,
                        std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count());
}

}  // namespace

nlohmann::json CaptureScreenshotParams(const ShotArea& area) {
  // Not optimizeForSpeed: measured here, a shot took as long (waiting for a
  // frame dominates) and its PNG was twice the size.
  Json params = {{"format", "png"}};
  if (area.clipped) {  // scale 1: the device scale factor still applies
    params["clip"] = {
        {"x", area.x}, {"y", area.y}, {"width", area.width}, {"height", area.height}, {"scale", 1}};
    params["captureBeyondViewport"] = true;
  }
  return params;
}

Status PageActions::Open(std::string_view url) {
  StatusOr<std::string> target = page_ ? ResolveUrl(page_->url, url) : ResolveUrl(url, url);
  if (!target.ok()) return target.status();
  return Navigate(*target);
}

Status PageActions::Click(std::string_view text) {
  if (!page_) return NoPage();
  StatusOr<Clickable> found = FindClickable(*page_, text);
  if (!found.ok()) return found.status();
  return ClickNode(found->button ? found->button->node : found->link->node, Describe(*found));
}

Status PageActions::Fill(std::string_view field, std::string_view value) {
  if (!page_) return NoPage();
  StatusOr<Field*> found = FindField(*page_, field, IsTextLike, "field");
  if (!found.ok()) return found.status();
  const Field& f = **found;
  if (f.disabled || f.readonly)
    return Status::FailedPrecondition("field " + Describe(f) + " is " +
                                      (f.disabled ? "disabled" : "read-only"));
  const bool in_page = driver_.TypesInPage();
  Json args = in_page ? Json::array({std::string(value)}) : Json::array();
  // Typed, not pointed at: no stability check.
  auto ready = Prepare(f.node, "field " + Describe(f), /*stable=*/false,
                       in_page ? kFocusClearInsert : kFocusAndClear, args);
  if (!ready.ok()) return ready.status();
  const Json& typed = ready->contains("value") ? (*ready)["value"] : Json();
  if (!value.empty() && !(in_page && typed.is_boolean() && typed.get<bool>())) {
    if (Status s = driver_.TypeText(typed, value); !s.ok()) return s;
    ready->erase("snapshot");  // read before the text went in
  }
  return SettleAfter(*ready);
}

Status PageActions::Select(std::string_view field, std::string_view option) {
  if (!page_) return NoPage();
  StatusOr<Field*> found = FindField(*page_, field, IsSelect, "list");
  if (!found.ok()) return found.status();
  StatusOr<size_t> k = FindOption(**found, option);
  if (!k.ok()) return k.status();
  auto ready = Prepare((*found)->node, "list " + Describe(**found), /*stable=*/false, kSelectOption,
                       Json::array({static_cast<int>(*k)}));
  if (!ready.ok()) return ready.status();
  return SettleAfter(*ready);
}

Status PageActions::SetChecked(std::string_view query, bool checked, bool radio) {
  if (!page_) return NoPage();
  const char* what = radio ? "radio button" : "checkbox";
  StatusOr<Field*> found = FindField(*page_, query, radio ? IsRadio : IsCheckbox, what);
  if (!found.ok()) return found.status();
  if ((*found)->checked == checked) return Status::Ok();
  std::string described = std::string(what) + " " + Describe(**found);
  int node = (*found)->node;
  int live = LiveIndex(*page_, node);
  if (Status s = ClickNode(node, described); !s.ok()) return s;
  if (const Field* now = FieldAt(*page_, live); now && now->checked == checked) return Status::Ok();
  return Status::FailedPrecondition("clicking " + described + " did not " +
                                    (checked ? "check" : "uncheck") + " it");
}

Status PageActions::FollowMetaRefresh() {
  if (!page_) return NoPage();
  if (!page_->meta_refresh)
    return Status::FailedPrecondition("page " + page_->url + " has no <meta http-equiv=refresh>");
  return Navigate(page_->meta_refresh->url);
}

Status PageActions::Reload() {
  if (!page_) return NoPage();
  if (Status s = driver_.ReloadPage(); !s.ok()) return s;
  return Settle();
}

Status PageActions::Poll() {
  if (!page_) return NoPage();
  if (page_->meta_refresh) return FollowMetaRefresh();
  return Settle();
}

Status PageActions::AwaitChange(Clock::time_point deadline) {
  if (!page_) return NoPage();
  if (Status gone = driver_.Gone(); !gone.ok()) return gone;
  long left = std::clamp(MillisLeft(deadline), 0L, 500L);
  auto r = driver_.RunScript(AwaitThenSnapshot(), Json::array({seen_changes_, left}));
  if (Status gone = driver_.Gone(); !gone.ok()) return gone;
  // A navigation destroys the document the wait ran in: let it finish loading.
  if (!r.ok() || driver_.Loading()) return Settle();
  return Snapshot(Clock::now() + timeout_, *r);
}

StatusOr<std::string> PageActions::FetchBytes(std::string_view url) {
  if (url.size() >= 5 && TextMatches(url.substr(0, 5), "data:", true)) return DecodeDataUri(url);
  StatusOr<std::string> target = page_ ? ResolveUrl(page_->url, url) : ResolveUrl(url, url);
  if (!target.ok()) return target.status();
  auto r = driver_.RunScript(kFetch, Json::array({*target}));
  if (!r.ok()) return r.status();
  if (!r->is_object() || !r->contains("base64"))
    return Status::NotFound("GET " + *target + " returned HTTP " +
                            std::to_string(r->is_object() ? r->value("status", 0) : 0));
  return Base64Decode((*r)["base64"].get<std::string>());
}

StatusOr<std::string> PageActions::Screenshot(const ScreenshotOptions& o) {
  if (!page_) return NoPage();
  if (Status s = Emulate(o); !s.ok()) return s;
  // One script before every shot, also a plain one: it hides the caret (a
  // blinking caret makes two shots of one page differ) and paints the masks.
  // The last shot's masks are gone by then: the kUnmask queued after it runs
  // before any later script.
  bool masking =
      o.mask_images || !o.mask_texts.empty() || !o.outline_text.empty() || !o.crop.empty();
  auto r = driver_.RunScript(
      ShotScript(), Json::array({masking, o.full_page, o.mask_images, o.mask_texts, o.outline_text,
                                 o.crop, o.sample_image}));
  if (!r.ok()) return r.status();
  ShotArea area;
  area.full_page = o.full_page;
  const Json box = r->is_object() ? r->value("box", Json()) : Json();
  if (box.is_object()) {
    area.clipped = true;
    area.x = box.value("x", 0.0);
    area.y = box.value("y", 0.0);
    area.width = box.value("width", 0.0);
    area.height = box.value("height", 0.0);
  }
  auto shot = driver_.CaptureScreenshot(area);
  // Not waited for: every later look at the page or action starts with a
  // script, which the page runs after this one.
  driver_.RunScriptLater(Fn(kUnmask));
  return shot;
}

// The viewport and device scale factor a shot asks for, kept for later
// shots; the driver is called only when they change.
Status PageActions::Emulate(const ScreenshotOptions& o) {
  Viewport want = {o.width ? o.width : emulated_.width, o.height ? o.height : emulated_.height,
                   o.scale > 0 ? o.scale : emulated_.scale};
  if (want.width == emulated_.width && want.height == emulated_.height &&
      want.scale == emulated_.scale)
    return Status::Ok();
  if (Status s = driver_.SetViewport(want.width, want.height, want.scale); !s.ok()) return s;
  emulated_ = want;
  return Status::Ok();
}

Status PageActions::Navigate(const std::string& url) {
  if (Status s = driver_.Navigate(url); !s.ok()) return s;
  return Settle();
}

Status PageActions::Settle() {
  auto deadline = Clock::now() + timeout_;
  auto snapshot = driver_.Settle(deadline);
  if (!snapshot.ok()) return snapshot.status();
  ++counts_.settles;
  return Snapshot(deadline, *snapshot);
}

Status PageActions::SettleAfter(const Json& prepared) {
  if (!prepared.contains("snapshot") || !prepared["snapshot"].is_object()) return Settle();
  ++counts_.settles;
  TakeSnapshot(prepared["snapshot"]);
  return Status::Ok();
}

Status PageActions::Snapshot(Clock::time_point deadline, Json first) {
  for (;;) {
    StatusOr<Json> r = first.is_object() ? StatusOr<Json>(std::move(first))
                                         : driver_.RunScript(Fn(kSnapshot), Json::array());
    first = Json();
    if (r.ok() && r->is_object()) {
      TakeSnapshot(*r);
      return Status::Ok();
    }
    // A navigation in the middle destroys the document: read the new page.
    if (Clock::now() >= deadline || !driver_.Gone().ok())
      return r.ok() ? Status::Internal("the page could not be read") : r.status();
  }
}

void PageActions::TakeSnapshot(const Json& snapshot) {
  auto start = Clock::now();
  page_ =
      std::make_unique<Page>(PageFromSnapshot(snapshot.value("html", ""), snapshot.value("url", ""),
                                              driver_.MainStatus(snapshot.value("status", 0))));
  seen_changes_ = snapshot.value("changes", -1);
  counts_.parse_ms += MillisSince(start);
  driver_.PageRead();
}

// Polls until element `node` can take the action (kPrepare), running `act`
// in the same script once it can.
StatusOr<Json> PageActions::Prepare(int node, const std::string& what, bool stable, const char* act,
                                    const Json& act_args) {
  int n = page_ ? LiveIndex(*page_, node) : -1;
  if (n < 0) return Status::Internal(what + " has no place in the live page");
  auto deadline = Clock::now() + timeout_;
  const bool settle = act && driver_.SettlesInPage();
  const std::string script = PrepareScript(act, settle);
  for (;;) {
    long ms = settle ? MillisLeft(deadline) : -1;
    auto r = driver_.RunScript(script, Json::array({n, stable, act_args, ms}));
    if (!r.ok()) {
      // With the settle in the script, the act started a navigation that
      // ended the script's document: settle on the new one.
      if (settle && driver_.Gone().ok() && r.status().kind() == Status::Kind::kFailedPrecondition)
        return Json{{"state", "ready"}};
      return r.status();
    }
    std::string state = r->is_object() ? r->value("state", "") : "";
    if (state == "ready") return r;
    if (state == "failed")
      return Status::FailedPrecondition("script in the page failed: " + r->value("error", ""));
    if (state == "gone") return Status::FailedPrecondition(what + " is no longer on the page");
    if (Clock::now() >= deadline) {
      std::string why =
          state == "covered" ? "covered by another element (<" + r->value("by", "") + ">)" : state;
      return Status::Timeout(what + " stayed " + why + " for " + std::to_string(timeout_.count()) +
                             " ms");
    }
  }
}

Status PageActions::ClickNode(int node, const std::string& what) {
  if (const char* script = driver_.ClickScript()) {
    auto ready = Prepare(node, what, /*stable=*/true, script);
    if (!ready.ok()) return ready.status();
    return SettleAfter(*ready);
  }
  auto ready = Prepare(node, what, /*stable=*/true);
  if (!ready.ok()) return ready.status();
  if (Status s = driver_.ClickAt((*ready)["x"].get<double>(), (*ready)["y"].get<double>()); !s.ok())
    return s;
  return Settle();
}

}  // namespace proofup::browser
