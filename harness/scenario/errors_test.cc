// Every error message of the loader, pinned with its location and caret line.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/scenario/scenario.h"

namespace proofup::scenario {
namespace {

namespace fs = std::filesystem;

struct Case {
  const char* name;
  const char* yaml;
  const char* errors;  // every error, formatted, joined by '\n'
};

// Header lines most cases share; their steps start on line 3.
#define HEAD "name: t\nsteps:\n"

const Case kCases[] = {
    {"yaml syntax", HEAD "  - click: [Volgende\n  - click: Klaar\n",
     "t.yaml:4:10: error: invalid YAML: end of sequence flow not found\n"
     "  - click: Klaar\n"
     "         ^"},
    {"tab indentation", HEAD "\t- click: x\n",
     "t.yaml:3:2: error: invalid YAML: illegal block entry (YAML does not allow tabs for "
     "indentation)\n"
     "\t- click: x\n"
     "\t^"},
    {"not a mapping", "- click: x\n",
     "t.yaml:1:1: error: expected a mapping with name, steps, ... (or group, steps for a group), "
     "got a list\n"
     "- click: x\n"
     "^"},
    {"missing name and steps", "tags: [a]\n",
     "t.yaml:1:1: error: missing required key \"name\" in the scenario\n"
     "t.yaml:1:1: error: missing required key \"steps\" in the scenario"},
    {"a users file among the scenarios", "# users\ntenant: X\nusers:\n  - username: a\n",
     "t.yaml:2:1: error: this is a users file (top-level \"users:\"), not a scenario: give it "
     "with --users, and the scenarios' folder (e.g. scenarios/) as the files to check\n"
     "tenant: X\n"
     "^"},
    {"a target profile among the scenarios", "url: https://portal.example\nlanguage: nl\n",
     "t.yaml:1:1: error: this is a target profile (top-level \"url:\"), not a scenario: give it "
     "with --target-file, and the scenarios' folder (e.g. scenarios/) as the files to check\n"
     "url: https://portal.example\n"
     "^"},
    {"empty steps", "name: t\nsteps: []\n",
     "t.yaml:2:1: error: \"steps\" is empty: add at least one step\n"
     "steps: []\n"
     "^"},
    {"steps not a list", "name: t\nsteps: click\n",
     "t.yaml:2:8: error: expected a list of steps for \"steps\", got \"click\"\n"
     "steps: click\n"
     "       ^"},
    {"unknown header key", "name: t\ntagz: [a]\nsteps:\n  - click: x\n",
     "t.yaml:2:1: error: unknown key \"tagz\" in the scenario; did you mean \"tags\"?\n"
     "tagz: [a]\n"
     "^"},
    {"unknown step key", HEAD "  - clik: Volgende\n",
     "t.yaml:3:5: error: unknown key \"clik\" in a step; did you mean \"click\"?\n"
     "  - clik: Volgende\n"
     "    ^"},
    {"underscore for space", HEAD "  - expect_screen: Aanmelden\n",
     "t.yaml:3:5: error: unknown key \"expect_screen\" in a step; did you mean \"expect "
     "screen\"?\n"
     "  - expect_screen: Aanmelden\n"
     "    ^"},
    {"far from any key", HEAD "  - zzzzzz: 1\n",
     "t.yaml:3:5: error: unknown key \"zzzzzz\" in a step; expected one of: manual, note, go to, "
     "expect screen, wait for, fill, select, check, uncheck, choose, click, capture, phone, "
     "control, pause, request, include\n"
     "  - zzzzzz: 1\n"
     "    ^"},
    {"duplicate key", "name: t\nname: u\nsteps:\n  - click: x\n",
     "t.yaml:2:1: error: duplicate key \"name\" (first at line 1)\n"
     "name: u\n"
     "^"},
    {"wrong type", "name: [t]\nsteps:\n  - go to: {a: b}\n",
     "t.yaml:1:7: error: expected text for \"name\", got a list\n"
     "name: [t]\n"
     "      ^\n"
     "t.yaml:3:12: error: expected text for \"go to\", got a mapping\n"
     "  - go to: {a: b}\n"
     "           ^"},
    {"step not a mapping", HEAD "  - click Volgende\n",
     "t.yaml:3:5: error: expected a step (a mapping such as \"click: Volgende\"), got \"click "
     "Volgende\"\n"
     "  - click Volgende\n"
     "    ^"},
    {"manual out of range", HEAD "  - manual: 17\n    click: x\n  - manual: [0, 3]\n    note: n\n",
     "t.yaml:3:13: error: manual step 17 is outside 1..16\n"
     "  - manual: 17\n"
     "            ^\n"
     "t.yaml:5:14: error: manual step 0 is outside 1..16\n"
     "  - manual: [0, 3]\n"
     "             ^"},
    {"manual not a number", HEAD "  - manual: [1, twee]\n    note: n\n",
     "t.yaml:3:17: error: expected a whole number for an item of \"manual\", got \"twee\"\n"
     "  - manual: [1, twee]\n"
     "                ^"},
    {"no action", HEAD "  - manual: 4\n",
     "t.yaml:3:5: error: a step needs an action: one of go to, expect screen, wait for, fill, "
     "select, check, uncheck, choose, click, capture, phone, control, pause, request, include (or "
     "only a "
     "\"note\")\n"
     "  - manual: 4\n"
     "    ^"},
    {"two actions", HEAD "  - click: Volgende\n    fill: {a: b}\n",
     "t.yaml:4:5: error: a step has one action (or \"expect screen\" and one action); found "
     "\"click\" and \"fill\": split them into two steps\n"
     "    fill: {a: b}\n"
     "    ^"},
    {"expect with wait", HEAD "  - wait for: A\n    expect screen: B\n",
     "t.yaml:4:5: error: a step has one action (or \"expect screen\" and one action); found "
     "\"wait for\" and \"expect screen\": split them into two steps\n"
     "    expect screen: B\n"
     "    ^"},
    {"unknown phone action", HEAD "  - phone: scan code\n",
     "t.yaml:3:12: error: unknown phone action \"scan code\"; did you mean \"scan qr\"?\n"
     "  - phone: scan code\n"
     "           ^"},
    {"unknown phone action in mapping", HEAD "  - phone:\n      aprove: ${x}\n",
     "t.yaml:4:7: error: unknown phone action \"aprove\"; did you mean \"approve\"?\n"
     "      aprove: ${x}\n"
     "      ^"},
    {"phone action without its value", HEAD "  - phone: approve\n",
     "t.yaml:3:12: error: phone action \"approve\" needs a value, e.g. \"phone: {approve: "
     "${number}}\"\n"
     "  - phone: approve\n"
     "           ^"},
    {"phone action with a value it does not take", HEAD "  - phone: {install app: yes}\n",
     "t.yaml:3:26: error: phone action \"install app\" takes no value\n"
     "  - phone: {install app: yes}\n"
     "                         ^"},
    {"two phone actions", HEAD "  - phone: {deny: '', enter pin: ''}\n",
     "t.yaml:3:23: error: a step has one phone action; found \"deny\" and \"enter pin\": split "
     "them into two steps\n"
     "  - phone: {deny: '', enter pin: ''}\n"
     "                      ^"},
    {"scan qr option", HEAD "  - phone: {scan qr: {camera: no}}\n",
     "t.yaml:3:23: error: unknown key \"camera\" in \"scan qr\"; did you mean \"camera can "
     "read\"?\n"
     "  - phone: {scan qr: {camera: no}}\n"
     "                      ^"},
    {"yes or no", HEAD "  - phone: {scan qr: {camera can read: misschien}}\n",
     "t.yaml:3:40: error: expected yes or no for \"camera can read\", got \"misschien\"\n"
     "  - phone: {scan qr: {camera can read: misschien}}\n"
     "                                       ^"},
    {"read sms without into", HEAD "  - phone: {read sms: {pattern: '\\d+'}}\n",
     "t.yaml:3:13: error: missing required key \"into\" in \"read sms\"\n"
     "  - phone: {read sms: {pattern: '\\d+'}}\n"
     "            ^"},
    {"read totp with an unknown key", HEAD "  - phone: {read totp: {into: c, timout: 35s}}\n",
     "t.yaml:3:34: error: unknown key \"timout\" in \"read totp\"; did you mean \"timeout\"?\n"
     "  - phone: {read totp: {into: c, timout: 35s}}\n"
     "                                 ^"},
    {"bad regex", HEAD "  - expect screen: {text matches: '(\\d+'}\n",
     "t.yaml:3:35: error: invalid regular expression \"(\\d+\": unmatched ( or )\n"
     "  - expect screen: {text matches: '(\\d+'}\n"
     "                                  ^"},
    {"bad regex in a list", HEAD "  - expect screen:\n      text matches: [ok, '[a-']\n",
     "t.yaml:4:26: error: invalid regular expression \"[a-\": unmatched [ or ]\n"
     "      text matches: [ok, '[a-']\n"
     "                         ^"},
    {"bad regex in capture", HEAD "  - capture: {into: n, pattern: 'a{2,1}'}\n",
     "t.yaml:3:33: error: invalid regular expression \"a{2,1}\": invalid count in { }\n"
     "  - capture: {into: n, pattern: 'a{2,1}'}\n"
     "                                ^"},
    {"look-ahead is not RE2", HEAD "  - capture: {into: n, pattern: 'a(?=b)'}\n",
     "t.yaml:3:33: error: invalid regular expression \"a(?=b)\": look-ahead, look-behind and "
     "back references are not supported (RE2 syntax)\n"
     "  - capture: {into: n, pattern: 'a(?=b)'}\n"
     "                                ^"},
    {"nothing to repeat", HEAD "  - phone: {read sms: {into: c, pattern: '*'}}\n",
     "t.yaml:3:42: error: invalid regular expression \"*\": *, +, ? or { } with nothing to "
     "repeat\n"
     "  - phone: {read sms: {into: c, pattern: '*'}}\n"
     "                                         ^"},
    {"unknown screen key", HEAD "  - expect screen: {heading: H, txt: a}\n",
     "t.yaml:3:33: error: unknown key \"txt\" in \"expect screen\"; did you mean \"text\"?\n"
     "  - expect screen: {heading: H, txt: a}\n"
     "                                ^"},
    {"empty expectation", HEAD "  - expect screen:\n",
     "t.yaml:3:5: error: expected a screen name or a mapping with screen, title, heading, "
     "subheading, text, text matches, present, absent, error for \"expect screen\", got "
     "nothing\n"
     "  - expect screen:\n"
     "    ^"},
    {"timeout only", HEAD "  - wait for: {timeout: 5s}\n",
     "t.yaml:3:15: error: \"wait for\" needs at least one check besides \"timeout\"\n"
     "  - wait for: {timeout: 5s}\n"
     "              ^"},
    {"bad duration", HEAD "  - wait for: {text: a, timeout: soon}\n",
     "t.yaml:3:34: error: expected a duration like 30s, 500ms or 2m for \"timeout\", got "
     "\"soon\"\n"
     "  - wait for: {text: a, timeout: soon}\n"
     "                                 ^"},
    {"fill needs a mapping", HEAD "  - select: Nederland\n",
     "t.yaml:3:13: error: expected a mapping of field: option for \"select\", got "
     "\"Nederland\"\n"
     "  - select: Nederland\n"
     "            ^"},
    {"capture without into", HEAD "  - capture: {from: '#number'}\n",
     "t.yaml:3:5: error: missing required key \"into\" in \"capture\"\n"
     "  - capture: {from: '#number'}\n"
     "    ^"},
    {"capture without source", HEAD "  - capture: {into: n}\n",
     "t.yaml:3:5: error: \"capture\" needs \"from\" (a CSS selector) or \"pattern\"\n"
     "  - capture: {into: n}\n"
     "    ^"},
    {"bad variable name", HEAD "  - capture: {into: 9x, pattern: a}\n",
     "t.yaml:3:21: error: invalid variable name \"9x\": use letters, digits, '_' and '-', not "
     "starting with a digit\n"
     "  - capture: {into: 9x, pattern: a}\n"
     "                    ^"},
    {"unknown control action", HEAD "  - control: reset usr\n",
     "t.yaml:3:14: error: unknown control action \"reset usr\"; did you mean \"reset user\"?\n"
     "  - control: reset usr\n"
     "             ^"},
    {"unknown fault", HEAD "  - control: {fault: drop-sms}\n",
     "t.yaml:3:22: error: unknown fault \"drop-sms\"; did you mean \"drop sms\"?\n"
     "  - control: {fault: drop-sms}\n"
     "                     ^"},
    {"fault missing its parameters", HEAD "  - control: {fault: {kind: latency, route: /login}}\n",
     "t.yaml:3:15: error: fault \"latency\" needs \"delay\"\n"
     "  - control: {fault: {kind: latency, route: /login}}\n"
     "              ^"},
    {"negative advance", HEAD "  - control: {advance clock: -5m}\n",
     "t.yaml:3:30: error: expected a duration like 30s, 500ms or 2m for \"advance clock\", got "
     "\"-5m\"\n"
     "  - control: {advance clock: -5m}\n"
     "                             ^"},
    {"header values",
     "name: t\nlanguage: de\nphone: {app: maybe, clock skew: 30 seconds}\n"
     "user: {password: x}\nsteps:\n  - click: x\n",
     "t.yaml:2:11: error: unknown language \"de\"; did you mean \"nl\"?\n"
     "language: de\n"
     "          ^\n"
     "t.yaml:3:14: error: unknown app state \"maybe\"; expected one of: installed, not "
     "installed, not-installed\n"
     "phone: {app: maybe, clock skew: 30 seconds}\n"
     "             ^\n"
     "t.yaml:3:33: error: expected a duration like 30s, -90s, 500ms or 2m for \"clock skew\", "
     "got \"30 seconds\"\n"
     "phone: {app: maybe, clock skew: 30 seconds}\n"
     "                                ^\n"
     "t.yaml:4:1: error: missing required key \"username\" in \"user\"\n"
     "user: {password: x}\n"
     "^"},
    {"phone settings that contradict",
     "name: t\nphone: {asks for pin: yes, terms accepted: yes}\n"
     "steps:\n  - click: x\n",
     "t.yaml:2:9: error: \"asks for pin: yes\" needs the phone's \"pin\"\n"
     "phone: {asks for pin: yes, terms accepted: yes}\n"
     "        ^\n"
     "t.yaml:2:28: error: \"terms accepted: yes\" needs \"app: installed\"\n"
     "phone: {asks for pin: yes, terms accepted: yes}\n"
     "                           ^"},
    {"vars", "name: t\nvars: {1x: a, b: \"${nope}\"}\nsteps:\n  - click: x\n",
     "t.yaml:2:8: error: invalid variable name \"1x\": use letters, digits, '_' and '-', not "
     "starting with a digit\n"
     "vars: {1x: a, b: \"${nope}\"}\n"
     "       ^\n"
     "t.yaml:2:18: error: unknown variable \"${nope}\" (set it in \"vars\", with capture/read, "
     "with --var nope=..., or use ${env.NAME})\n"
     "vars: {1x: a, b: \"${nope}\"}\n"
     "                 ^"},
    {"unknown variable", "name: t\nvars: {number: '42'}\nsteps:\n  - fill: {Code: \"${nmber}\"}\n",
     "t.yaml:4:19: error: unknown variable \"${nmber}\"; did you mean \"${number}\"?\n"
     "  - fill: {Code: \"${nmber}\"}\n"
     "                  ^"},
    {"variable used before it is set",
     HEAD "  - fill:\n      Code: ${code}\n  - phone: {read totp: code}\n",
     "t.yaml:4:13: error: variable \"${code}\" is used before it is set (at t.yaml:5)\n"
     "      Code: ${code}\n"
     "            ^"},
    {"user variable without a user", HEAD "  - fill: {Wachtwoord: \"${user.password}\"}\n",
     "t.yaml:3:25: error: \"${user.password}\" needs a user: add \"user:\" to the scenario\n"
     "  - fill: {Wachtwoord: \"${user.password}\"}\n"
     "                        ^"},
    {"unterminated variable", HEAD "  - go to: /x/${base\n",
     "t.yaml:3:15: error: unterminated \"${\" (write \"$${\" for a literal \"${\")\n"
     "  - go to: /x/${base\n"
     "              ^"},
    {"empty variable", HEAD "  - click: a ${} b\n",
     "t.yaml:3:14: error: empty variable name \"${}\"\n"
     "  - click: a ${} b\n"
     "             ^"},
    {"include not found", HEAD "  - include: include/missing.yaml\n",
     "t.yaml:3:5: error: include file \"include/missing.yaml\" not found (looked for "
     "include/missing.yaml)\n"
     "  - include: include/missing.yaml\n"
     "    ^"},
};

class ErrorMessageTest : public ::testing::TestWithParam<Case> {};

TEST_P(ErrorMessageTest, IsPinned) {
  const Case& c = GetParam();
  std::vector<Diagnostic> diagnostics;
  auto s = LoadScenarioText(c.yaml, "t.yaml", {}, &diagnostics);
  ASSERT_FALSE(s.ok()) << c.name;
  EXPECT_EQ(s.status().kind(), Status::Kind::kParseError);
  EXPECT_EQ(s.status().message(), c.errors) << c.name;
  for (const Diagnostic& d : diagnostics) {
    EXPECT_EQ(d.severity, Diagnostic::Severity::kError);
  }
}

std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  std::string out;
  for (const char* p = info.param.name; *p; ++p) out += std::isalnum(*p) ? *p : '_';
  return out;
}

INSTANTIATE_TEST_SUITE_P(Loader, ErrorMessageTest, ::testing::ValuesIn(kCases), CaseName);

TEST(ErrorCollectionTest, EveryProblemOfAFileIsReported) {
  std::vector<Diagnostic> diagnostics;
  auto s = LoadScenarioText(HEAD
                            "  - clik: a\n  - manual: 99\n    note: n\n  - phone: fly\n"
                            "  - click: ok\n  - go to: ${x\n",
                            "t.yaml", {}, &diagnostics);
  ASSERT_FALSE(s.ok());
  ASSERT_EQ(diagnostics.size(), 4u);
  EXPECT_EQ(diagnostics[0].where.line, 3);
  EXPECT_EQ(diagnostics[1].where.line, 4);
  EXPECT_EQ(diagnostics[2].where.line, 6);
  EXPECT_EQ(diagnostics[3].where.line, 8);  // variables are checked after the steps, sorted in
}

// Include problems need real files: they resolve against the including file.
class IncludeErrorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // One folder per process and test: ctest runs tests in parallel processes.
    root_ = fs::path(PROOFUP_BINARY_DIR) / "scenario_test_tmp" /
            ("include_errors_" + std::to_string(getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "include");
  }
  void TearDown() override { fs::remove_all(root_); }
  std::string Write(const std::string& rel, const std::string& text) {
    std::ofstream((root_ / rel).string()) << text;
    return (root_ / rel).string();
  }
  fs::path root_;
};

