#include "harness/cli/man_page.h"

#include <CLI/CLI.hpp>
#include <sstream>

namespace proofup::cli {
namespace {

// Troff text: a backslash is \e, a hyphen \- (so option names copy and search
// as ASCII), and a line that starts with '.' or '\'' is not a request.
std::string Escape(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
    line_start = c == '\n';
  }
  return out;
}

// A footer's "Heading:\n  lines" blocks as .SS sections with literal lines.
void Footer(const std::string& footer, std::ostream& out) {
  std::istringstream lines(footer);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    if (line[0] != ' ') {
      out << ".SS " << Escape(line.back() == ':' ? line.substr(0, line.size() - 1) : line) << "\n";
      continue;
    }
    out << ".br\n" << Escape(line.substr(line.find_first_not_of(' '))) << "\n";
  }
}

void Option(const CLI::Option& o, std::ostream& out) {
  out << ".TP\n.B " << Escape(o.get_name(false, true));
  if (o.get_items_expected_max() > 0 && !o.get_type_name().empty())
    out << " \\fI" << Escape(o.get_type_name()) << "\\fR";
  out << "\n" << Escape(o.get_description());
  std::string facts;
  if (!o.get_default_str().empty()) facts += "default: " + o.get_default_str();
  if (!o.get_envname().empty()) facts += (facts.empty() ? "" : "; ") + ("env: " + o.get_envname());
  if (!facts.empty()) out << " (" << Escape(facts) << ")";
  out << "\n";
}

void Command(const CLI::App& command, std::ostream& out) {
  out << ".SH " << Escape("proofup " + command.get_name()) << "\n"
      << Escape(command.get_description()) << "\n";
  std::string synopsis = "proofup " + command.get_name() + " [options]";
  for (const CLI::Option* o : command.get_options())
    if (!o->nonpositional()) synopsis += " [" + o->get_name(true) + "...]";
  out << ".PP\n.B " << Escape(synopsis) << "\n";
  for (const CLI::Option* o : command.get_options())
    if (!o->nonpositional()) Option(*o, out);
  for (const CLI::Option* o : command.get_options())
    if (o->nonpositional()) Option(*o, out);
  if (!command.get_footer().empty()) Footer(command.get_footer(), out);
}

}  // namespace

std::string ManPage(const CLI::App& app, const std::string& version) {
  std::ostringstream out;
  out << ".TH PROOFUP 1 \"\" \"proofup " << Escape(version) << "\" \"User Commands\"\n"
      << ".SH NAME\nproofup \\- "
      << Escape(app.get_description().substr(app.get_description().find(": ") + 2))
      << "\n.SH SYNOPSIS\n.B proofup\n\\fICOMMAND\\fR [options] [arguments]\n"
      << ".SH COMMANDS\n";
  auto commands = app.get_subcommands([](const CLI::App*) { return true; });
  for (const CLI::App* sub : commands)
    out << ".TP\n.B " << Escape(sub->get_name()) << "\n" << Escape(sub->get_description()) << "\n";
  for (const CLI::App* sub : commands) Command(*sub, out);
  if (!app.get_footer().empty()) Footer(app.get_footer(), out);
  out << ".SH SEE ALSO\n\\fBproofup help\\fR \\fICOMMAND\\fR prints the same options as text.\n";
  return out.str();
}

}  // namespace proofup::cli
