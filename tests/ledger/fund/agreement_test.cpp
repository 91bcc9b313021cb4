// The fund agreement: what set-up accepts and, for each thing it refuses, that the message says
// what is wrong and where.
#include "ledger/fund/agreement.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ledger/fund/agreement_json.h"
#include "testing/fund_fixture.h"

namespace poolbook::fund {
namespace {

using nlohmann::json;

json Good() { return AgreementToJson(testing::SmallAgreement()); }

TEST(Agreement, TheSmallAgreementIsValidAndSurvivesJson) {
  ASSERT_TRUE(Validate(testing::SmallAgreement()).ok());
  auto back = AgreementFromJson(Good());
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(AgreementToJson(*back), Good());
  EXPECT_EQ(back->lead_budget_holder, "ICB");
  EXPECT_EQ(back->host, "CNCL1");
  EXPECT_EQ(back->lines.at(0).budget.ToString(), "500.00");
}

TEST(Agreement, FixedPercentagesAndCapsSurviveJson) {
  json j = Good();
  j["risk_share"] = {{"rule", "fixed"},
                     {"percent", {{"ICB", "50"}, {"CNCL1", "33.5"}, {"CNCL2", "16.5"}}},
                     {"cap", {{"CNCL2", "10.00"}}}};
  auto a = AgreementFromJson(j);
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->risk_share.rule, RiskRule::kFixed);
  EXPECT_EQ(a->risk_share.percent.at("CNCL1"), Rational(67, 2));
  EXPECT_EQ(a->risk_share.cap.at("CNCL2").ToString(), "10.00");
  EXPECT_EQ(AgreementToJson(*a), j);
}

struct Bad {
  const char* name;
  std::function<void(json&)> change;
  const char* message;  // a part of the refusal's message
  const char* field;
};

TEST(Agreement, RefusalsSayWhatAndWhere) {
  const std::vector<Bad> cases = {
      {"second lead budget holder", [](json& j) { j["partners"][2]["lead_budget_holder"] = true; },
       "\"ICB\" and \"CNCL2\" are both marked as lead budget holder; a fund has exactly one", "partners"},
      {"no lead budget holder", [](json& j) { j["partners"][0].erase("lead_budget_holder"); },
       "no partner is marked as lead budget holder", "partners"},
      {"second host", [](json& j) { j["partners"][0]["host"] = true; }, "both marked as host", "partners"},
      {"no host", [](json& j) { j["partners"][1].erase("host"); }, "no partner is marked as host",
       "partners"},
      {"one partner",
       [](json& j) {
         j["partners"] = json::array({j["partners"][0]});
         j["partners"][0]["host"] = true;
         j["contributions"] = json::array({j["contributions"][0]});
       },
       "two or more partners", "partners"},
      {"partner twice", [](json& j) { j["partners"][2]["code"] = "CNCL1"; }, "listed twice",
       "partners[2].code"},
      {"bad partner code", [](json& j) { j["partners"][2]["code"] = "CN CL"; }, "partners[2].code", ""},
      {"unknown category", [](json& j) { j["lines"][0]["category"] = "housing"; },
       "lines[0].category: category \"housing\" is not one of phb, package, transition, crisis, other",
       "lines[0].category"},
      {"line twice", [](json& j) { j["lines"][1]["code"] = "PKG"; }, "line \"PKG\" is listed twice",
       "lines[1].code"},
      {"negative budget", [](json& j) { j["lines"][1]["budget"] = "-1.00"; }, "cannot be negative",
       "lines[1].budget"},
      {"budget as a JSON number", [](json& j) { j["lines"][0]["budget"] = 500; },
       "must be an amount in a string, like \"12.50\", not a JSON number", "lines[0].budget"},
      {"budget with three decimals", [](json& j) { j["lines"][0]["budget"] = "500.001"; }, "lines[0].budget",
       "lines[0].budget"},
      {"budgets above contributions", [](json& j) { j["lines"][3]["budget"] = "100.01"; },
       "the lines' budgets add up to 1000.01, more than the contributions (1000.00)", "lines"},
      {"instalments short", [](json& j) { j["contributions"][0]["instalments"][1]["amount"] = "299.99"; },
       "contributions[0].instalments add up to 599.99 but the agreed contribution is 600.00",
       "contributions[0].instalments"},
      {"instalment outside the year",
       [](json& j) { j["contributions"][1]["instalments"][0]["due"] = "2026-04-01"; },
       "2026-04-01 is outside the financial year 2025-04-01 to 2026-03-31",
       "contributions[1].instalments[0].due"},
      {"instalment on no real day",
       [](json& j) { j["contributions"][1]["instalments"][0]["due"] = "2025-02-30"; },
       "contributions[1].instalments[0].due", "contributions[1].instalments[0].due"},
      {"instalments out of order",
       [](json& j) { j["contributions"][0]["instalments"][1]["due"] = "2025-04-01"; }, "in date order",
       "contributions[0].instalments[1].due"},
      {"partner without contribution", [](json& j) { j["contributions"].erase(2); },
       "partner \"CNCL2\" has no contribution", "contributions"},
      {"contribution from a stranger", [](json& j) { j["contributions"][2]["partner"] = "NHSE"; },
       "\"NHSE\" is not a partner of the fund", "contributions[2].partner"},
      {"misspelt setting", [](json& j) { j["virement_treshold"] = "1.00"; },
       "virement_treshold is not a setting the fund file knows", "virement_treshold"},
      {"missing threshold", [](json& j) { j.erase("virement_threshold"); }, "virement_threshold is missing",
       "virement_threshold"},
      {"missing risk share", [](json& j) { j.erase("risk_share"); }, "risk_share is missing", "risk_share"},
      {"unknown rule", [](json& j) { j["risk_share"]["rule"] = "equal"; }, "not one of proportional, fixed",
       "risk_share.rule"},
      {"fixed not 100",
       [](json& j) {
         j["risk_share"] = {{"rule", "fixed"},
                            {"percent", {{"ICB", "50"}, {"CNCL1", "30"}, {"CNCL2", "19.99"}}}};
       },
       "the percentages add up to 99.99, not 100", "risk_share.percent"},
      {"fixed missing a partner",
       [](json& j) {
         j["risk_share"] = {{"rule", "fixed"}, {"percent", {{"ICB", "50"}, {"CNCL1", "50"}}}};
       },
       "give a percentage for every partner", "risk_share.percent"},
      {"percent as a number",
       [](json& j) {
         j["risk_share"] = {{"rule", "fixed"}, {"percent", {{"ICB", 100}}}};
       },
       "must be a percentage in a string", "risk_share.percent.ICB"},
      {"cap for a stranger",
       [](json& j) {
         j["risk_share"]["cap"] = {{"NHSE", "1.00"}};
       },
       "is not a partner", "risk_share.cap"},
      {"surplus weeks zero", [](json& j) { j["phb_surplus_weeks"] = 0; }, "phb_surplus_weeks must be",
       "phb_surplus_weeks"},
      {"year as text", [](json& j) { j["year"] = "2025"; }, "year must be a whole number", "year"},
      {"not an object", [](json& j) { j = json::array(); }, "must be an object", ""},
  };
  for (const Bad& c : cases) {
    SCOPED_TRACE(c.name);
    json j = Good();
    c.change(j);
    auto a = AgreementFromJson(j);
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.status().code(), Code::kInvalidArgument);
    EXPECT_NE(a.status().message().find(c.message), std::string::npos) << a.status().message();
    if (*c.field) {
      EXPECT_EQ(a.status().field(), c.field) << a.status().message();
    }
  }
}