TEST_F(IncludeErrorTest, CycleIsNamedWithEveryFile) {
  std::string main = Write("main.yaml", "name: c\nsteps:\n  - include: include/a.yaml\n");
  std::string a = Write("include/a.yaml", "group: A\nsteps:\n  - include: b.yaml\n");
  std::string b = Write("include/b.yaml", "group: B\nsteps:\n  - include: a.yaml\n");
  auto s = LoadScenarioFile(main);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), b + ":3:5: error: include cycle: " + a + " -> " + b + " -> " + a +
                                      "\n  - include: a.yaml\n    ^\n" + a +
                                      ":3:5: note: included from here\n" + main +
                                      ":3:5: note: included from here");
}

TEST_F(IncludeErrorTest, ErrorInsideAGroupNamesWhereItWasIncluded) {
  std::string main = Write("main.yaml",
                           "name: c\nsteps:\n  - click: x\n  - include: include/g.yaml\n"
                           "  - include: include/g.yaml\n");
  std::string g = Write("include/g.yaml", "group: G\nsteps:\n  - clik: x\n");
  auto s = LoadScenarioFile(main);
  ASSERT_FALSE(s.ok());
  // Reported once, though included twice.
  EXPECT_EQ(s.status().message(),
            g +
                ":3:5: error: unknown key \"clik\" in a step; did you mean \"click\"?\n"
                "  - clik: x\n    ^\n" +
                main + ":4:5: note: included from here");
}

