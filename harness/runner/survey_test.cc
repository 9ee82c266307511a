// Survey mode of the runner against a small portal of its own on a loopback
// port, whose form renamed every field, list, option, radio button, checkbox
// and button a scenario written for the old form names: the survey goes on
// with the nearest element of each kind (the form then submits what the
// scenario meant), records drift naming old and new, and stops only where
// nothing plausible is left. A normal run stops at the first failure.
#include <gtest/gtest.h>

#include <mutex>

#include "harness/http/test_server.h"
#include "harness/runner/runner.h"

namespace proofup::runner {
namespace {

const char kRenamedForm[] = R"(<!DOCTYPE html><title>Formulier</title><h1>Gegevens</h1>
<form method="post" action="/form">
<label for="u">E-mailadres</label><input id="u" name="username">
<label for="p">Wachtwoord</label><input id="p" name="password" type="password">
<label for="c">Land</label><select id="c" name="country">
<option value="BE">+32 België</option><option value="NL">+31 Nederland</option></select>
<p><input type="radio" id="m1" name="method" value="call" checked><label for="m1">Gebeld worden</label></p>
<p><input type="radio" id="m2" name="method" value="sms"><label for="m2">Code per sms ontvangen</label></p>
<label><input type="checkbox" name="remember" value="yes"> Dit apparaat onthouden</label>
<button type="submit">Doorgaan</button></form>)";

class RenamedFormPortal {
 public:
  RenamedFormPortal() {
    auto& s = server_.server();
    s.Get("/form", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(kRenamedForm, "text/html");
    });
    s.Post("/form", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      for (const char* name : {"username", "password", "country", "method", "remember"})
        received_[name] = req.get_param_value(name);
      res.set_content("<h1>Ontvangen</h1><p>Dank u.</p>", "text/html");
    });
    started_ = server_.Start();
  }
  bool started() const { return started_; }
  std::string Url() const { return server_.Url(""); }
  std::map<std::string, std::string> received() {
    std::lock_guard<std::mutex> lock(mu_);
    return received_;
  }

 private:
  http::testing::LocalServer server_;
  std::mutex mu_;
  std::map<std::string, std::string> received_;
  bool started_ = false;
};

// Written for the form before it was renamed.
const char kOldScenario[] = R"(name: old form
steps:
  - go to: /form
  - fill:
      Gebruikersnaam: anna
      Wachtwoord: geheim-wachtwoord-1
  - select:
      Land of regio: Nederland (+31)
  - choose: Sms ontvangen
  - check: Apparaat onthouden
  - click: Volgende
  - expect screen: Ontvangen
  - fill:
      Code: "123456"
  - click: Gereed
)";

ScenarioResult RunOld(const RenamedFormPortal& portal, bool survey) {
  auto scenario = scenario::LoadScenarioText(kOldScenario, "scenarios/old-form.yaml");
  EXPECT_TRUE(scenario.ok()) << scenario.status().message();
  if (!scenario.ok()) return {};
  RunOptions options;
  options.target = portal.Url();
  options.offers = {false, false};
  options.step_timeout = std::chrono::seconds(20);
  options.survey = survey;
  RunListener listener;
  return Run({*scenario}, UserDirectory(), options, listener).scenarios.at(0);
}

TEST(SurveyTest, GoesOnWithTheNearestFieldListOptionRadioCheckboxAndButton) {
  RenamedFormPortal portal;
  ASSERT_TRUE(portal.started());
  ScenarioResult r = RunOld(portal, /*survey=*/true);
  ASSERT_EQ(r.steps.size(), 9u);
  auto failure = [&](size_t i) { return r.steps.at(i).failure; };
  EXPECT_EQ(failure(1),
            "field \"Gebruikersnaam\" not found; the survey went on with the nearest field "
            "\"E-mailadres\"");
  EXPECT_EQ(failure(2),
            "list \"Land of regio\" not found; the survey went on with the nearest list \"Land\"; "
            "option \"Nederland (+31)\" not in list \"Land\"; the survey went on with the nearest "
            "option \"+31 Nederland\"");
  EXPECT_EQ(failure(3),
            "radio button \"Sms ontvangen\" not found; the survey went on with the nearest radio "
            "button \"Code per sms ontvangen\"");
  EXPECT_EQ(failure(4),
            "checkbox \"Apparaat onthouden\" not found; the survey went on with the nearest "
            "checkbox \"Dit apparaat onthouden\"");
  EXPECT_EQ(failure(5),
            "\"Volgende\" not found; the survey went on with the nearest button \"Doorgaan\"");
  // The form got what the scenario meant, the password into its own field.
  std::map<std::string, std::string> sent = portal.received();
  EXPECT_EQ(sent["username"], "anna");
  EXPECT_EQ(sent["password"], "geheim-wachtwoord-1");
  EXPECT_EQ(sent["country"], "NL");
  EXPECT_EQ(sent["method"], "sms");
  EXPECT_EQ(sent["remember"], "yes");
  EXPECT_EQ(r.steps.at(6).outcome, Outcome::kPassed) << failure(6);
  // No field at all on the last screen: nothing plausible, the walk ends there, and says where.
  EXPECT_EQ(r.steps.at(7).outcome, Outcome::kFailed);
  EXPECT_NE(failure(7).find("; no field on the screen to go on with: the survey stops here"),
            std::string::npos)
      << failure(7);
  EXPECT_EQ(FailureLine(r.steps.at(7)).rfind("scenarios/old-form.yaml:13 (item 8): ", 0), 0u)
      << FailureLine(r.steps.at(7));
  EXPECT_EQ(r.steps.at(8).outcome, Outcome::kNotRun);
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  for (const StepResult& s : r.steps)
    EXPECT_EQ(s.failure.find("geheim-wachtwoord-1"), std::string::npos) << s.failure;
}

TEST(SurveyTest, ANormalRunStopsAtTheFirstRenamedField) {
  RenamedFormPortal portal;
  ASSERT_TRUE(portal.started());
  ScenarioResult r = RunOld(portal, /*survey=*/false);
  ASSERT_EQ(r.steps.size(), 9u);
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_EQ(r.steps.at(1).outcome, Outcome::kFailed);
  EXPECT_EQ(r.steps.at(1).failure.find("survey"), std::string::npos) << r.steps.at(1).failure;
  for (size_t i = 2; i < r.steps.size(); ++i) EXPECT_EQ(r.steps[i].outcome, Outcome::kNotRun) << i;
  EXPECT_TRUE(portal.received().empty()) << "nothing was submitted";
}

}  // namespace
}  // namespace proofup::runner
