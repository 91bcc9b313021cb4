// Every route's happy path, walked as a year of the small test fund through the API, with the
// figures checked against the ledger. The last test checks that every route was exercised.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>

#include "api/routes/route.h"
#include "ledger/fund/agreement_json.h"
#include "reports/reports.h"
#include "testing/server_fixture.h"

namespace poolbook::testing {
namespace {

using api::Role;
using nlohmann::json;

class ApiRoutesTest : public ServerTest {
 protected:
  // Calls and expects `want`; records the route as exercised.
  json Ok(Role role, const std::string& method, const std::string& path, const json& body, int want) {
    auto r = Call(role, method, path, body);
    EXPECT_EQ(r.status, want) << method << " " << path << ": " << r.raw;
    Mark(method, path);
    return r.body;
  }
  void Mark(const std::string& method, const std::string& path) {
    const std::string bare = path.substr(0, path.find('?'));
    for (const api::Route& route : api::AllRoutes()) {
      static const std::regex kParam(R"(\{[a-z_]+\})");
      const std::regex re("^" + std::regex_replace(route.path, kParam, "[^/]+") + "$");
      if (route.method == method && std::regex_match(bare, re))
        exercised_.insert(route.method + " " + route.path);
    }
  }
  std::set<std::string> exercised_;
};

// Every write that can be sent again: the first call answers 201 (202 for a virement waiting for
// approval), the same call again answers 200 with the same record and "replayed": true, and
// nothing more is written.
TEST_F(ApiRoutesTest, EveryRetryIsAnswered200WithTheSameRecord) {
  const Role fo = Role::kFinanceOfficer;
  json pkg = {{"id", "PK-1"},           {"person", "P-1A2B3C"},  {"provider", "Acme Care"},
              {"line", "PKG"},          {"rate", "20.00"},       {"unit", "hour"},
              {"units_per_week", "10"}, {"start", "2025-06-02"}, {"end", "2025-06-29"}};
  json inpatient = pkg, community = pkg;
  inpatient["id"] = "IP-1";
  inpatient["line"] = "TRANS";
  community["id"] = "PK-2";
  community["start"] = "2025-06-20";
  json phb = {
      {"id", "PHB-1"},          {"person", "P-1A2B3C"}, {"line", "PHB"},         {"mode", "direct_payment"},
      {"indicative", "120.00"}, {"agreed", "100.00"},   {"start", "2025-04-01"}, {"end", "2026-03-31"},
      {"review", "2025-10-01"}};
  const auto& c0 = fund_->agreement().contributions[0];
  struct Write {
    const char* path;
    json body;
    int first;
  };
  const std::vector<Write> writes = {
      {"/api/v1/people", {{"pseudonym", "P-9Z9Z9Z"}}, 201},
      {"/api/v1/fund/contributions/instalments", {{"partner", c0.partner}, {"instalment", 0}}, 201},
      {"/api/v1/fund/contributions/receipts",
       {{"partner", c0.partner},
        {"amount", c0.instalments[0].amount.ToString()},
        {"date", c0.instalments[0].due.ToString()},
        {"reference", "REM-1"}},
       201},
      {"/api/v1/fund/contributions/variations",
       {{"partner", "CNCL2"},
        {"amount", "10.00"},
        {"due", "2025-09-01"},
        {"reference", "VAR-1"},
        {"reason", "x"}},
       201},
      {"/api/v1/packages", pkg, 201},
      {"/api/v1/packages", inpatient, 201},
      {"/api/v1/packages", community, 201},
      {"/api/v1/payment-runs/packages",
       {{"invoices",
         {{{"package", "PK-1"}, {"amount", "200.00"}, {"date", "2025-06-08"}, {"reference", "I-1"}}}}},
       201},
      {"/api/v1/transitions",
       {{"id", "TR-1"},
        {"person", "P-1A2B3C"},
        {"inpatient_package", "IP-1"},
        {"community_package", "PK-2"},
        {"planned_end", "2025-06-25"}},
       201},
      {"/api/v1/phbs", phb, 201},
      {"/api/v1/payment-runs/phbs",
       {{"payments",
         {{{"phb", "PHB-1"}, {"amount", "60.00"}, {"date", "2025-05-01"}, {"reference", "DP-1"}}}}},
       201},
      {"/api/v1/phbs/PHB-1/recoveries",
       {{"amount", "20.00"}, {"ground", "unspent_build_up"}, {"reference", "REC-1"}, {"detail", "surplus"}},
       201},
      {"/api/v1/virements",
       {{"from_line", "PKG"},
        {"to_line", "PHB"},
        {"amount", "10.00"},
        {"date", "2025-07-01"},
        {"reference", "V-1"},
        {"reason", "small"}},
       201},
      {"/api/v1/virements",
       {{"from_line", "PKG"},
        {"to_line", "PHB"},
        {"amount", "60.00"},
        {"date", "2025-07-01"},
        {"reference", "V-2"},
        {"reason", "big"}},
       202},
  };
  for (const Write& w : writes) {
    SCOPED_TRACE(std::string(w.path) + " " + w.body.dump());
    json first = Ok(fo, "POST", w.path, w.body, w.first);
    const std::string before = Snap();  // the access log may grow: a retry shows the person again
    json again = Ok(fo, "POST", w.path, w.body, 200);
    EXPECT_EQ(Snap(), before) << "a retry wrote something";
    auto replayed = [](const json& j) {
      if (j.contains("replayed")) return j["replayed"] == true;
      for (const char* list : {"paid", "entries"})
        if (j.contains(list) && j[list].is_array()) return !j[list].empty() && j[list][0]["replayed"] == true;
      return false;
    };
    EXPECT_TRUE(replayed(again)) << again;
    EXPECT_FALSE(replayed(first)) << first;
    for (json* j : {&first, &again}) {
      ASSERT_TRUE(j->is_object()) << *j;
      j->erase("replayed");
      if (j->contains("paid") && (*j)["paid"].is_array())  // a payment run's receipts
        for (json& r : (*j)["paid"]) r.erase("replayed");
    }
    if (std::string(w.path) == "/api/v1/packages" || std::string(w.path) == "/api/v1/phbs" ||
        std::string(w.path) == "/api/v1/transitions" ||
        std::string(w.path).find("payment-runs") != std::string::npos) {
      EXPECT_EQ(again, first);
    } else {
      EXPECT_EQ(again.value("id", json()), first.value("id", json()));
    }
  }
}

// A payment run with more than one refused item names each (from 0, like a batch of entries), in
// `errors` with its field, and pays nothing.
TEST_F(ApiRoutesTest, APaymentRunNamesEveryRefusedItem) {
  const Role fo = Role::kFinanceOfficer;
  json pkg = {{"id", "PK-1"},           {"person", "P-1A2B3C"},  {"provider", "Acme Care"},
              {"line", "PKG"},          {"rate", "20.00"},       {"unit", "hour"},
              {"units_per_week", "10"}, {"start", "2025-06-02"}, {"end", "2025-06-29"}};
  Ok(fo, "POST", "/api/v1/packages", pkg, 201);
  const std::string before = FullSnap();
  json run = {{"invoices",
               {{{"package", "PK-1"}, {"amount", "10.00"}, {"date", "2025-06-08"}, {"reference", "I-1"}},
                {{"package", "PK-9"}, {"amount", "10.00"}, {"date", "2025-06-08"}, {"reference", "I-2"}},
                {{"package", "PK-1"}, {"amount", "10.00"}, {"date", "2025-06-08"}, {"reference", "I-3"}},
                {{"package", "PK-1"}, {"amount", "10.00"}, {"date", "2025-06-08"}, {"reference", "I-1"}}}}};
  auto r = Call(fo, "POST", "/api/v1/payment-runs/packages", run);
  EXPECT_EQ(r.status, 422) << r.raw;
  ASSERT_TRUE(r.body.contains("errors")) << r.raw;
  ASSERT_EQ(r.body["errors"].size(), 2u) << r.raw;
  EXPECT_EQ(r.body["errors"][0]["index"], 1);
  EXPECT_NE(r.body["errors"][0]["detail"].get<std::string>().find("PK-9"), std::string::npos);
  EXPECT_EQ(r.body["errors"][1]["index"], 3);
  EXPECT_EQ(r.body["errors"][1]["field"], "invoices[3].invoice");
  EXPECT_NE(r.body["detail"].get<std::string>().find("nothing in the run was paid; invoices[1]"),
            std::string::npos)
      << r.raw;
  EXPECT_EQ(FullSnap(), before);
}

// A package with no end runs until it is reviewed and ended: it needs a review date, answers
// "end": null, and commits only to the end of the financial year.
TEST_F(ApiRoutesTest, AnOpenEndedPackageNeedsAReviewDate) {
  const Role fo = Role::kFinanceOfficer;
  json pkg = {{"id", "PK-OPEN"}, {"person", "P-1A2B3C"}, {"provider", "Acme Care"}, {"line", "PKG"},
              {"rate", "20.00"}, {"unit", "hour"},       {"units_per_week", "10"},  {"start", "2026-03-02"}};
  const std::string before = FullSnap();
  auto refused = Call(fo, "POST", "/api/v1/packages", pkg);
  EXPECT_EQ(refused.status, 422) << refused.raw;
  EXPECT_EQ(refused.body["field"], "end") << refused.raw;
  EXPECT_EQ(FullSnap(), before);
  pkg["review"] = "2026-09-01";
  const json p = Ok(fo, "POST", "/api/v1/packages", pkg, 201);
  EXPECT_TRUE(p["end"].is_null()) << p;
  EXPECT_EQ(p["open_ended"], true);
  EXPECT_EQ(p["review"], "2026-09-01");
  EXPECT_EQ(p["remaining"], "857.14");  // 30 days to 31 March at 200.00 a week
  EXPECT_EQ(p["future_years"], "0.00");
  const json ended = Ok(fo, "POST", "/api/v1/packages/PK-OPEN/end",
                        {{"end", "2026-03-15"}, {"reason", "reviewed early"}}, 200);
  EXPECT_EQ(ended["end"], "2026-03-15") << ended;
  EXPECT_EQ(ended["open_ended"], false);
  EXPECT_EQ(ended["remaining"], "400.00");
}

// A virement's id is a number: anything else is a 400 naming it, not a search.
TEST_F(ApiRoutesTest, AVirementIdMustBeANumber) {
  auto r = Call(Role::kAuditor, "GET", "/api/v1/virements/abc");
  EXPECT_EQ(r.status, 400) << r.raw;
  EXPECT_EQ(Call(Role::kAuditor, "GET", "/api/v1/virements/99").status, 404);
}

TEST_F(ApiRoutesTest, AYearOfTheFundThroughEveryRoute) {
  const Role fo = Role::kFinanceOfficer, lbh = Role::kLeadBudgetHolder, com = Role::kCommissioner,
             aud = Role::kAuditor, adm = Role::kAdmin;
  // Reference data.
  Ok(adm, "POST", "/api/v1/partners", {{"code", "NHSE"}, {"name", "NHS England"}}, 201);
  EXPECT_EQ(Ok(com, "GET", "/api/v1/partners", nullptr, 200)["partners"].size(), 4u);
  Ok(adm, "POST", "/api/v1/partners/NHSE/close", nullptr, 200);
  Ok(fo, "POST", "/api/v1/accounts", {{"name", "spend:other:sundry"}, {"type", "expense"}}, 201);
  Ok(fo, "POST", "/api/v1/accounts/spend:other:sundry/close", nullptr, 200);
  EXPECT_FALSE(Ok(aud, "GET", "/api/v1/accounts", nullptr, 200)["accounts"].empty());
  EXPECT_EQ(Ok(adm, "GET", "/api/v1/fund/agreement", nullptr, 200)["partners"][0]["lead_budget_holder"],
            true);

  // Contributions.
  for (const auto& c : fund_->agreement().contributions) {
    for (std::size_t i = 0; i < c.instalments.size(); ++i) {
      Ok(fo, "POST", "/api/v1/fund/contributions/instalments", {{"partner", c.partner}, {"instalment", i}},
         201);
      Ok(fo, "POST", "/api/v1/fund/contributions/receipts",
         {{"partner", c.partner},
          {"amount", c.instalments[i].amount.ToString()},
          {"date", c.instalments[i].due.ToString()},
          {"reference", "REM-" + c.partner + std::to_string(i)}},
         201);
    }
  }
  Ok(fo, "POST", "/api/v1/fund/contributions/variations",
     {{"partner", "CNCL2"},
      {"amount", "10.00"},
      {"due", "2025-09-01"},
      {"reference", "VAR-1"},
      {"reason", "more"}},
     201);
  json contributions = Ok(aud, "GET", "/api/v1/fund/contributions", nullptr, 200);
  EXPECT_EQ(contributions["variations"].size(), 1u);

  // People, packages, payments.
  EXPECT_EQ(Ok(fo, "POST", "/api/v1/people", {{"pseudonym", "P-9Z9Z9Z"}}, 201)["pseudonym"], "P-9Z9Z9Z");
  json nhs = Ok(fo, "POST", "/api/v1/people", {{"nhs_number", "943 476 5919"}}, 201);
  EXPECT_EQ(nhs["pseudonym"].get<std::string>().rfind("P-", 0), 0u) << nhs;
  json pkg = {{"id", "PK-1"},           {"person", "P-1A2B3C"},  {"provider", "Acme Care"},
              {"line", "PKG"},          {"rate", "20.00"},       {"unit", "hour"},
              {"units_per_week", "10"}, {"start", "2025-06-02"}, {"end", "2025-06-29"}};
  EXPECT_EQ(Ok(fo, "POST", "/api/v1/packages", pkg, 201)["committed"], "800.00");
  EXPECT_EQ(Ok(com, "GET", "/api/v1/packages/PK-1", nullptr, 200)["provider"], "Acme Care");
  EXPECT_EQ(Ok(com, "GET", "/api/v1/packages?person=P-1A2B3C", nullptr, 200)["packages"].size(), 1u);
  json paid =
      Ok(fo, "POST", "/api/v1/payment-runs/packages",
         {{"invoices",
           {{{"package", "PK-1"}, {"amount", "200.00"}, {"date", "2025-06-08"}, {"reference", "INV-1"}}}}},
         201);
  EXPECT_EQ(paid["paid"].size(), 1u);
  EXPECT_EQ(
      Ok(fo, "POST", "/api/v1/packages/PK-1/end", {{"end", "2025-06-15"}, {"reason", "moved"}}, 200)["ended"],
      true);
  EXPECT_EQ(Bal("spend", "", Book::kActual), M("200.00"));

  // Crisis.
  json crisis = pkg;
  crisis["id"] = "CR-1";
  crisis["line"] = "CRISIS";
  Ok(fo, "POST", "/api/v1/packages", crisis, 201);
  EXPECT_EQ(Ok(com, "GET", "/api/v1/crises?as_at=2025-06-10", nullptr, 200)["crises"].size(), 1u);
  // Without as_at, days waiting are counted to today by the server's clock (the fixed test clock).
  json waiting = Ok(com, "GET", "/api/v1/crises", nullptr, 200);
  EXPECT_EQ(waiting["as_at"], store::UtcTimestamp(testing::FixedClock()()).substr(0, 10));
  ASSERT_EQ(waiting["crises"].size(), 1u);
  const json& item = waiting["crises"][0];
  const long expected_days = Date::Parse(waiting["as_at"].get<std::string>())->DaysSinceEpoch() -
                             Date::Parse(item["commissioned"].get<std::string>())->DaysSinceEpoch();
  EXPECT_EQ(item["days_waiting"].get<long>(), expected_days);
  json approved = Ok(lbh, "POST", "/api/v1/crises/CR-1/approve", nullptr, 200);
  EXPECT_FALSE(approved["approved_by"].is_null());
  EXPECT_TRUE(approved["crisis"].get<bool>());
  EXPECT_FALSE(approved["needs_approval"].get<bool>());

  // Transitions.
  json inpatient = pkg;
  inpatient["id"] = "IP-1";
  inpatient["line"] = "TRANS";
  inpatient["rate"] = "1.00";
  inpatient["units_per_week"] = "37.5";
  json community = pkg;
  community["id"] = "PK-2";
  community["start"] = "2025-06-20";
  community["end"] = "2025-07-20";
  community["rate"] = "1.00";
  EXPECT_EQ(Ok(fo, "POST", "/api/v1/packages", inpatient, 201)["units_per_week"],
            "37.5");  // reads back as sent
  Ok(fo, "POST", "/api/v1/packages", community, 201);
  json tr = Ok(fo, "POST", "/api/v1/transitions",
               {{"id", "TR-1"},
                {"person", "P-1A2B3C"},
                {"inpatient_package", "IP-1"},
                {"community_package", "PK-2"},
                {"planned_end", "2025-06-25"}},
               201);
  EXPECT_EQ(tr["overlap_days"], 10);
  EXPECT_EQ(Ok(com, "GET", "/api/v1/transitions/TR-1", nullptr, 200)["overrun"], true);
  EXPECT_EQ(Ok(com, "GET", "/api/v1/transitions", nullptr, 200)["transitions"].size(), 1u);

  // PHBs and recovery.
  json phb = {
      {"id", "PHB-1"},          {"person", "P-1A2B3C"}, {"line", "PHB"},         {"mode", "direct_payment"},
      {"indicative", "120.00"}, {"agreed", "100.00"},   {"start", "2025-04-01"}, {"end", "2026-03-31"},
      {"review", "2025-10-01"}};
  Ok(fo, "POST", "/api/v1/phbs", phb, 201);
  Ok(fo, "POST", "/api/v1/payment-runs/phbs",
     {{"payments", {{{"phb", "PHB-1"}, {"amount", "60.00"}, {"date", "2025-05-01"}, {"reference", "DP-1"}}}}},
     201);
  EXPECT_EQ(Ok(fo, "POST", "/api/v1/phbs/PHB-1/held-balance", {{"held", "40.00"}, {"as_at", "2025-06-30"}},
               200)["held"],
            "40.00");
  EXPECT_EQ(Ok(com, "GET", "/api/v1/phbs", nullptr, 200)["phbs"].size(), 1u);
  json rec =
      Ok(fo, "POST", "/api/v1/phbs/PHB-1/recoveries",
         {{"amount", "20.00"}, {"ground", "unspent_build_up"}, {"reference", "REC-1"}, {"detail", "surplus"}},
         201);
  const std::string rid = std::to_string(rec["id"].get<long long>());
  Ok(fo, "POST", "/api/v1/recoveries/" + rid + "/reconsideration", {{"reason", "asked"}}, 200);
  EXPECT_EQ(Ok(lbh, "POST", "/api/v1/recoveries/" + rid + "/decision",
               {{"outcome", "vary"}, {"amount", "15.00"}}, 200)["amount"],
            "15.00");
  Ok(fo, "POST", "/api/v1/recoveries/" + rid + "/collect", {{"date", "2025-07-01"}}, 201);
  EXPECT_EQ(Ok(aud, "GET", "/api/v1/recoveries?phb=PHB-1", nullptr, 200)["recoveries"][0]["state"],
            "collected");
  EXPECT_EQ(Ok(com, "GET", "/api/v1/phbs/PHB-1", nullptr, 200)["recovered"], "15.00");

  // Virements: one under the threshold applied at once, one above it approved, one rejected.
  json small = {{"from_line", "PKG"},   {"to_line", "PHB"},   {"amount", "10.00"},
                {"date", "2025-07-01"}, {"reference", "V-1"}, {"reason", "small"}};
  EXPECT_EQ(Ok(fo, "POST", "/api/v1/virements", small, 201)["state"], "approved");
  json big = small;
  big["amount"] = "60.00";
  big["reference"] = "V-2";
  json pending = Ok(fo, "POST", "/api/v1/virements", big, 202);
  EXPECT_EQ(pending["state"], "pending");
  const std::string v2 = std::to_string(pending["id"].get<long long>());
  EXPECT_EQ(Ok(lbh, "POST", "/api/v1/virements/" + v2 + "/approve", {{"note", "fine"}}, 200)["state"],
            "approved");
  big["reference"] = "V-3";
  const std::string v3 = std::to_string(Ok(fo, "POST", "/api/v1/virements", big, 202)["id"].get<long long>());
  EXPECT_EQ(Ok(lbh, "POST", "/api/v1/virements/" + v3 + "/reject", nullptr, 200)["state"], "rejected");
  EXPECT_EQ(Ok(com, "GET", "/api/v1/virements", nullptr, 200)["virements"].size(), 3u);
  // The register by state: one of each after the approval and the rejection above.
  big["reference"] = "V-4";
  const json pending_v4 = Ok(fo, "POST", "/api/v1/virements", big, 202);
  for (const auto& [state, n] :
       std::vector<std::pair<std::string, std::size_t>>{{"pending", 1}, {"approved", 2}, {"rejected", 1}}) {
    json listed = Ok(com, "GET", "/api/v1/virements?state=" + state, nullptr, 200)["virements"];
    EXPECT_EQ(listed.size(), n) << state;
    for (const json& v : listed) EXPECT_EQ(v["state"], state);
  }
  EXPECT_EQ(Call(com, "GET", "/api/v1/virements?state=waiting").status, 400);
  Ok(lbh, "POST", "/api/v1/virements/" + std::to_string(pending_v4["id"].get<long long>()) + "/reject",
     nullptr, 200);
  EXPECT_EQ(Ok(com, "GET", "/api/v1/virements/" + v3, nullptr, 200)["reference"], "V-3");

  // Entries.
  json e = {{"key", "adj-1"},
            {"book", "actual"},
            {"date", "2025-08-01"},
            {"memo", "adjustment"},
            {"postings",
             {{{"account", "spend:other:OTHER"},
               {"partner", "ICB"},
               {"person", "P-1A2B3C"},
               {"line", "OTHER"},
               {"amount", "5.00"}},
              {{"account", "pool:cash"}, {"partner", "ICB"}, {"amount", "-5.00"}}}}};
  json posted = Ok(fo, "POST", "/api/v1/entries", e, 201);
  const std::string id = std::to_string(posted["id"].get<long long>());
  EXPECT_EQ(Ok(fo, "POST", "/api/v1/entries", e, 200)["replayed"], true);
  EXPECT_EQ(Ok(aud, "GET", "/api/v1/entries/" + id, nullptr, 200)["memo"], "adjustment");
  json batch = {{"entries", {e, e}}};
  batch["entries"][0]["key"] = "adj-2";
  batch["entries"][1]["key"] = "adj-3";
  EXPECT_EQ(Ok(fo, "POST", "/api/v1/entries/batch", batch, 201)["entries"].size(), 2u);
  json page = Ok(aud, "GET", "/api/v1/entries?account=spend:other&person=P-1A2B3C&limit=2", nullptr, 200);
  ASSERT_EQ(page["entries"].size(), 2u);
  json rest = Ok(aud, "GET",
                 "/api/v1/entries?account=spend:other&person=P-1A2B3C&limit=2&cursor=" +
                     page["next_cursor"].get<std::string>(),
                 nullptr, 200);
  EXPECT_EQ(rest["entries"].size(), 1u);
  EXPECT_TRUE(rest["next_cursor"].is_null());
  EXPECT_EQ(Ok(com, "GET", "/api/v1/entries?from=2025-08-01&to=2025-08-01&book=actual&partner=ICB&line=OTHER",
               nullptr, 200)["entries"]
                .size(),
            3u);
  Ok(fo, "POST", "/api/v1/entries/" + id + "/reverse", {{"reason", "posted twice"}}, 201);

  // Figures.
  json bal = Ok(com, "GET", "/api/v1/balances?book=actual&account=spend&partner=ICB", nullptr, 200);
  EXPECT_FALSE(bal["balances"].empty());
  json before =
      Ok(com, "GET", "/api/v1/balances?book=actual&account=spend:other&as_at=2025-07-31", nullptr, 200);
  EXPECT_TRUE(before["balances"].empty()) << before;
  json after =
      Ok(com, "GET", "/api/v1/balances?book=actual&account=spend:other&as_at=2025-08-31", nullptr, 200);
  ASSERT_EQ(after["balances"].size(), 1u);
  EXPECT_EQ(after["balances"][0]["balance"], (Bal("spend:other", "ICB")).ToString());
  EXPECT_FALSE(Ok(aud, "GET", "/api/v1/trial-balance?book=actual", nullptr, 200).empty());
  EXPECT_EQ(Ok(com, "GET", "/api/v1/fund/lines", nullptr, 200)["lines"].size(), 5u);
  json positions = Ok(com, "GET", "/api/v1/fund/positions", nullptr, 200);
  for (const json& p : positions["partners"]) EXPECT_EQ(p["pool"], Bal("pool:cash", p["partner"]).ToString());
  EXPECT_EQ(Ok(adm, "GET", "/api/v1/fund", nullptr, 200)["fund"]["lead_budget_holder"], "ICB");
  json person = Ok(com, "GET", "/api/v1/people/P-1A2B3C", nullptr, 200);
  EXPECT_EQ(person["packages"].size(), 4u);
  EXPECT_EQ(person["phbs"].size(), 1u);
  EXPECT_EQ(Ok(aud, "GET", "/api/v1/verify", nullptr, 200)["ok"], true);
  EXPECT_FALSE(Ok(aud, "GET", "/api/v1/access-log", nullptr, 200)["records"].empty());

  // Reports: every one through the API gives the figures the builder gives, and a table as CSV.
  EXPECT_EQ(Ok(com, "GET", "/api/v1/reports", nullptr, 200)["reports"].size(), reports::Catalogue().size());
  for (const reports::ReportInfo& info : reports::Catalogue()) {
    SCOPED_TRACE(info.name);
    const std::string query =
        std::string("?to=2025-09") + (std::string(info.name) == "person" ? "&person=P-1A2B3C" : "");
    json got = Ok(com, "GET", std::string("/api/v1/reports/") + info.name + query, nullptr, 200);
    auto req = reports::MakeRequest(fund_->agreement(), "", "2025-09", "", "P-1A2B3C", "", "");
    ASSERT_TRUE(req.ok());
    auto want = info.build(*fund_, *req);
    ASSERT_TRUE(want.ok()) << want.status().message();
    EXPECT_EQ(got, reports::ReportJson(*want));
  }
  auto csv = Call(com, "GET", "/api/v1/reports/transparency?format=csv&table=lines");
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(csv.raw.rfind("line,name,category,partner,allocated,", 0), 0u) << csv.raw.substr(0, 200);
  EXPECT_EQ(Call(com, "GET", "/api/v1/reports/transparency?format=csv&table=nope").status, 400);
  EXPECT_EQ(Call(com, "GET", "/api/v1/reports/nope").status, 404);
  EXPECT_EQ(Call(com, "GET", "/api/v1/reports/transparency?from=2025-13").status, 400);
  EXPECT_EQ(Call(adm, "GET", "/api/v1/reports/transparency").status, 403);

  // The audit export and its manifest (tests/api/routes/exports_test.cpp has the rest).
  auto audit = Call(aud, "GET", "/api/v1/exports/audit");
  EXPECT_EQ(audit.status, 200);
  Mark("GET", "/api/v1/exports/audit");
  EXPECT_EQ(audit.raw.rfind("entry_id,key,book,", 0), 0u) << audit.raw.substr(0, 200);
  json manifest = Ok(aud, "GET", "/api/v1/exports/audit/manifest", nullptr, 200);
  EXPECT_EQ(manifest["rows"].get<std::size_t>() + 1,
            static_cast<std::size_t>(std::count(audit.raw.begin(), audit.raw.end(), '\n')));

  // Periods and year end.
  EXPECT_EQ(Ok(lbh, "POST", "/api/v1/periods/close", {{"through", "2025-05"}}, 200)["closed_through"],
            "2025-05");
  EXPECT_EQ(Ok(aud, "GET", "/api/v1/periods", nullptr, 200)["closed_through"], "2025-05");
  EXPECT_FALSE(Ok(aud, "GET", "/api/v1/fund/risk-share", nullptr, 200)["derivation"].empty());
  Ok(fo, "POST", "/api/v1/fund/contributions/receipts",
     {{"partner", "CNCL2"}, {"amount", "10.00"}, {"date", "2025-09-01"}, {"reference", "REM-VAR"}}, 201);

  // Corrections through the fund: each answers the entry it wrote and the record as it now is.
  const json why = {{"date", "2025-09-02"}, {"reason", "recorded in error"}};
  Ok(fo, "POST", "/api/v1/payment-runs/packages",
     {{"invoices",
       {{{"package", "PK-2"}, {"amount", "10.00"}, {"date", "2025-07-31"}, {"reference", "INV-C1"}},
        {{"package", "PK-2"}, {"amount", "10.00"}, {"date", "2025-07-31"}, {"reference", "INV-C2"}}}}},
     201);
  json voided = Ok(fo, "POST", "/api/v1/packages/PK-2/invoices/INV-C1/void", why, 201);
  EXPECT_EQ(voided["package"]["paid"], "10.00");
  EXPECT_EQ(Ok(fo, "POST", "/api/v1/packages/PK-2/invoices/INV-C1/void", why, 200)["replayed"], true);
  json credit = why;
  credit["credit"] = "CN-1";
  credit["amount"] = "2.50";
  EXPECT_EQ(
      Ok(fo, "POST", "/api/v1/packages/PK-2/invoices/INV-C2/credit-notes", credit, 201)["package"]["paid"],
      "7.50");
  EXPECT_EQ(Call(fo, "POST", "/api/v1/packages/PK-2/invoices/INV-C9/void", why).status, 404);
  json amended =
      Ok(fo, "POST", "/api/v1/packages/PK-2/amend",
         {{"from", "2025-07-01"}, {"rate", "1.10"}, {"units_per_week", "10"}, {"reason", "uplift"}}, 200);
  ASSERT_EQ(amended["amendments"].size(), 1u);
  // 20 days at 0.10 more, 10 hours a week, on the running total: the package now costs 15.71 (11
  // June days at 1.00) + 31.43 (20 July days at 1.10) = 47.14, against 44.29 for 31 days at 1.00.
  EXPECT_EQ(amended["amendments"][0]["change"], "2.85");
  EXPECT_EQ(Call(fo, "POST", "/api/v1/packages/PK-2/amend",
                 {{"from", "2025-08-01"}, {"rate", "1.10"}, {"units_per_week", "10"}, {"reason", "late"}})
                .status,
            422);
  Ok(fo, "POST", "/api/v1/payment-runs/phbs",
     {{"payments", {{{"phb", "PHB-1"}, {"amount", "5.00"}, {"date", "2025-08-01"}, {"reference", "DP-2"}}}}},
     201);
  EXPECT_EQ(Ok(fo, "POST", "/api/v1/phbs/PHB-1/payments/DP-2/void", why, 201)["phb"]["paid"], "60.00");
  json crisis2 = crisis;
  crisis2["id"] = "CR-2";
  Ok(fo, "POST", "/api/v1/packages", crisis2, 201);
  EXPECT_EQ(Ok(lbh, "POST", "/api/v1/crises/CR-2/cancel", why, 200)["cancelled"], true);
  EXPECT_EQ(Call(fo, "POST", "/api/v1/crises/PK-1/cancel", why).status, 422);
  Ok(fo, "POST", "/api/v1/contributions/CNCL2/receipts/REM-VAR/reverse", why, 201);
  Ok(fo, "POST", "/api/v1/fund/contributions/receipts",
     {{"partner", "CNCL2"}, {"amount", "10.00"}, {"date", "2025-09-03"}, {"reference", "REM-VAR-2"}}, 201);
  json v1;
  const json approved_list = Ok(com, "GET", "/api/v1/virements?state=approved", nullptr, 200);
  for (const json& v : approved_list["virements"])
    if (v["reference"] == "V-1") v1 = v;
  ASSERT_FALSE(v1.is_null());
  const std::string undo = "/api/v1/virements/" + std::to_string(v1["id"].get<long long>()) + "/undo";
  EXPECT_EQ(Call(fo, "POST", undo, why).status, 403);  // the lead budget holder's alone
  EXPECT_EQ(Ok(lbh, "POST", undo, why, 200)["state"], "undone");
  EXPECT_EQ(Ok(com, "GET", "/api/v1/virements?state=undone", nullptr, 200)["virements"].size(), 1u);
  EXPECT_EQ(Ok(aud, "GET", "/api/v1/verify", nullptr, 200)["ok"], true);
  // Signed off at the year end only: a preview until every month up to February is closed.
  EXPECT_TRUE(Ok(aud, "GET", "/api/v1/fund/risk-share", nullptr, 200)["preview"].get<bool>());
  EXPECT_EQ(Call(lbh, "POST", "/api/v1/fund/risk-share/settle", {{"date", "2025-09-30"}}).status, 422);
  EXPECT_EQ(Call(lbh, "POST", "/api/v1/fund/risk-share/settle", {{"date", "2026-03-31"}}).status, 422);
  Ok(lbh, "POST", "/api/v1/periods/close", {{"through", "2026-02"}}, 200);
  EXPECT_EQ(Ok(lbh, "POST", "/api/v1/fund/risk-share/settle", {{"date", "2026-03-31"}}, 201)["settled"],
            true);
  EXPECT_FALSE(Ok(aud, "GET", "/api/v1/fund/risk-share", nullptr, 200)["preview"].get<bool>());
  // Undone by the lead budget holder with a reason, and signed off again; both on record.
  EXPECT_EQ(Call(fo, "POST", "/api/v1/fund/risk-share/undo", {{"reason", "late invoice"}}).status, 403);
  EXPECT_TRUE(Ok(lbh, "POST", "/api/v1/fund/risk-share/undo", {{"reason", "late invoice"}}, 200)["preview"]
                  .get<bool>());
  const json signed_again = Ok(lbh, "POST", "/api/v1/fund/risk-share/settle", {{"date", "2026-03-31"}}, 201);
  json sign_offs = Ok(aud, "GET", "/api/v1/fund/risk-share/sign-offs", nullptr, 200)["sign_offs"];
  ASSERT_EQ(sign_offs.size(), 2u);
  EXPECT_EQ(sign_offs[0]["undone"], true);
  EXPECT_EQ(sign_offs[0]["undo_reason"], "late invoice");
  EXPECT_EQ(sign_offs[1]["undone"], false);
  json next = fund::AgreementToJson(fund_->agreement());
  next["year"] = 2026;
  for (json& c : next["contributions"]) {
    for (json& i : c["instalments"]) {
      std::string d = i["due"];
      i["due"] = std::to_string(std::stoi(d.substr(0, 4)) + 1) + d.substr(4);
    }
  }
  Ok(lbh, "POST", "/api/v1/fund/next-year", next, 201);
  // The year signed off reads as signed off once the next year has started.
  EXPECT_EQ(Ok(aud, "GET", "/api/v1/fund/risk-share?year=2025-26", nullptr, 200), signed_again);
  EXPECT_EQ(Ok(aud, "GET", "/api/v1/fund/risk-share", nullptr, 200)["year"], "2026-27");
  EXPECT_EQ(Call(aud, "GET", "/api/v1/fund/risk-share?year=2024").status, 404);
  EXPECT_EQ(Call(aud, "GET", "/api/v1/fund/risk-share?year=25-26").status, 400);

  // Users and tokens.
  json user = Ok(adm, "POST", "/api/v1/users", {{"name", "alice"}, {"role", "auditor"}}, 201);
  EXPECT_EQ(CallToken(user["token"], "GET", "/api/v1/partners").status, 200);
  json second = Ok(adm, "POST", "/api/v1/users/alice/tokens", {{"label", "laptop"}}, 201);
  Ok(adm, "POST", "/api/v1/tokens/" + second["token_id"].get<std::string>() + "/revoke", nullptr, 200);
  EXPECT_EQ(CallToken(second["token"], "GET", "/api/v1/partners").status, 401);
  EXPECT_EQ(Ok(adm, "GET", "/api/v1/users", nullptr, 200)["users"].size(), 6u);
  Ok(adm, "POST", "/api/v1/users/alice/disable", nullptr, 200);
  EXPECT_EQ(CallToken(user["token"], "GET", "/api/v1/partners").status, 401);

  // Every route but set-up (which needs an empty ledger: its own test) was exercised.
  for (const api::Route& route : api::AllRoutes()) {
    if (route.method == "POST" && route.path == "/api/v1/fund") continue;
    EXPECT_TRUE(exercised_.count(route.method + " " + route.path))
        << "not exercised: " << route.method << " " << route.path;
  }
}

TEST(ApiFundSetUpTest, AnAdministratorSetsTheFundUpInAnEmptyLedger) {
  TempDir dir;
  config::ServerConfig c;
  c.database = dir.File("empty.db");
  c.port = 0;
  c.access_log = dir.File("requests.log");
  auto s = api::Server::Create(c, FixedClock());
  ASSERT_TRUE(s.ok());
  auto j = Journal::Open(c.database, FixedClock());
  ASSERT_TRUE(j.ok());
  auto t = api::CreateUser((*j)->db(), "root", Role::kAdmin, "test", "test", "2026-11-23T12:00:00Z");
  ASSERT_TRUE(t.ok());
  auto port = (*s)->Bind();
  ASSERT_TRUE(port.ok());
  std::thread listener([&] { (*s)->Listen(); });
  httplib::Client cl("127.0.0.1", *port);
  const httplib::Headers h = {{"Authorization", "Bearer " + t->token}};
  auto r = cl.Post("/api/v1/fund", h, fund::AgreementToJson(SmallAgreement()).dump(), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201) << r->body;
  auto again = cl.Post("/api/v1/fund", h, fund::AgreementToJson(SmallAgreement()).dump(), "application/json");
  ASSERT_TRUE(again);
  EXPECT_GE(again->status, 400);
  EXPECT_LT(again->status, 500);
  (*s)->Stop();
  listener.join();
  auto f = fund::Fund::Load(**j);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ((*f)->agreement().lead_budget_holder, "ICB");
}

}  // namespace
}  // namespace poolbook::testing
