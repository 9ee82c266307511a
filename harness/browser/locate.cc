#include "harness/browser/locate.h"

#include "harness/base/text_fold.h"
#include "harness/browser/document.h"

namespace proofup::browser {
namespace {

bool OwnLabelFirst(const Field& f) {
  return (f.kind == FieldKind::kRadio || f.kind == FieldKind::kCheckbox) &&
         !f.wrapping_label.empty();
}

bool SameTarget(const Clickable& a, const Clickable& b) {
  if (a.button && b.button) {
    return a.button->form == b.button->form && a.button->name == b.button->name &&
           a.button->value == b.button->value && a.button->type == b.button->type &&
           a.button->form_action == b.button->form_action;
  }
  return a.link && b.link && a.link->href == b.link->href;
}

std::string Quoted(const std::string& s) { return "\"" + s + "\""; }

}  // namespace

bool TextMatches(std::string_view text, std::string_view query, bool loose) {
  if (!loose) return text == query;
  return SameFolded(WithoutTrailingColon(text), WithoutTrailingColon(query));
}

std::vector<Clickable> ClickablesOn(const Page& page) {
  std::vector<Clickable> out;
  for (const Button& b : page.buttons) {
    if (b.visible && !b.disabled) out.push_back({&b, nullptr});
  }
  for (const Link& l : page.links) {
    if (!l.href.empty()) out.push_back({nullptr, &l});
  }
  return out;
}

std::vector<Clickable> MatchClickables(const Page& page, std::string_view text) {
  std::vector<Clickable> all = ClickablesOn(page);
  std::vector<Clickable> matches;
  for (bool loose : {false, true}) {
    for (const Clickable& c : all) {
      if (!TextMatches(c.text(), text, loose)) continue;
      bool duplicate = false;
      for (const Clickable& m : matches) duplicate = duplicate || SameTarget(m, c);
      if (!duplicate) matches.push_back(c);
    }
    if (!matches.empty()) break;
  }
  return matches;
}

std::string DescribeClickables(const Page& page) {
  std::string buttons, links;
  for (const Clickable& c : ClickablesOn(page)) {
    std::string& list = c.button ? buttons : links;
    list += (list.empty() ? "" : ", ") + Quoted(c.text());
  }
  return "buttons on the page: " + (buttons.empty() ? "none" : buttons) +
         "; links: " + (links.empty() ? "none" : links);
}

std::string Describe(const Clickable& c) {
  if (c.link) return "link " + Quoted(c.link->text) + " -> " + c.link->href;
  std::string out = "button " + Quoted(c.button->text);
  if (!c.button->name.empty())
    out += " (name=" + c.button->name + ", value=" + c.button->value + ")";
  return out;
}

std::vector<std::string> FieldNames(const Field& f) {
  std::vector<std::string> names;
  if (OwnLabelFirst(f)) names.push_back(f.wrapping_label);
  for (const std::string* s : {&f.label, &f.placeholder, &f.aria_label, &f.name, &f.id}) {
    if (!s->empty() && (names.empty() || *s != names.front())) names.push_back(*s);
  }
  if (f.kind == FieldKind::kRadio && !f.value.empty()) names.push_back(f.value);
  return names;
}

const char* KindName(FieldKind kind) {
  switch (kind) {
    case FieldKind::kText:
      return "text";
    case FieldKind::kPassword:
      return "password";
    case FieldKind::kEmail:
      return "email";
    case FieldKind::kTel:
      return "tel";
    case FieldKind::kNumber:
      return "number";
    case FieldKind::kHidden:
      return "hidden";
    case FieldKind::kRadio:
      return "radio";
    case FieldKind::kCheckbox:
      return "checkbox";
    case FieldKind::kSelect:
      return "select";
    case FieldKind::kTextarea:
      return "textarea";
    case FieldKind::kOther:
      return "other";
  }
  return "other";
}

std::string Describe(const Field& f) {
  std::vector<std::string> names = FieldNames(f);
  std::string out = Quoted(names.empty() ? std::string("(unnamed)") : names.front());
  out += " (" + std::string(f.type.empty() ? KindName(f.kind) : f.type.c_str());
  if (!f.name.empty() && (names.empty() || names.front() != f.name)) out += ", name=" + f.name;
  return out + ")";
}

bool IsTextLike(FieldKind k) {
  return k == FieldKind::kText || k == FieldKind::kPassword || k == FieldKind::kEmail ||
         k == FieldKind::kTel || k == FieldKind::kNumber || k == FieldKind::kTextarea ||
         k == FieldKind::kOther;
}

StatusOr<Field*> FindField(Page& page, std::string_view query, bool (*kind_ok)(FieldKind),
                           std::string_view what) {
  std::vector<Field*> candidates;
  for (Field& f : page.fields) {
    if (f.visible && kind_ok(f.kind)) candidates.push_back(&f);
  }
  std::vector<Field*> matches;
  for (bool loose : {false, true}) {
    for (bool own_label_only : {true, false}) {
      for (Field* f : candidates) {
        if (own_label_only) {
          if (OwnLabelFirst(*f) && TextMatches(f->wrapping_label, query, loose))
            matches.push_back(f);
          continue;
        }
        for (const std::string& name : FieldNames(*f)) {
          if (TextMatches(name, query, loose)) {
            matches.push_back(f);
            break;
          }
        }
      }
      if (!matches.empty()) break;
    }
    if (!matches.empty()) break;
  }
  if (matches.size() == 1) return matches.front();
  std::string listed;
  for (Field* f : candidates) listed += (listed.empty() ? "" : ", ") + Describe(*f);
  if (listed.empty()) listed = "none";
  if (matches.empty()) {
    return Status::NotFound("no " + std::string(what) + " \"" + std::string(query) + "\"; " +
                            std::string(what) + "s on the page: " + listed);
  }
  return Status::FailedPrecondition(std::string(what) + " \"" + std::string(query) +
                                    "\" is ambiguous: " + std::to_string(matches.size()) +
                                    " match; " + std::string(what) + "s on the page: " + listed);
}

StatusOr<Clickable> FindClickable(const Page& page, std::string_view text) {
  std::vector<Clickable> matches = MatchClickables(page, text);
  if (matches.empty()) {
    return Status::NotFound("no button or link \"" + std::string(text) + "\"; " +
                            DescribeClickables(page));
  }
  if (matches.size() > 1) {
    std::string which;
    for (const Clickable& c : matches) which += (which.empty() ? "" : ", ") + Describe(c);
    return Status::FailedPrecondition("\"" + std::string(text) + "\" is ambiguous: " + which +
                                      "; " + DescribeClickables(page));
  }
  return matches.front();
}

StatusOr<size_t> FindOption(const Field& f, std::string_view option) {
  for (bool loose : {false, true}) {
    for (size_t i = 0; i < f.options.size(); ++i) {
      const SelectOption& o = f.options[i];
      if (!o.disabled &&
          (TextMatches(o.text, option, loose) || TextMatches(o.value, option, loose)))
        return i;
    }
  }
  std::string listed;
  for (const SelectOption& o : f.options)
    listed += (listed.empty() ? "\"" : ", \"") + o.text + "\"";
  return Status::NotFound("no option \"" + std::string(option) + "\" in list " + Describe(f) +
                          "; options: " + (listed.empty() ? "none" : listed));
}

}  // namespace proofup::browser
