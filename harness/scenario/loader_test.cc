// The shipped scenarios load into the model the runner expects; includes,
// step splitting and header settings behave as documented.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/scenario/scenario.h"

namespace proofup::scenario {
namespace {

namespace fs = std::filesystem;

std::string Scenarios() { return std::string(PROOFUP_SOURCE_DIR) + "/scenarios"; }

std::string Errors(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) {
    if (d.severity == Diagnostic::Severity::kError) out += FormatDiagnostic(d) + "\n";
  }
  return out;
}

// A scratch folder of YAML files, removed afterwards.
class TempTree {
 public:
  TempTree() {
    // One folder per process and test: ctest runs tests in parallel processes.
    root_ = fs::path(PROOFUP_BINARY_DIR) / "scenario_test_tmp" /
            (std::to_string(getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  ~TempTree() { fs::remove_all(root_); }
  std::string Write(const std::string& rel, const std::string& text) {
    fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.string();
  }
  std::string root() const { return root_.string(); }

 private:
  fs::path root_;
};

LoadOptions WithVars(std::vector<std::string> vars) {
  LoadOptions options;
  options.extra_vars = std::move(vars);
  return options;
}

TEST(LoaderTest, EnrollmentNlCoversEveryManualStepInOrder) {
  std::vector<Diagnostic> diagnostics;
  auto s = LoadScenarioFile(Scenarios() + "/enrollment-nl.yaml", {}, &diagnostics);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->name, "Inschrijving MS Authenticator (NL)");
  EXPECT_EQ(s->user.username, "user01@voorbeeld.nl");
  EXPECT_EQ(s->language, "nl");
  EXPECT_FALSE(s->phone.app_installed);
  EXPECT_EQ(s->phone.number, "+31612345601");
  EXPECT_EQ(s->tags, (std::vector<std::string>{"enrollment", "nl", "happy-path"}));
  int last = 0;
  std::vector<bool> covered(17, false);
  for (const Step& step : s->steps) {
    ASSERT_FALSE(step.manual_steps.empty()) << Describe(step.action);
    for (int m : step.manual_steps) covered[m] = true;
    EXPECT_GE(step.manual_steps.front(), last) << "manual numbers go forward";
    last = step.manual_steps.front();
  }
  for (int m = 1; m <= 16; ++m) EXPECT_TRUE(covered[m]) << "manual step " << m;
  // Steps 1, 2 and 5 are human preparation: notes, never silently skipped.
  EXPECT_TRUE(std::holds_alternative<Note>(s->steps[0].action));
  EXPECT_TRUE(std::holds_alternative<InstallApp>(s->steps[2].action));
}

TEST(LoaderTest, EnrollmentEnLoads) {
  auto s = LoadScenarioFile(Scenarios() + "/enrollment-en.yaml");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->language, "en");
  EXPECT_EQ(s->user.username.empty(), false);
}

TEST(LoaderTest, ValidateFindsNoErrorsInShippedScenarios) {
  std::vector<Diagnostic> diagnostics = ValidateFiles({Scenarios()});
  EXPECT_EQ(Errors(diagnostics), "");
  // Groups are checked as groups when named directly.
  diagnostics = ValidateFiles({Scenarios() + "/include/sign-in-nl.yaml"});
  EXPECT_EQ(Errors(diagnostics), "");
}

TEST(LoaderTest, IncludeIsExpandedWithGroupManualAndOrigin) {
  const std::string file = Scenarios() + "/enrollment-nl.yaml";
  auto s = LoadScenarioFile(file);
  ASSERT_TRUE(s.ok()) << s.status().message();
  std::vector<const Step*> group;
  for (const Step& step : s->steps) {
    if (!step.group.empty()) group.push_back(&step);
  }
  ASSERT_EQ(group.size(), 4u);
  EXPECT_EQ(group[0]->group, "Aanmelden met gebruikersnaam en wachtwoord");
  EXPECT_EQ(std::get<Open>(group[0]->action).url, "/");
  EXPECT_EQ(std::get<ExpectScreen>(group[1]->action).screen.screen, "Aanmelden");
  const Fill& fill = std::get<Fill>(group[2]->action);
  ASSERT_EQ(fill.fields.size(), 2u);
  EXPECT_EQ(fill.fields[0].field, "Gebruikersnaam");
  EXPECT_EQ(fill.fields[1].value, "${user.password}");
  EXPECT_EQ(std::get<Click>(group[3]->action).target.text, "Aanmelden");
  for (const Step* step : group) {
    EXPECT_EQ(step->manual_steps, std::vector<int>{6});
    EXPECT_EQ(step->where.file, Scenarios() + "/include/sign-in-nl.yaml");
    ASSERT_EQ(step->included_from.size(), 1u);
    EXPECT_EQ(step->included_from[0].file, file);
  }
}

TEST(LoaderTest, ExpectAndActionBecomeTwoStepsExpectationFirst) {
  auto s = LoadScenarioText(R"(name: x
steps:
  - manual: 7
    click: Volgende
    expect screen: Meer informatie vereist
)",
                            "x.yaml");
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_EQ(s->steps.size(), 2u);
  EXPECT_EQ(std::get<ExpectScreen>(s->steps[0].action).screen.screen, "Meer informatie vereist");
  EXPECT_EQ(s->steps[0].where.line, 5);
  EXPECT_EQ(std::get<Click>(s->steps[1].action).target.text, "Volgende");
  EXPECT_EQ(s->steps[1].where.line, 4);
  EXPECT_EQ(s->steps[1].where.column, 5);
  EXPECT_EQ(s->steps[1].manual_steps, std::vector<int>{7});
}

TEST(LoaderTest, ScanQrCanRequireARefusal) {
  auto s = LoadScenarioText(R"(name: x
steps:
  - phone: {scan qr: {refused: expired}}
  - phone: scan qr
)",
                            "x.yaml");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(std::get<ScanQr>(s->steps[0].action).refused, "expired");
  EXPECT_EQ(Describe(s->steps[0].action), "phone: scan qr (must be refused: expired)");
  EXPECT_EQ(std::get<ScanQr>(s->steps[1].action).refused, "");
  auto bad = LoadScenarioText("name: x\nsteps:\n  - phone: {scan qr: {refuse: PIN}}\n", "x.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("did you mean \"refused\"?"), std::string::npos)
      << bad.status().message();
}

