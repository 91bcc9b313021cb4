#include "golden/golden_fund.h"

#include <random>
#include <set>
#include <string>
#include <vector>

namespace poolbook::testing {
namespace {

using fund::Category;
using fund::PackageSpec;
using fund::PhbSpec;
using fund::Unit;

constexpr const char* kOfficer = "officer";
constexpr const char* kLead = "lead";  // the lead budget holder's officer (ICB)

Money Pounds(const char* text) { return *Money::Parse(text); }

fund::Agreement GoldenAgreement() {
  fund::Agreement a;
  a.name = "Golden pooled fund";
  a.year = 2025;
  a.partners = {{"ICB", "Example ICB", fund::PartnerKind::kIcb},
                {"CNCL1", "Example City Council", fund::PartnerKind::kCouncil},
                {"CNCL2", "Example County Council", fund::PartnerKind::kCouncil}};
  a.host = "CNCL1";
  a.lead_budget_holder = "ICB";
  a.lines = {{"PKG", "Care packages", Category::kPackage, Pounds("50000.00")},
             {"PHB", "Personal health budgets", Category::kPhb, Pounds("12000.00")},
             {"CRISIS", "Crisis support", Category::kCrisis, Pounds("5000.00")},
             {"TRANS", "Transitions from hospital", Category::kTransition, Pounds("28000.00")},
             {"OTHER", "Other", Category::kOther, Pounds("5000.00")}};
  a.contributions = {{"ICB",
                      Pounds("60000.00"),
                      {{Date{2025, 4, 15}, Pounds("30000.00")}, {Date{2025, 10, 15}, Pounds("30000.00")}}},
                     {"CNCL1", Pounds("30000.00"), {{Date{2025, 4, 15}, Pounds("30000.00")}}},
                     {"CNCL2",
                      Pounds("10000.00"),
                      {{Date{2025, 4, 30}, Pounds("6000.00")}, {Date{2026, 1, 31}, Pounds("4000.00")}}}};
  a.virement_threshold = Pounds("1000.00");
  return a;
}

PackageSpec Package(const char* id, const char* person, const char* provider, const char* line,
                    const char* rate, Unit unit, int per_week, Date start, Date end) {
  PackageSpec s;
  s.id = id;
  s.person = person;
  s.provider = provider;
  s.line = line;
  s.rate = Pounds(rate);
  s.unit = unit;
  s.units_per_week = per_week;
  s.start = start;
  s.end = end;
  return s;
}

PhbSpec Phb(const char* id, const char* person, fund::PhbMode mode, const char* indicative,
            const char* agreed) {
  PhbSpec s;
  s.id = id;
  s.person = person;
  s.line = "PHB";
  s.mode = mode;
  s.indicative = Pounds(indicative);
  s.agreed = Pounds(agreed);
  s.start = Date{2025, 4, 1};
  s.end = Date{2026, 3, 30};  // 364 days
  s.review = Date{2025, 10, 1};
  return s;
}

// Every package of the scenario, in the order it is commissioned.
std::vector<PackageSpec> Packages() {
  std::vector<PackageSpec> p = {
      Package("PK-1", "P-1A2B3C", "Acme Care", "PKG", "20.00", Unit::kHour, 10, {2025, 4, 7}, {2026, 3, 29}),
      Package("PK-2", "P-3C4D5E", "Riverside Homes", "PKG", "95.00", Unit::kNight, 7, {2025, 5, 1},
              {2026, 3, 31}),
      Package("IP-1", "P-4D5E6F", "Example Hospital", "TRANS", "400.00", Unit::kNight, 7, {2025, 6, 1},
              {2025, 7, 31}),
      Package("PK-3", "P-4D5E6F", "Acme Care", "PKG", "25.00", Unit::kHour, 14, {2025, 7, 15}, {2026, 3, 31}),
      Package("CR-1", "P-1A2B3C", "Rapid Response", "CRISIS", "30.00", Unit::kHour, 20, {2025, 8, 4},
              {2025, 8, 31}),
      Package("CR-2", "P-3C4D5E", "Rapid Response", "CRISIS", "30.00", Unit::kHour, 15, {2025, 10, 1},
              {2025, 10, 28})};
  p[1].split = {{"ICB", 50}, {"CNCL1", 50}};  // section 117 aftercare
  return p;
}

// Builds the fund one dated step at a time, each recorded at 09:00 on its day (payment runs at
// 17:00), in date order: two quarters and the start of October.
class Scenario {
 public:
  Scenario(Journal& journal, ScenarioClock& clock) : journal_(journal), clock_(clock), random_(kGoldenSeed) {}

  StatusOr<std::unique_ptr<fund::Fund>> Run() {
    clock_.Set(Date{2025, 4, 1});
    auto f = fund::Fund::SetUp(journal_, GoldenAgreement(), kOfficer);
    if (!f.ok()) return f.status();
    fund_ = f->get();
    packages_ = Packages();
    POOLBOOK_RETURN_IF_ERROR(FirstQuarter());
    POOLBOOK_RETURN_IF_ERROR(SecondQuarter());
    POOLBOOK_RETURN_IF_ERROR(October());
    clock_.Set(kGoldenReportDay, 180);
    return f;
  }