TEST_F(IncludeErrorTest, ScenarioIsNotAGroup) {
  std::string main = Write("main.yaml", "name: c\nsteps:\n  - include: other.yaml\n");
  Write("other.yaml", "name: other\nsteps:\n  - click: x\n");
  auto s = LoadScenarioFile(main);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(),
            main +
                ":3:5: error: \"other.yaml\" is a scenario, not a group of steps (a group "
                "starts with \"group:\")\n  - include: other.yaml\n    ^");
}

TEST_F(IncludeErrorTest, GroupValidatedAloneChecksOnlyVariableSyntax) {
  std::string g = Write("include/g.yaml",
                        "group: G\nsteps:\n  - fill: {Code: '${from_scenario}'}\n  - go to: ${x\n");
  std::vector<Diagnostic> d = ValidateFiles({g});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(FormatDiagnostic(d[0]), g + ":4:12: error: unterminated \"${\" (write \"$${\" for a "
                                        "literal \"${\")\n  - go to: ${x\n           ^");
}

TEST(ValidateFilesTest, MissingPathIsReported) {
  std::vector<Diagnostic> d = ValidateFiles({"/nonexistent/folder"});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(FormatDiagnostic(d[0]),
            "/nonexistent/folder: error: no such file or folder: /nonexistent/folder");
}

TEST(FormatDiagnosticTest, CaretCountsCharactersNotBytes) {
  // '[' is byte 9 (é takes two bytes) but the 8th character.
  Diagnostic d{Diagnostic::Severity::kError, {"f.yaml", 2, 9}, "m", "  - é: [x", {}};
  EXPECT_EQ(FormatDiagnostic(d), "f.yaml:2:9: error: m\n  - é: [x\n       ^");
}

}  // namespace
}  // namespace proofup::scenario
