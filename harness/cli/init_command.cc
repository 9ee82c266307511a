#include "harness/cli/init_command.h"

#include <filesystem>
#include <fstream>

#include "harness/cli/cli.h"

namespace proofup::cli {
namespace {

namespace fs = std::filesystem;

// A file of proofup's data (the schema, the docs) for the written files to
// point at: the installed copy (<prefix>/share/proofup/...), else the source
// tree's; `relative` when neither exists.
std::string DataFile(const std::string& relative) {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  const fs::path source = fs::path(PROOFUP_SOURCE_SCHEMA).parent_path().parent_path();
  for (const fs::path& p :
       {exe.parent_path().parent_path() / "share/proofup" / relative, source / relative})
    if (!ec && fs::is_regular_file(p, ec)) return fs::absolute(p).string();
  return relative;
}

std::string StarterScenario(const InitArgs& args) {
  std::string schema = DataFile("docs/scenario.schema.json");
  std::string text = fs::path(schema).is_absolute()
                         ? "# yaml-language-server: $schema=" + schema + "\n"
                         : std::string();
  text += "# A first scenario for your portal (syntax: " + DataFile("docs/scenarios.md") +
          ").\n"
          "# Check it with\n"
          "#   proofup validate scenarios/\n"
          "# and run it with\n"
          "#   proofup run --target " +
          (args.target.empty() ? std::string("https://portal.example") : args.target) +
          "\n"
          "name: Aanmelden bij het portaal\n"
          "tags: [sign-in]\n"
          "user: test.user@example.org   # a user of fixtures/users.yaml\n"
          "steps:\n"
          "  - manual: 6\n"
          "    go to: /\n"
          "  - manual: 6\n"
          "    expect screen: Aanmelden    # the sign-in page's heading, as the manual names it\n"
          "    fill:\n"
          "      Gebruikersnaam: ${user.username}\n"
          "      Wachtwoord: ${user.password}\n"
          "  - manual: 6\n"
          "    click: Aanmelden\n"
          "  - manual: 7\n"
          "    expect screen: Meer informatie vereist\n";
  return text;
}

std::string StarterUsers() {
  return "# Test users of your portal (TEST accounts only; never real ones). Format:\n"
         "# " +
         DataFile("mock-idp/PROTOCOL.md") +
         ", \"Users fixture\".\n"
         "# proofup reads it with --users (default fixtures/users.yaml).\n"
         "tenant: Your organisation\n"
         "users:\n"
         "  - username: test.user@example.org\n"
         "    password: change-me\n"
         "    display_name: Test User\n"
         "    language: nl\n"
         "    state: not_enrolled\n";
}

}  // namespace

int InitCommand(const InitArgs& args, std::ostream& out, std::ostream& err) {
  const fs::path scenario = fs::path(args.dir) / "scenarios" / "sign-in.yaml";
  const fs::path users = fs::path(args.dir) / "fixtures" / "users.yaml";
  std::error_code ec;
  bool exists = false;
  for (const fs::path& p : {scenario, users}) {
    if (fs::exists(p, ec)) {
      err << "proofup init: " << p.string() << " already exists; not overwriting it\n";
      exists = true;
    }
  }
  if (exists) return kExitUsage;
  for (const auto& [path, text] :
       {std::pair{scenario, StarterScenario(args)}, std::pair{users, StarterUsers()}}) {
    fs::create_directories(path.parent_path(), ec);
    std::ofstream file(path);
    file << text;
    file.close();
    if (!file) {
      err << "proofup init: cannot write " << path.string() << "\n";
      return kExitUsage;
    }
    out << "wrote " << path.string() << "\n";
  }
  out << "next: edit both files, then run from " << args.dir << ":\n  proofup run --target "
      << (args.target.empty() ? "URL" : args.target) << "\n";
  return kExitPassed;
}

}  // namespace proofup::cli