TEST(LoaderTest, AddAccountFromACapturedUriOrSecret) {
  auto s = LoadScenarioText(R"(name: add
user: anna@voorbeeld.nl
steps:
  - capture: {into: uri, pattern: '(otpauth://\S+)', secret: yes}
  - phone: {add account: {uri: "${uri}"}}
  - phone: {add account: {secret: "JBSW Y3DP", account: "${user.username}", issuer: Portal}}
  - phone: {add account: "${uri}"}
)",
                            "add.yaml");
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_EQ(s->steps.size(), 4u);
  EXPECT_EQ(std::get<AddAccount>(s->steps[1].action).uri, "${uri}");
  const AddAccount& secret = std::get<AddAccount>(s->steps[2].action);
  EXPECT_EQ(secret.secret, "JBSW Y3DP");
  EXPECT_EQ(secret.account, "${user.username}");
  EXPECT_EQ(secret.issuer, "Portal");
  EXPECT_EQ(std::get<AddAccount>(s->steps[3].action).uri, "${uri}");
  EXPECT_STREQ(ActionKind(s->steps[1].action), "phone.add_account");
  EXPECT_EQ(Describe(s->steps[2].action), "phone: add account from a secret for ${user.username}");
  for (const char* bad : {"{add account: {uri: x, secret: y}}", "{add account: {account: a}}",
                          "{add account: {uri: x, account: a}}", "add account"}) {
    SCOPED_TRACE(bad);
    auto e = LoadScenarioText(std::string("name: x\nsteps:\n  - phone: ") + bad + "\n", "x.yaml");
    EXPECT_FALSE(e.ok());
  }
}