 private:
  Status FirstQuarter();
  Status SecondQuarter();
  Status October();
  Status Contribution(const char* partner, std::size_t index, Date received);
  Status Commission(std::size_t package, Date on);
  // The quarter's payment run on its last day: an invoice for the care each package delivered
  // from `from` to `to` (its cost less up to 19.99, from the seed), and the PHBs' payments.
  Status PaymentRun(Date from, Date to);

  template <typename T>
  static Status Ok(const StatusOr<T>& r, const std::string& what) {
    return r.ok() ? Status::Ok() : r.status().WithContext(what);
  }

  Journal& journal_;
  ScenarioClock& clock_;
  std::mt19937 random_;
  fund::Fund* fund_ = nullptr;
  std::vector<PackageSpec> packages_;  // every package, as it stands, for the payment runs
  std::set<std::string> commissioned_;
};

Status Scenario::Contribution(const char* partner, std::size_t index, Date received) {
  const fund::Contribution* c = fund_->agreement().FindContribution(partner);
  clock_.Set(c->instalments[index].due);
  POOLBOOK_RETURN_IF_ERROR(Ok(fund_->RaiseInstalment(partner, index, kOfficer), "raising"));
  clock_.Set(received);
  return Ok(
      fund_->ReceiveContribution(partner, c->instalments[index].amount, received,
                                 "REM-" + std::string(partner) + "-" + std::to_string(index + 1), kOfficer),
      "receiving");
}

Status Scenario::FirstQuarter() {
  POOLBOOK_RETURN_IF_ERROR(fund_->RegisterPeople({"P-1A2B3C", "P-2B3C4D", "P-3C4D5E", "P-4D5E6F"}, kOfficer)
                               .WithContext("people"));
  POOLBOOK_RETURN_IF_ERROR(
      Ok(fund_->AgreePhb(Phb("PHB-1", "P-2B3C4D", fund::PhbMode::kDirectPayment, "5000.00", "5200.00"),
                         Date{2025, 4, 1}, kOfficer),
         "PHB-1"));
  POOLBOOK_RETURN_IF_ERROR(
      Ok(fund_->AgreePhb(Phb("PHB-2", "P-4D5E6F", fund::PhbMode::kNotional, "2600.00", "2600.00"),
                         Date{2025, 4, 1}, kOfficer),
         "PHB-2"));
  POOLBOOK_RETURN_IF_ERROR(Commission(0, {2025, 4, 7}));
  POOLBOOK_RETURN_IF_ERROR(Contribution("ICB", 0, {2025, 4, 15}));
  POOLBOOK_RETURN_IF_ERROR(Contribution("CNCL1", 0, {2025, 4, 16}));
  POOLBOOK_RETURN_IF_ERROR(Contribution("CNCL2", 0, {2025, 4, 30}));
  POOLBOOK_RETURN_IF_ERROR(Commission(1, {2025, 5, 1}));
  POOLBOOK_RETURN_IF_ERROR(Commission(2, {2025, 6, 1}));
  clock_.Set({2025, 6, 10});
  POOLBOOK_RETURN_IF_ERROR(Ok(fund_->RequestVirement("OTHER", "CRISIS", Pounds("800.00"), {2025, 6, 10},
                                                     "VIR-1", "more crisis calls than planned", kOfficer),
                              "VIR-1"));
  return PaymentRun({2025, 4, 1}, {2025, 6, 30});
}

Status Scenario::SecondQuarter() {
  POOLBOOK_RETURN_IF_ERROR(Commission(3, {2025, 7, 1}));
  POOLBOOK_RETURN_IF_ERROR(
      Ok(fund_->StartTransition({"TR-1", "P-4D5E6F", "IP-1", "PK-3", Date{2025, 7, 28}}, kOfficer), "TR-1"));
  clock_.Set({2025, 7, 10});
  POOLBOOK_RETURN_IF_ERROR(Ok(journal_.ClosePeriod(Period{2025, 6}, "finance"), "closing 2025-06"));
  clock_.Set({2025, 7, 30});
  POOLBOOK_RETURN_IF_ERROR(
      Ok(fund_->EndPackage("IP-1", {2025, 7, 30}, "discharged home", kOfficer), "ending IP-1"));
  packages_[2].end = Date{2025, 7, 30};
  POOLBOOK_RETURN_IF_ERROR(Commission(4, {2025, 8, 4}));
  clock_.Set({2025, 8, 6});
  POOLBOOK_RETURN_IF_ERROR(Ok(fund_->ApproveCrisis("CR-1", kLead, "ICB"), "approving CR-1"));
  clock_.Set({2025, 8, 20});
  auto v2 = fund_->RequestVirement("PHB", "PKG", Pounds("5000.00"), {2025, 8, 20}, "VIR-2",
                                   "section 117 placement costs more than planned", kOfficer);
  POOLBOOK_RETURN_IF_ERROR(Ok(v2, "VIR-2"));
  clock_.Set({2025, 9, 3});
  auto v3 = fund_->RequestVirement("OTHER", "TRANS", Pounds("2000.00"), {2025, 9, 3}, "VIR-3",
                                   "a second discharge expected", kOfficer);
  POOLBOOK_RETURN_IF_ERROR(Ok(v3, "VIR-3"));
  clock_.Set({2025, 9, 5});
  POOLBOOK_RETURN_IF_ERROR(Ok(
      fund_->DecideVirement(v2->id, true, kLead, "ICB", "agreed at the September board"), "approving VIR-2"));
  POOLBOOK_RETURN_IF_ERROR(
      Ok(fund_->DecideVirement(v3->id, false, kLead, "ICB", "no discharge date yet"), "rejecting VIR-3"));
  clock_.Set({2025, 9, 10});
  POOLBOOK_RETURN_IF_ERROR(
      Ok(fund_->EndPackage("PK-1", {2025, 9, 30}, "moved out of the area", kOfficer), "ending PK-1"));
  packages_[0].end = Date{2025, 9, 30};
  clock_.Set({2025, 9, 12});
  POOLBOOK_RETURN_IF_ERROR(Ok(fund_->VaryContribution("CNCL1", Pounds("3000.00"), {2025, 9, 12},
                                                      "VAR-2025-01", "winter pressures", kOfficer),
                              "varying CNCL1"));
  clock_.Set({2025, 9, 19});
  POOLBOOK_RETURN_IF_ERROR(
      Ok(fund_->ReceiveContribution("CNCL1", Pounds("3000.00"), {2025, 9, 19}, "REM-CNCL1-VAR", kOfficer),
         "receiving the variation"));
  clock_.Set({2025, 9, 30});
  POOLBOOK_RETURN_IF_ERROR(
      Ok(fund_->RecordHeldBalance("PHB-1", Pounds("1750.50"), {2025, 9, 30}, kOfficer), "held balance"));
  return PaymentRun({2025, 7, 1}, {2025, 9, 30});
}

Status Scenario::October() {
  POOLBOOK_RETURN_IF_ERROR(Commission(5, {2025, 10, 1}));
  clock_.Set({2025, 10, 6});
  auto rec = fund_->DecideRecovery("PHB-1", Pounds("550.50"), fund::RecoveryGround::kUnspentBuildUp, "REC-1",
                                   "held more than twelve weeks of budget", kOfficer);
  POOLBOOK_RETURN_IF_ERROR(Ok(rec, "REC-1"));
  clock_.Set({2025, 10, 8});
  POOLBOOK_RETURN_IF_ERROR(Ok(
      fund_->RequestReconsideration(rec->id, "saving for a planned respite week", kOfficer), "reconsider"));
  clock_.Set({2025, 10, 13});
  POOLBOOK_RETURN_IF_ERROR(Ok(fund_->Reconsider(rec->id, fund::ReconsiderOutcome::kVary, Pounds("400.00"),
                                                kLead, "ICB", "respite week agreed"),
                              "varying REC-1"));
  POOLBOOK_RETURN_IF_ERROR(Contribution("ICB", 1, {2025, 10, 16}));
  clock_.Set({2025, 10, 17});
  return Ok(fund_->CollectRecovery(rec->id, {2025, 10, 17}, kOfficer), "collecting REC-1");
}

Status Scenario::Commission(std::size_t i, Date on) {
  clock_.Set(on);
  commissioned_.insert(packages_[i].id);
  return Ok(fund_->Commission(packages_[i], on, kOfficer), packages_[i].id);
}

Status Scenario::PaymentRun(Date from, Date to) {
  clock_.Set(to, 8 * 60);
  const std::string period = Period::Of(to).ToString();
  std::vector<fund::Invoice> invoices;
  for (const PackageSpec& s : packages_) {
    const Date first = std::max(from, s.start), last = std::min(to, s.end);
    if (!commissioned_.count(s.id) || last < first) continue;
    const long days = last.DaysSinceEpoch() - first.DaysSinceEpoch() + 1;
    const Money less = Money::FromPence(static_cast<std::int64_t>(random_() % 2000));
    invoices.push_back(
        {s.id, fund::PackageCost(s.rate, s.units_per_week, days) - less, to, "INV-" + s.id + "-" + period});
  }
  POOLBOOK_RETURN_IF_ERROR(Ok(fund_->PayInvoices(invoices, kOfficer), "invoices"));
  const std::string ref = "PAY-" + period;
  return Ok(
      fund_->PayPhbs({{"PHB-1", Pounds("1300.00"), to, ref}, {"PHB-2", Pounds("650.00"), to, ref}}, kOfficer),
      "PHB payments");
}

}  // namespace

void ScenarioClock::Set(const Date& date, int minutes) {
  *now_ = std::chrono::system_clock::time_point(
      std::chrono::seconds((date.DaysSinceEpoch() * 24 * 60 + 9 * 60 + minutes) * 60LL));
}

StatusOr<std::unique_ptr<fund::Fund>> BuildGoldenFund(Journal& journal, ScenarioClock& clock) {
  return Scenario(journal, clock).Run();
}

}  // namespace poolbook::testing
