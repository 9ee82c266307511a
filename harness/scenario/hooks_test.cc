// `before:` / `after:` hooks in the scenario header and in target profiles.
#include <gtest/gtest.h>

#include "harness/scenario/scenario.h"

namespace proofup::scenario {
namespace {

using Words = std::vector<std::string>;

StatusOr<Scenario> Load(const std::string& yaml) { return LoadScenarioText(yaml, "t.yaml"); }

TEST(HooksTest, ReadsTheShortAndTheLongForm) {
  auto s = Load(
      "name: t\n"
      "user: alice\n"
      "before:\n"
      "  - ./reset-user.sh --user '${user.username}'\n"
      "  - run: [./issue-pass.py, \"${user.username} x\"]\n"
      "    timeout: 5s\n"
      "    sets: [sign_in_pass]\n"
      "    public: user_id\n"
      "    env: {PORTAL_TOKEN: \"${env.TOKEN}\"}\n"
      "after:\n"
      "  run: echo done >> hooks.log\n"
      "  shell: yes\n"
      "steps:\n"
      "  - fill: {Pass: \"${sign_in_pass}\", Id: \"${user_id}\"}\n");
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_EQ(s->before.size(), 2u);
  EXPECT_EQ(s->before[0].command, (Words{"./reset-user.sh", "--user", "${user.username}"}));
  EXPECT_EQ(s->before[0].timeout, std::chrono::seconds(60));
  EXPECT_EQ(s->before[0].where.line, 4);
  EXPECT_EQ(s->before[0].where.column, 5);
  EXPECT_EQ(s->before[1].command, (Words{"./issue-pass.py", "${user.username} x"}));
  EXPECT_EQ(s->before[1].timeout, std::chrono::seconds(5));
  EXPECT_EQ(s->before[1].sets, Words{"sign_in_pass"});
  EXPECT_EQ(s->before[1].public_vars, Words{"user_id"});
  ASSERT_EQ(s->before[1].env.size(), 1u);
  EXPECT_EQ(s->before[1].env[0].first, "PORTAL_TOKEN");
  ASSERT_EQ(s->after.size(), 1u);
  EXPECT_TRUE(s->after[0].shell);
  EXPECT_EQ(s->after[0].command, Words{"echo done >> hooks.log"});
  EXPECT_EQ(DescribeHook(s->before[1], "before"), "before: ./issue-pass.py '${user.username} x'");
}

TEST(HooksTest, AfterHooksMayUseWhatTheStepsCaptured) {
  auto s = Load(
      "name: t\n"
      "after: './delete-device.sh \"${device}\"'\n"
      "steps:\n"
      "  - capture: {into: device, from: '#device'}\n");
  EXPECT_TRUE(s.ok()) << s.status().message();
}

struct Case {
  const char* name;
  const char* yaml;
  const char* error;  // the first error, formatted
};

const Case kCases[] = {
    {"unknown key", "name: t\nbefore:\n  run: x\n  timout: 5s\nsteps: [{note: n}]\n",
     "t.yaml:4:3: error: unknown key \"timout\" in a hook; did you mean \"timeout\"?\n"
     "  timout: 5s\n"
     "  ^"},
    {"missing run", "name: t\nbefore: {timeout: 5s}\nsteps: [{note: n}]\n",
     "t.yaml:2:9: error: missing required key \"run\" in a hook\n"
     "before: {timeout: 5s}\n"
     "        ^"},
    {"shell operator", "name: t\nafter: cat log | grep x\nsteps: [{note: n}]\n",
     "t.yaml:2:8: error: in \"after\": \"|\" at offset 8 needs a shell (quote it, or run the text "
     "with a shell); add \"shell: yes\" to run it with sh -c\n"
     "after: cat log | grep x\n"
     "       ^"},
    {"unterminated quote", "name: t\nbefore: \"echo 'x\"\nsteps: [{note: n}]\n",
     "t.yaml:2:9: error: in \"before\": unterminated '...' quote at offset 5\n"
     "before: \"echo 'x\"\n"
     "        ^"},
    {"shell with a list", "name: t\nbefore: {run: [a, b], shell: yes}\nsteps: [{note: n}]\n",
     "t.yaml:2:15: error: \"shell: yes\" runs one text with sh -c; write \"run\" as a text\n"
     "before: {run: [a, b], shell: yes}\n"
     "              ^"},
    {"zero timeout", "name: t\nbefore: {run: a, timeout: 0s}\nsteps: [{note: n}]\n",
     "t.yaml:2:27: error: a hook's timeout must lie between 1 ms and 1 h\n"
     "before: {run: a, timeout: 0s}\n"
     "                          ^"},
    {"unknown variable in a hook", "name: t\nbefore: ./reset ${usr}\nsteps: [{note: n}]\n",
     "t.yaml:2:9: error: unknown variable \"${usr}\" (set it in \"vars\", with capture/read, with "
     "--var usr=..., or use ${env.NAME})\n"
     "before: ./reset ${usr}\n"
     "        ^"},
    {"undeclared hook variable in a step",
     "name: t\nbefore: ./issue-pass\nsteps:\n  - fill: {Pass: \"${pass}\"}\n",
     "t.yaml:4:19: error: unknown variable \"${pass}\" (set it in \"vars\", with capture/read, "
     "with --var pass=..., or use ${env.NAME})\n"
     "  - fill: {Pass: \"${pass}\"}\n"
     "                  ^"},
    {"bad env name", "name: t\nbefore: {run: a, env: {1X: y}}\nsteps: [{note: n}]\n",
     "t.yaml:2:24: error: invalid environment variable name \"1X\": use letters, digits and '_', "
     "not starting with a digit\n"
     "before: {run: a, env: {1X: y}}\n"
     "                       ^"},
};

TEST(HooksTest, ErrorsHaveFileLineAndColumn) {
  for (const Case& c : kCases) {
    auto s = Load(c.yaml);
    ASSERT_FALSE(s.ok()) << c.name;
    const std::string message = s.status().message();
    EXPECT_EQ(message.substr(0, message.find("\nt.yaml:")), c.error) << c.name;
  }
}

TEST(HooksTest, LoadsTheHooksOfAProfile) {
  const std::string profile =
      "url: https://portal.example\n"
      "before:\n"
      "  run: [./reset-all.sh, \"${env:PORTAL_TOKEN}\", \"${target}\"]\n"
      "  sets: [run_pass]\n"
      "after: ./cleanup.sh\n";
  auto before = LoadHooks(profile, "targets/t.yaml", "before");
  ASSERT_TRUE(before.ok()) << before.status().message();
  ASSERT_EQ(before->size(), 1u);
  EXPECT_EQ((*before)[0].command, (Words{"./reset-all.sh", "${env:PORTAL_TOKEN}", "${target}"}));
  EXPECT_EQ((*before)[0].where.file, "targets/t.yaml");
  EXPECT_EQ((*before)[0].where.line, 3);
  auto after = LoadHooks(profile, "targets/t.yaml", "after");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ((*after)[0].command, Words{"./cleanup.sh"});
  EXPECT_TRUE(LoadHooks("url: x\n", "t.yaml", "before")->empty());
  auto bad = LoadHooks("before: {run: x, sets: [1a]}\n", "targets/t.yaml", "before");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().substr(0, bad.status().message().find('\n')),
            "targets/t.yaml:1:25: error: invalid variable name \"1a\": use letters, digits, '_' "
            "and '-', not starting with a digit");
}

}  // namespace
}  // namespace proofup::scenario