TEST(LoaderTest, EveryActionParses) {
  auto s = LoadScenarioText(R"(name: all
user: {username: a@b.nl, password: geheim, display name: A}
phone: {app: installed, terms accepted: yes, pin: "1234", asks for pin: yes, clock skew: -30s}
vars: {base: /mfa}
steps:
  - go to: ${base}/qr
  - wait for: {heading: H, subheading: S, text: [a, b], text matches: 'n\d', present: [{css: img}], absent: X, error: E, timeout: 2m}
  - select: {country: Nederland (+31)}
  - uncheck: Onthouden
  - choose: Sms ontvangen
  - click: {css: "button[value=next]"}
  - capture: {into: code, pattern: 'Code: (\d+)', secret: yes}
  - phone: {scan qr: {camera can read: no}}
  - phone: enter code manually
  - phone: deny
  - phone: {read totp: totp}
  - phone: {read sms: {into: sms, pattern: '(\d{6})'}}
  - phone: {enter pin: "0000"}
  - phone: {clock skew: 90s}
  - phone: uninstall app
  - control: {advance clock: 11m}
  - control: {clock offset: -90s}
  - control: {fault: drop sms}
  - control: {fault: {kind: latency, route: /login, delay: 200ms, count: 2}}
  - control: clear faults
  - control: reset user
  - note: done ${code} ${totp} ${sms}
)",
                            "all.yaml");
  ASSERT_TRUE(s.ok()) << s.status().message();
  const auto& st = s->steps;
  ASSERT_EQ(st.size(), 22u);
  EXPECT_EQ(*s->user.password, "geheim");
  EXPECT_EQ(s->user.display_name, "A");
  EXPECT_TRUE(s->phone.app_installed && s->phone.terms_accepted && s->phone.asks_for_pin);
  EXPECT_EQ(s->phone.clock_skew_seconds, -30);
  const WaitFor& w = std::get<WaitFor>(st[1].action);
  EXPECT_EQ(w.timeout, std::chrono::minutes(2));
  EXPECT_EQ(w.screen.text_contains, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(w.screen.present[0].css, "img");
  EXPECT_EQ(w.screen.absent[0].text, "X");
  EXPECT_FALSE(std::get<Check>(st[3].action).checked);
  EXPECT_EQ(std::get<Click>(st[5].action).target.css, "button[value=next]");
  EXPECT_TRUE(std::get<Capture>(st[6].action).secret);
  EXPECT_FALSE(std::get<ScanQr>(st[7].action).camera_can_read);
  EXPECT_FALSE(std::get<AnswerPush>(st[9].action).approve);
  EXPECT_EQ(std::get<ReadSms>(st[11].action).pattern, "(\\d{6})");
  EXPECT_EQ(std::get<EnterPin>(st[12].action).pin, "0000");
  EXPECT_EQ(std::get<SetPhoneClock>(st[13].action).skew_seconds, 90);
  EXPECT_EQ(std::get<SetPortalClock>(st[15].action).seconds, 660);
  EXPECT_EQ(std::get<SetPortalClock>(st[16].action).mode, SetPortalClock::Mode::kOffset);
  EXPECT_EQ(std::get<SetPortalClock>(st[16].action).seconds, -90);
  EXPECT_EQ(std::get<InjectFault>(st[17].action).kind, FaultKind::kDropSms);
  const InjectFault& latency = std::get<InjectFault>(st[18].action);
  EXPECT_EQ(latency.delay, std::chrono::milliseconds(200));
  EXPECT_EQ(latency.count, 2);
  EXPECT_STREQ(FaultKindName(latency.kind), "latency");
  EXPECT_STREQ(ActionKind(st[20].action), "control.reset");
  EXPECT_STREQ(ActionKind(st[7].action), "phone.scan_qr");
  EXPECT_EQ(Describe(st[5].action), "click css \"button[value=next]\"");
}

TEST(LoaderTest, DescribeReadsLikeTheScenario) {
  auto s = LoadScenarioText(
      R"(name: d
steps:
  - expect screen: Meer informatie vereist
  - fill: {Code: "${sms_code}"}
  - phone:
      approve: ${number}
  - capture: {into: number, from: "#number"}
)",
      "d.yaml", WithVars({"sms_code", "number"}));
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(Describe(s->steps[0].action), "expect screen \"Meer informatie vereist\"");
  EXPECT_EQ(Describe(s->steps[1].action), "fill \"Code\" with \"${sms_code}\"");
  EXPECT_EQ(Describe(s->steps[2].action), "phone: approve with number ${number}");
  EXPECT_EQ(Describe(s->steps[3].action), "capture ${number} from css \"#number\"");
}

