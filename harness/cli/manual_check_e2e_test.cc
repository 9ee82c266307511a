// End to end: the built `proofup` binary, run as a child process against the
// bundled mock-idp (loopback, free port), checks the manual on the normal
// portal and on the "portal-update" variant (mock-idp/catalogs/portal-update.variant.yaml).
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <tuple>

#include "harness/manual/manual.h"
#include "harness/process/process.h"

namespace proofup {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;

constexpr char kNlManual[] = "fixtures/manual/ms-authenticator.nl.yaml";
constexpr char kEnManual[] = "fixtures/manual/ms-authenticator.en.yaml";

struct Result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class ManualCheckE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    reports_ = fs::temp_directory_path() /
               ("proofup_manual_e2e_" + std::to_string(getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(reports_);
  }
  void TearDown() override { fs::remove_all(reports_); }

  // Runs proofup in the source tree (fixtures/users.yaml, scenarios/) with
  // reports going to a fresh temporary folder.
  Result Proofup(std::vector<std::string> args) {
    std::vector<std::string> argv = {std::string(PROOFUP_BINARY_DIR) + "/proofup"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--reports", reports_.string()});
    SpawnOptions options;
    options.capture_stdout = true;
    options.capture_stderr = true;
    options.working_dir = PROOFUP_SOURCE_DIR;
    auto child = ChildProcess::Spawn(argv, options);
    EXPECT_TRUE(child.ok()) << child.status().message();
    if (!child.ok()) return {};
    Result r;
    r.out = (*child)->ReadAllStdout();
    r.err = (*child)->ReadAllStderr();
    auto exit = (*child)->Wait(std::chrono::milliseconds(60'000));
    EXPECT_TRUE(exit.ok() && exit->exited) << r.err;
    if (exit.ok()) r.exit_code = exit->code;
    return r;
  }

  fs::path LatestRun() const { return fs::canonical(reports_ / "latest"); }

  nlohmann::json ManualJson() const {
    std::ifstream in(LatestRun() / "manual.json");
    EXPECT_TRUE(in.good()) << "no manual.json in " << LatestRun();
    return nlohmann::json::parse(in, nullptr, false);
  }

  fs::path reports_;
};

using FindingKey =
    std::tuple<std::string, int, std::string, std::string>;  // kind, step, subject, now
std::set<FindingKey> Findings(const nlohmann::json& check) {
  std::set<FindingKey> keys;
  for (const auto& f : check["findings"])
    keys.insert({f["kind"].get<std::string>(), f["step"].get<int>(),
                 f["subject"].get<std::string>(), f["now"].get<std::string>()});
  return keys;
}

TEST_F(ManualCheckE2E, NormalPortalMatchesBothManuals) {
  Result nl = Proofup({"manual-check", "--manual", kNlManual, "scenarios/enrollment-nl.yaml"});
  EXPECT_EQ(nl.exit_code, 0) << nl.out << nl.err;
  EXPECT_NE(nl.out.find("manual: ms-authenticator.nl.yaml matches (16 steps)"), std::string::npos)
      << nl.out;
  auto json = ManualJson();
  ASSERT_EQ(json["checks"].size(), 1u);
  EXPECT_TRUE(json["checks"][0]["matches"].get<bool>());
  EXPECT_TRUE(json["checks"][0]["findings"].empty());
  EXPECT_TRUE(fs::is_regular_file(LatestRun() / "manual.html"));
  EXPECT_TRUE(fs::is_regular_file(LatestRun() / "index.html"));

  // With every shipped scenario (branches: sign-in, error paths, the English
  // enrollment) only the Dutch enrollment is compared, and nothing drifts.
  Result all = Proofup({"manual-check", "--manual", kNlManual, "scenarios/"});
  EXPECT_EQ(all.exit_code, 0) << all.out << all.err;
  EXPECT_EQ(ManualJson()["checks"][0]["scenarios"],
            nlohmann::json({"Inschrijving MS Authenticator (NL)"}));
  EXPECT_TRUE(ManualJson()["checks"][0]["findings"].empty()) << all.out;

  // Given both scenarios, the English one is left out: it follows the English manual.
  Result en = Proofup({"manual-check", "--manual", kEnManual, "scenarios/"});
  EXPECT_EQ(en.exit_code, 0) << en.out << en.err;
  EXPECT_EQ(ManualJson()["checks"][0]["scenarios"],
            nlohmann::json({"MS Authenticator enrollment (EN)"}));
  EXPECT_TRUE(ManualJson()["checks"][0]["findings"].empty()) << en.out;  // branches: no drift
}

TEST_F(ManualCheckE2E, RunChecksTheManualsItsScenariosNameAndReadsBack) {
  Result run = Proofup({"run", "scenarios/"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("manual: ms-authenticator.nl.yaml matches (16 steps)\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("manual: ms-authenticator.en.yaml matches (16 steps)\n"),
            std::string::npos)
      << run.out;
  auto json = ManualJson();
  ASSERT_EQ(json["checks"].size(), 2u);
  fs::path folder = LatestRun();
  fs::remove(folder / "manual.json");

  // A finished run, by folder and by report.json.
  Result by_folder = Proofup({"manual-check", "--manual", kNlManual, folder.string()});
  EXPECT_EQ(by_folder.exit_code, 0) << by_folder.out << by_folder.err;
  EXPECT_TRUE(fs::is_regular_file(folder / "manual.json"));
  Result by_report =
      Proofup({"manual-check", "--manual", kEnManual, (folder / "report.json").string()});
  EXPECT_EQ(by_report.exit_code, 0) << by_report.out << by_report.err;
}

// The saved screen of each manual step of `check` is the screen of that step
// (a heading or subheading of it), also where a survey walked a reordered
// block first.
void ExpectEachStepsOwnScreen(const nlohmann::json& check, const fs::path& run) {
  const std::map<int, std::string> own = {{6, ">Aanmelden</h1>"},
                                          {7, ">Meer informatie vereist</h1>"},
                                          {8, ">Begin door de app op te halen</h2>"},
                                          {9, ">Uw account instellen</h2>"},
                                          {10, ">De QR-code scannen</h2>"},
                                          {12, ">Laten we het uitproberen</h2>"},
                                          {13, ">Telefoon</h2>"},
                                          {15, ">Sms geverifieerd</h2>"}};
  size_t seen = 0;
  for (const auto& s : check["steps"]) {
    auto it = own.find(s["step"].get<int>());
    if (it == own.end()) continue;
    std::ifstream in(run / s["screen_file"].get<std::string>());
    std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(html.find(it->second), std::string::npos)
        << "step " << it->first << ": " << s["screen_file"] << " is not its screen";
    ++seen;
  }
  EXPECT_EQ(seen, own.size());
}

const std::set<FindingKey> kPortalUpdateChanges = {
    {"label missing", 8, "Volgende", "Doorgaan"},
    {"label missing", 9, "Volgende", "Doorgaan"},
    {"label missing", 12, "Melding goedgekeurd", "Aanvraag goedgekeurd"},
    {"reordered", 13,
     "Uw account veilig houden / Telefoon, Uw account veilig houden / Sms geverifieerd",
     "after \"Meer informatie vereist\" (step 7), before \"Uw account veilig houden / "
     "Begin door de app op te halen\" (step 8)"}};

// The shipped scenario, written for the old portal, in survey mode: the walk
// goes on past every change (the phone block first, "Doorgaan" for
// "Volgende"), so one run lists all of them; --update writes them into the
// manual (comments kept) and a second check finds no drift.
TEST_F(ManualCheckE2E, PortalUpdateSurveyListsEveryChangeAndUpdateMakesItMatch) {
  // A copy of the manual (same file name: the scenario names the manual by it).
  fs::path copy = reports_ / "manual" / "ms-authenticator.nl.yaml";
  fs::create_directories(copy.parent_path());
  fs::copy_file(fs::path(PROOFUP_SOURCE_DIR) / kNlManual, copy);
  Result r = Proofup({"manual-check", "--manual", copy.string(), "scenarios/enrollment-nl.yaml",
                      "--mock-variant", "portal-update"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  auto check = ManualJson()["checks"][0];
  EXPECT_EQ(Findings(check), kPortalUpdateChanges) << r.out;
  for (const auto& s : check["steps"]) EXPECT_NE(s["status"], "not checked") << s["step"];
  EXPECT_NE(r.out.find("step 8: \"Volgende\" not found; the screen now reads \"Doorgaan\""),
            std::string::npos)
      << r.out;
  ExpectEachStepsOwnScreen(check, LatestRun());

  // --update from that run's folder: no second run needed to write the manual.
  Result u = Proofup({"manual-check", "--manual", copy.string(), "--update", LatestRun().string()});
  EXPECT_EQ(u.exit_code, 0) << u.out << u.err;
  EXPECT_NE(u.out.find("update: step 12: \"Melding goedgekeurd\" -> \"Aanvraag goedgekeurd\""),
            std::string::npos)
      << u.out;
  EXPECT_NE(u.out.find("-    labels: [Uw account veilig houden, Volgende]\n"
                       "+    labels: [Uw account veilig houden, Doorgaan]\n"),
            std::string::npos)
      << u.out;
  std::ifstream in(copy);
  std::string updated((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(updated.rfind("# The manual ../shared/manual/handleiding-ms-authenticator.txt", 0), 0u)
      << "comments kept";
  // The steps in the order the portal shows them, numbers kept: the phone
  // block (13, 14) after step 7; step 15 stays before 16, where it ends
  // ("Gelukt!"), and its screen the portal now shows right after the SMS code
  // goes to step 14.
  auto written = manual::LoadManualText(updated, copy.string());
  ASSERT_TRUE(written.ok()) << written.status().message();
  std::vector<int> order;
  for (const auto& step : written->steps) order.push_back(step.number);
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 13, 14, 8, 9, 10, 11, 12, 15, 16}))
      << updated;
  EXPECT_EQ(written->steps[8].screens,
            (std::vector<std::string>{"Uw account veilig houden / Telefoon",
                                      "Uw account veilig houden / Sms geverifieerd"}));
  EXPECT_EQ(written->steps[14].screens, std::vector<std::string>{"Gelukt!"});
  EXPECT_NE(u.out.find("update: step 15: screen \"Uw account veilig houden / Sms geverifieerd\" "
                       "now comes after step 14: moved to the screens of step 14\n"),
            std::string::npos)
      << u.out;

  Result again = Proofup({"manual-check", "--manual", copy.string(), "scenarios/enrollment-nl.yaml",
                          "--mock-variant", "portal-update"});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_TRUE(ManualJson()["checks"][0]["findings"].empty()) << again.out;
}

// mock-idp's "renamed-fields" variant renamed a field of the sign-in, and the
// phone screen's list, its options, its number field and its radio button.
// The survey goes on past each (naming old and new), so the whole flow is
// checked; --update writes the one label the manual quotes; a normal run
// stops at the first renamed field, as QA needs.
TEST_F(ManualCheckE2E, RenamedFieldsSurveyGoesOnAndUpdateMakesItMatch) {
  fs::path copy = reports_ / "manual" / "ms-authenticator.nl.yaml";
  fs::create_directories(copy.parent_path());
  fs::copy_file(fs::path(PROOFUP_SOURCE_DIR) / kNlManual, copy);
  Result r = Proofup({"manual-check", "--manual", copy.string(), "scenarios/enrollment-nl.yaml",
                      "--mock-variant", "renamed-fields"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  for (const char* drift :
       {"(item 3, manual step 6, included from scenarios/enrollment-nl.yaml:34): field "
        "\"Gebruikersnaam\" not found; the survey went on with the nearest field \"E-mailadres\"",
        "scenarios/enrollment-nl.yaml:83 (item 17, manual step 13): list \"Land of regio\" not "
        "found; the survey went on with the nearest list \"Land\"; option \"Nederland (+31)\" not "
        "in list \"Land\"; the survey went on with the nearest option \"+31 Nederland\"",
        "(item 18, manual step 13): field \"Telefoonnummer\" not found; the survey went on with "
        "the nearest field \"Mobiel nummer\"",
        "(item 19, manual step 13): radio button \"Sms ontvangen\" not found; the survey went on "
        "with the nearest radio button \"Code per sms ontvangen\""})
    EXPECT_NE(r.out.find(drift), std::string::npos) << drift << "\n" << r.out;
  auto check = ManualJson()["checks"][0];
  EXPECT_EQ(Findings(check),
            std::set<FindingKey>({{"label missing", 13, "Nederland", "+31 Nederland"}}));
  for (const auto& s : check["steps"]) EXPECT_NE(s["status"], "not checked") << s["step"];

  Result u = Proofup({"manual-check", "--manual", copy.string(), "--update", LatestRun().string()});
  EXPECT_EQ(u.exit_code, 0) << u.out << u.err;
  EXPECT_NE(u.out.find("+    labels: [+31 Nederland]\n"), std::string::npos) << u.out;
  Result again = Proofup({"manual-check", "--manual", copy.string(), "scenarios/enrollment-nl.yaml",
                          "--mock-variant", "renamed-fields"});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_TRUE(ManualJson()["checks"][0]["findings"].empty()) << again.out;

  Result run = Proofup({"run", "scenarios/enrollment-nl.yaml", "--mock-variant", "renamed-fields"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  std::ifstream in(LatestRun() / "report.json");
  auto steps = nlohmann::json::parse(in, nullptr, false)["scenarios"][0]["steps"];
  ASSERT_EQ(steps.size(), 37u);
  EXPECT_EQ(steps[7]["outcome"], "failed") << steps[7];  // the sign-in's fill
  EXPECT_EQ(steps[7]["failure"].get<std::string>().find("survey"), std::string::npos);
  for (size_t i = 8; i < steps.size(); ++i) EXPECT_EQ(steps[i]["outcome"], "not run") << i;
}

// Branch scenarios tag their steps with manual numbers but do not name the
// manual: nothing is compared, so they never report drift.
// The same survey in headless Chromium, whose pages could change by
// themselves: each of the four renamed elements is replaced once the page has
// settled (the survey grace), none after waiting out the step timeout (10 s
// each). Skips without Chromium.
TEST_F(ManualCheckE2E, RenamedFieldsSurveyInChromiumGoesOnOnceThePageSettled) {
  if (!fs::exists("/usr/lib/chromium/chromium") && !fs::exists("/usr/bin/chromium"))
    GTEST_SKIP() << "chromium is not installed";
  Result r = Proofup({"manual-check", "--manual", kNlManual, "scenarios/enrollment-nl.yaml",
                      "--mock-variant", "renamed-fields", "--browser", "chromium"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  auto count = [&](const std::string& what) {
    size_t n = 0;
    for (size_t at = r.out.find(what); at != std::string::npos; at = r.out.find(what, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("the survey went on with the nearest"), 5u) << r.out;  // the list's option too
  EXPECT_EQ(count("(the page did not change for 1500 ms: survey grace)"), 4u) << r.out;
  EXPECT_EQ(count("ms for the page to change)"), 0u) << r.out;
  EXPECT_EQ(Findings(ManualJson()["checks"][0]),
            std::set<FindingKey>({{"label missing", 13, "Nederland", "+31 Nederland"}}));
}

TEST_F(ManualCheckE2E, BranchScenariosAreNotCompared) {
  Result r = Proofup({"manual-check", "--manual", kNlManual, "scenarios/sign-in-sms.yaml",
                      "scenarios/cant-scan-qr.yaml", "scenarios/app-removed.yaml"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("manual: ms-authenticator.nl.yaml not compared (no scenario of the run "
                       "names it)"),
            std::string::npos)
      << r.out;
  auto check = ManualJson()["checks"][0];
  EXPECT_TRUE(check["findings"].empty()) << r.out;
  EXPECT_TRUE(check["scenarios"].empty());
}

// The scenario as QA rewrote it for the updated portal walks every screen: the
// check names every renamed label and the moved screens, and nothing else.
TEST_F(ManualCheckE2E, PortalUpdateNamesEveryRenamedLabelAndTheReorderedScreens) {
  Result r = Proofup({"manual-check", "--manual", kNlManual,
                      "harness/cli/testdata/portal-update/enrollment-nl.yaml", "--mock-variant",
                      "portal-update"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  auto check = ManualJson()["checks"][0];
  EXPECT_EQ(Findings(check), kPortalUpdateChanges);
  EXPECT_NE(r.out.find("step 8: \"Volgende\" not found; the screen now reads \"Doorgaan\""),
            std::string::npos)
      << r.out;
  for (const auto& s : check["steps"]) EXPECT_NE(s["status"], "not checked") << s["step"];
}

TEST_F(ManualCheckE2E, BadManualFileIsExitTwoWithLocation) {
  fs::create_directories(reports_);
  fs::path bad = reports_ / "bad.yaml";
  std::ofstream(bad) << "manual: x\nsteps:\n  - step: 1\n    actor: computer\n    sumary: y\n";
  Result r = Proofup({"manual-check", "--manual", bad.string(), "scenarios/enrollment-nl.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(bad.string() + ":5:5: error: unknown key \"sumary\" in a step; did you "
                                      "mean \"summary\"?"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(reports_ / "latest"));  // nothing ran
}

}  // namespace
}  // namespace proofup
