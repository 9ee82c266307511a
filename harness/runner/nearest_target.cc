#include "harness/runner/nearest_target.h"

#include <algorithm>

#include "harness/base/closest_text.h"
#include "harness/base/text_fold.h"

namespace proofup::runner {
namespace {

using browser::Field;
using browser::FieldKind;

bool SameName(std::string_view a, std::string_view b) {
  return !a.empty() && !b.empty() && SameFolded(WithoutTrailingColon(a), WithoutTrailingColon(b));
}

bool OfKind(const Field& f, TargetKind kind) {
  if (!f.visible || f.disabled) return false;
  switch (kind) {
    case TargetKind::kTextField:
      return !f.readonly && (f.kind == FieldKind::kText || f.kind == FieldKind::kPassword ||
                             f.kind == FieldKind::kEmail || f.kind == FieldKind::kTel ||
                             f.kind == FieldKind::kNumber || f.kind == FieldKind::kTextarea ||
                             f.kind == FieldKind::kOther);
    case TargetKind::kList:
      return f.kind == FieldKind::kSelect;
    case TargetKind::kRadio:
      return f.kind == FieldKind::kRadio;
    case TargetKind::kCheckbox:
      return f.kind == FieldKind::kCheckbox;
    case TargetKind::kClickable:
      return false;
  }
  return false;
}

// Every name the field answers to (the browser's FieldNames, as far as a Page shows them).
bool Names(const Field& f, std::string_view name) {
  for (const std::string* n :
       {&f.wrapping_label, &f.label, &f.placeholder, &f.aria_label, &f.name, &f.id})
    if (SameName(*n, name)) return true;
  return f.kind == FieldKind::kRadio && SameName(f.value, name);
}

std::optional<NearestTarget> NearestClickable(const browser::Page& page, std::string_view label) {
  std::vector<std::string> buttons, all;
  for (const auto& b : page.buttons)
    if (b.visible && !b.disabled && !b.text.empty()) buttons.push_back(b.text);
  all = buttons;
  for (const auto& l : page.links)
    if (!l.text.empty() && !l.href.empty()) all.push_back(l.text);
  std::optional<ClosestText> nearest = FindClosestText(label, all);
  if (nearest && nearest->shares_word) {
    bool button = std::find(buttons.begin(), buttons.end(), nearest->text) != buttons.end();
    return NearestTarget{nearest->text, button ? "button" : "link"};
  }
  nearest = FindClosestText(label, buttons);
  if (!nearest) return std::nullopt;
  return NearestTarget{nearest->text, "button"};
}

}  // namespace

const char* RoleName(TargetKind kind) {
  switch (kind) {
    case TargetKind::kTextField:
      return "field";
    case TargetKind::kList:
      return "list";
    case TargetKind::kRadio:
      return "radio button";
    case TargetKind::kCheckbox:
      return "checkbox";
    case TargetKind::kClickable:
      break;
  }
  return "button";
}

std::string ShownName(const Field& f) {
  bool own_label = f.kind == FieldKind::kRadio || f.kind == FieldKind::kCheckbox;
  if (own_label && !f.wrapping_label.empty()) return f.wrapping_label;
  for (const std::string* n : {&f.label, &f.placeholder, &f.aria_label, &f.name, &f.id})
    if (!n->empty()) return *n;
  return f.kind == FieldKind::kRadio ? f.value : "";
}

bool OnScreen(const browser::Page& page, TargetKind kind, std::string_view name) {
  if (kind == TargetKind::kClickable) {
    for (const auto& b : page.buttons)
      if (b.visible && !b.disabled && SameName(b.text, name)) return true;
    return std::any_of(page.links.begin(), page.links.end(), [&](const browser::Link& l) {
      return !l.href.empty() && SameName(l.text, name);
    });
  }
  return std::any_of(page.fields.begin(), page.fields.end(),
                     [&](const Field& f) { return OfKind(f, kind) && Names(f, name); });
}

const Field* NamedList(const browser::Page& page, std::string_view name) {
  for (const Field& f : page.fields)
    if (OfKind(f, TargetKind::kList) && Names(f, name)) return &f;
  return nullptr;
}

std::optional<NearestTarget> FindNearestTarget(const browser::Page& page, TargetKind kind,
                                               std::string_view label,
                                               const std::vector<std::string>& taken) {
  if (kind == TargetKind::kClickable) return NearestClickable(page, label);
  std::vector<std::string> names;
  for (const Field& f : page.fields) {
    if (!OfKind(f, kind)) continue;
    if (std::any_of(taken.begin(), taken.end(), [&](const std::string& t) { return Names(f, t); }))
      continue;
    std::string shown = ShownName(f);
    // A radio group is one choice per button; the same name twice is one candidate.
    if (!shown.empty() && std::find(names.begin(), names.end(), shown) == names.end())
      names.push_back(shown);
  }
  std::optional<ClosestText> nearest = FindClosestText(label, names);
  if (!nearest) return std::nullopt;
  return NearestTarget{nearest->text, RoleName(kind)};
}

std::optional<NearestTarget> FindNearestOption(const Field& list, std::string_view option) {
  std::vector<std::string> texts;
  for (const auto& o : list.options)
    if (!o.disabled && !o.text.empty()) texts.push_back(o.text);
  std::optional<ClosestText> nearest = FindClosestText(option, texts);
  if (!nearest) return std::nullopt;
  return NearestTarget{nearest->text, "option"};
}

}  // namespace proofup::runner