TEST(LoaderTest, IncludesNestAndResolveRelativeToTheIncludingFile) {
  TempTree t;
  t.Write("g/inner.yaml", "group: Inner\nsteps:\n  - click: Inner\n");
  t.Write("g/outer.yaml", "group: Outer\nsteps:\n  - include: inner.yaml\n  - click: Outer\n");
  std::string main = t.Write("main.yaml",
                             "name: m\nsteps:\n  - manual: 3\n    include: g/outer.yaml\n"
                             "  - include: g/inner.yaml\n");
  auto s = LoadScenarioFile(main);
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_EQ(s->steps.size(), 3u);
  EXPECT_EQ(s->steps[0].group, "Inner");
  ASSERT_EQ(s->steps[0].included_from.size(), 2u);
  EXPECT_EQ(s->steps[0].included_from[0].file, t.root() + "/g/outer.yaml");
  EXPECT_EQ(s->steps[0].included_from[1].line, 4);
  EXPECT_EQ(s->steps[0].manual_steps, std::vector<int>{3});
  EXPECT_EQ(s->steps[1].group, "Outer");
  EXPECT_TRUE(s->steps[2].manual_steps.empty());
}

TEST(LoaderTest, ManualIsFoundInAParentFolderElseAWarning) {
  TempTree t;
  t.Write("fixtures/manual/m.yaml", "steps: []\n");
  std::string file = t.Write("scenarios/a.yaml",
                             "name: a\nmanual: fixtures/manual/m.yaml\nsteps:\n  - click: X\n");
  std::vector<Diagnostic> diagnostics;
  auto s = LoadScenarioFile(file, {}, &diagnostics);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->manual_path, t.root() + "/fixtures/manual/m.yaml");
  EXPECT_TRUE(diagnostics.empty());

  file = t.Write("scenarios/b.yaml", "name: b\nmanual: nowhere.yaml\nsteps:\n  - click: X\n");
  s = LoadScenarioFile(file, {}, &diagnostics);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->manual_path, "");
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(FormatDiagnostic(diagnostics[0]),
            file +
                ":2:9: warning: manual file \"nowhere.yaml\" not found in the scenario's "
                "folder or any parent folder\nmanual: nowhere.yaml\n        ^");
}

TEST(LoaderTest, FindScenarioFilesSkipsIncludeFolders) {
  TempTree t;
  t.Write("b.yaml", "");
  t.Write("a.yml", "");
  t.Write("sub/c.yaml", "");
  t.Write("include/g.yaml", "");
  t.Write("notes.txt", "");
  auto files = FindScenarioFiles({t.root()});
  ASSERT_TRUE(files.ok());
  EXPECT_EQ(*files, (std::vector<std::string>{t.root() + "/a.yml", t.root() + "/b.yaml",
                                              t.root() + "/sub/c.yaml"}));
  auto missing = FindScenarioFiles({t.root() + "/nope"});
  EXPECT_EQ(missing.status().kind(), Status::Kind::kNotFound);
}

// Every YAML example in docs/scenarios.md loads: the reference cannot drift
// from the loader.
TEST(LoaderTest, EveryExampleInTheSyntaxReferenceLoads) {
  std::ifstream in(std::string(PROOFUP_SOURCE_DIR) + "/docs/scenarios.md");
  std::string line, block;
  bool in_block = false;
  int examples = 0;
  LoadOptions options;
  options.extra_vars = {"number", "sms_code"};
  while (std::getline(in, line)) {
    if (!in_block) {
      in_block = line == "```yaml";
      block.clear();
      continue;
    }
    if (line != "```") {
      if (line.rfind("# ", 0) != 0) block += line + "\n";
      continue;
    }
    in_block = false;
    if (block.rfind("group:", 0) == 0) continue;  // the shipped group file is tested itself
    std::string text = block.rfind("name:", 0) == 0 ? block
                       : block.rfind("phone:", 0) == 0
                           ? "name: d\n" + block + "steps:\n  - click: x\n"
                           : "name: d\nuser: u@x.nl\nsteps:\n" + block;
    auto s = LoadScenarioText(text, Scenarios() + "/docs-example.yaml", options);
    EXPECT_TRUE(s.ok()) << text << "\n" << s.status().message();
    ++examples;
  }
  EXPECT_GE(examples, 15);
}