TEST(Agreement, LimitsOnPartnersAndLinesHoldAtTheirBounds) {
  json j = Good();
  j["lines"] = json::array();
  for (std::size_t i = 0; i < kLinesMax; ++i) {
    j["lines"].push_back(
        {{"code", "L" + std::to_string(i)}, {"name", "line"}, {"category", "other"}, {"budget", "0.00"}});
  }
  EXPECT_TRUE(AgreementFromJson(j).ok());
  j["lines"].push_back({{"code", "ONE-MORE"}, {"name", "line"}, {"category", "other"}, {"budget", "0.00"}});
  auto over = AgreementFromJson(j);
  ASSERT_FALSE(over.ok());
  EXPECT_NE(over.status().message().find("at most 200"), std::string::npos) << over.status().message();
}

TEST(Agreement, ContributionSharesFollowPartnerOrder) {
  const Agreement a = testing::SmallAgreement();
  EXPECT_EQ(a.ContributionShares(), (std::vector<Rational>{60000, 30000, 10000}));
}

TEST(Agreement, PartnerAndInstalmentLimitsHoldAtTheirBounds) {
  json j = Good();
  // Twenty partners is the most: the small fund's three plus seventeen more, each contributing.
  for (std::size_t i = 3; i < kPartnersMax; ++i) {
    const std::string code = "P" + std::to_string(i);
    j["partners"].push_back({{"code", code}, {"name", "partner"}});
    j["contributions"].push_back({{"partner", code},
                                  {"agreed", "1.00"},
                                  {"instalments", {{{"due", "2025-04-01"}, {"amount", "1.00"}}}}});
  }
  auto at = AgreementFromJson(j);
  EXPECT_TRUE(at.ok()) << at.status().message();
  j["partners"].push_back({{"code", "ONE-MORE"}, {"name", "partner"}});
  auto over = AgreementFromJson(j);
  ASSERT_FALSE(over.ok());
  EXPECT_NE(over.status().message().find("at most 20"), std::string::npos) << over.status().message();

  json k = Good();
  k["contributions"][0]["instalments"] = json::array();
  for (std::size_t i = 0; i < kInstalmentsMax; ++i) {
    k["contributions"][0]["instalments"].push_back({{"due", "2025-05-01"}, {"amount", "50.00"}});
  }
  EXPECT_TRUE(AgreementFromJson(k).ok());
  k["contributions"][0]["instalments"].push_back({{"due", "2025-05-01"}, {"amount", "50.00"}});
  k["contributions"][0]["agreed"] = "650.00";
  auto too_many = AgreementFromJson(k);
  ASSERT_FALSE(too_many.ok());
  EXPECT_NE(too_many.status().message().find("at most 12"), std::string::npos) << too_many.status().message();
}

}  // namespace
}  // namespace poolbook::fund