TEST(LoaderTest, UnreadableFileIsAnIoError) {
  std::vector<Diagnostic> diagnostics;
  auto s = LoadScenarioFile("/nonexistent/x.yaml", {}, &diagnostics);
  EXPECT_EQ(s.status().kind(), Status::Kind::kIoError);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(FormatDiagnostic(diagnostics[0]),
            "/nonexistent/x.yaml: error: cannot read /nonexistent/x.yaml");
}

}  // namespace
}  // namespace proofup::scenario

namespace proofup::scenario {
namespace {

TEST(LoaderNeedsTest, DeclaredAndImpliedNeedsAndPause) {
  auto s = LoadScenarioText(R"(name: n
needs: [mock-phone-api]
steps:
  - control: reset user
  - pause: 1500ms
  - phone:
      read sms: code
  - phone:
      approve: "12"
)",
                            "t.yaml");
  ASSERT_TRUE(s.ok()) << s.status().message();
  std::vector<Need> needs = ScenarioNeeds(*s);
  ASSERT_EQ(needs.size(), 3u);
  EXPECT_EQ(needs[0].name, "mock-phone-api");
  EXPECT_EQ(needs[0].why, "declared with needs:");
  EXPECT_EQ(needs[1].name, "control-api");
  EXPECT_EQ(needs[1].why, "control.reset at t.yaml:4");
  EXPECT_EQ(needs[2].name, "sms");
  ASSERT_TRUE(std::holds_alternative<Pause>(s->steps[1].action));
  EXPECT_EQ(std::get<Pause>(s->steps[1].action).duration.count(), 1500);
  EXPECT_EQ(std::string(ActionKind(s->steps[1].action)), "pause");
}

// A portal refuses a TOTP code used once, so a second sign-in in the same
// 30 s window waits for the next window: longer than the run's step timeout.
TEST(LoaderTest, ReadTotpTakesAnOwnTimeout) {
  auto s = LoadScenarioText(R"(name: n
steps:
  - phone: {read totp: first}
  - phone:
      read totp: {into: second, timeout: 35s}
)",
                            "t.yaml");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(std::get<ReadTotp>(s->steps[0].action).var, "first");
  EXPECT_EQ(std::get<ReadTotp>(s->steps[0].action).timeout.count(), 0) << "0: the run's";
  EXPECT_EQ(std::get<ReadTotp>(s->steps[1].action).var, "second");
  EXPECT_EQ(std::get<ReadTotp>(s->steps[1].action).timeout, std::chrono::seconds(35));

  auto bad = LoadScenarioText(
      "name: n\nsteps:\n  - phone: {read totp: {timeout: 35s}}\n"
      "  - phone: {read totp: {into: c, timout: 35s}}\n  - phone: {read totp: {into: c, timeout: "
      "soon}}\n",
      "t.yaml");
  ASSERT_FALSE(bad.ok());
  const std::string m = bad.status().message();
  EXPECT_NE(m.find("t.yaml:3:13: error: missing required key \"into\" in \"read totp\""),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("unknown key \"timout\" in \"read totp\"; did you mean \"timeout\"?"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("t.yaml:5:"), std::string::npos) << m;
}

TEST(LoaderNeedsTest, UnknownNeedAndHugePauseAreErrors) {
  auto s = LoadScenarioText("name: n\nneeds: [control-apl]\nsteps:\n  - pause: 2h\n", "t.yaml");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("t.yaml:2:8: error: unknown need \"control-apl\""),
            std::string::npos)
      << s.status().message();
  EXPECT_NE(s.status().message().find("did you mean \"control-api\""), std::string::npos);
  EXPECT_NE(s.status().message().find("t.yaml:4:12: error: a pause of more than 10 minutes"),
            std::string::npos)
      << s.status().message();
}

}  // namespace
}  // namespace proofup::scenario
