#include "ledger/fund/demo.h"

#include "ledger/fund/demo_internal.h"
#include "ledger/store/fund_setup_store.h"

namespace poolbook::fund {
namespace {

using demo::kLast;
using demo::kYear;
using demo::Pounds;

// A ledger that holds a fund already: the finished demo (it ends with the year's risk share
// settled) is reported as there; anything else is another fund, or a demo that was interrupted,
// and is left alone.
StatusOr<DemoSummary> AlreadyThere(Journal& journal) {
  auto settled = store::CountSettledYears(journal.db());
  if (!settled.ok()) return settled.status();
  auto fund = Fund::Load(journal);
  if (*settled == 0 || !fund.ok() || (*fund)->agreement().name != DemoAgreement().name) {
    return FailedPrecondition(
        "this ledger holds a fund that is not the finished demo (an interrupted demo?); run the demo on "
        "a new "
        "file");
  }
  DemoSummary sum;
  sum.already_there = true;
  return sum;
}

}  // namespace

Agreement DemoAgreement() {
  Agreement a;
  a.name = "Learning Disability and Autism Pooled Fund (demo)";
  a.year = kYear;
  a.partners = {{"ICB", "NHS Example Integrated Care Board", PartnerKind::kIcb},
                {"CNCL1", "Example City Council", PartnerKind::kCouncil},
                {"CNCL2", "Example County Council", PartnerKind::kCouncil}};
  a.lead_budget_holder = "ICB";
  a.host = "CNCL1";
  auto line = [&](const std::string& code, const std::string& name, Category c, std::int64_t pounds) {
    a.lines.push_back({code, name, c, Pounds(pounds)});
  };
  line("PHB-LD-N", "PHB, learning disability, notional", Category::kPhb, 6'000'000);
  line("PHB-AUT-N", "PHB, autism, notional", Category::kPhb, 3'600'000);
  line("PHB-LD-DP", "PHB, learning disability, direct payments", Category::kPhb, 1'500'000);
  line("PHB-AUT-DP", "PHB, autism, direct payments", Category::kPhb, 900'000);
  line("PHB-LD-TP", "PHB, learning disability, third party", Category::kPhb, 500'000);
  line("PHB-AUT-TP", "PHB, autism, third party", Category::kPhb, 300'000);
  const std::vector<std::pair<std::string, std::string>> areas = {
      {"N", "North"}, {"S", "South"}, {"E", "East"}, {"W", "West"}, {"C", "Central"}};
  const std::vector<std::pair<std::string, std::string>> services = {{"SL", "supported living"},
                                                                     {"DAY", "day opportunities"},
                                                                     {"HOME", "home care"},
                                                                     {"RESP", "short breaks"}};
  for (const auto& [ac, an] : areas) {
    for (const auto& [sc, sn] : services)
      line("PKG-" + ac + "-" + sc, an + ", " + sn, Category::kPackage, 1'800'000);
  }
  line("S117-LD", "Section 117 aftercare, learning disability", Category::kPackage, 1'500'000);
  line("S117-AUT", "Section 117 aftercare, autism", Category::kPackage, 1'000'000);
  line("CRISIS-LD", "Crisis support, learning disability", Category::kCrisis, 600'000);
  line("CRISIS-AUT", "Crisis support, autism", Category::kCrisis, 600'000);
  line("CRISIS-HOME", "Intensive support at home", Category::kCrisis, 500'000);
  line("CRISIS-BEDS", "Crisis beds in the community", Category::kCrisis, 800'000);
  line("TRANS-LD", "Discharge from hospital, learning disability", Category::kTransition, 1'200'000);
  line("TRANS-AUT", "Discharge from hospital, autism", Category::kTransition, 1'000'000);
  line("TRANS-SECURE", "Discharge from secure care", Category::kTransition, 1'000'000);
  line("TRANS-YOUNG", "Young people moving to adult services", Category::kTransition, 500'000);
  line("ADVOCACY", "Advocacy", Category::kOther, 800'000);
  line("HOUSING", "Housing support", Category::kOther, 700'000);
  line("TECH", "Assistive technology", Category::kOther, 500'000);
  line("CARERS", "Support for family carers", Category::kOther, 500'000);

  auto quarterly = [](const std::string& partner, std::int64_t pounds) {
    Contribution c{partner, Pounds(pounds), {}};
    for (Date d : {Date{kYear, 4, 15}, Date{kYear, 7, 15}, Date{kYear, 10, 15}, Date{kYear + 1, 1, 15}}) {
      c.instalments.push_back({d, Pounds(pounds / 4)});
    }
    return c;
  };
  Contribution monthly{"CNCL1", Pounds(15'000'000), {}};
  for (Period p{kYear, 4}; p <= Period{kYear + 1, 3}; p = p.Next()) {
    monthly.instalments.push_back({Date{p.year, p.month, 20}, Pounds(1'250'000)});
  }
  a.contributions = {quarterly("ICB", 33'000'000), monthly, quarterly("CNCL2", 12'000'000)};
  a.virement_threshold = Pounds(50'000);
  a.risk_share.rule = RiskRule::kProportional;
  a.risk_share.cap = {{"CNCL2", Pounds(1'500'000)}};
  a.phb_surplus_weeks = 12;
  a.crisis_approval_days = 3;
  return a;
}

StatusOr<DemoSummary> BuildDemoFund(Journal& journal, const DemoOptions& o) {
  if (o.people < 100) return InvalidArgument("the demo needs at least 100 people");
  auto existing = store::CountAgreementYears(journal.db());
  if (!existing.ok()) return existing.status();
  if (*existing > 0) return AlreadyThere(journal);
  auto progress = [&](const std::string& stage, int done) {
    if (o.progress) o.progress(stage, done, 13);
  };
  progress("setting up the fund", 0);
  auto made = Fund::SetUp(journal, DemoAgreement(), demo::kOfficer);
  if (!made.ok()) return demo::Fail(made.status(), "setting up");
  Fund& fund = **made;
  demo::Rng rng(o.seed);
  demo::Plan plan = demo::MakePlan(fund.agreement(), o.people, rng);
  if (Status st = fund.RegisterPeople(plan.people, demo::kOfficer); !st.ok())
    return demo::Fail(st, "registering people");
  DemoSummary sum;
  sum.people = o.people;
  sum.phbs = static_cast<int>(plan.phbs.size());
  sum.transitions = static_cast<int>(plan.transitions.size());
  sum.crises = plan.crises;
  sum.packages = static_cast<int>(plan.packages.size()) - plan.crises;
  POOLBOOK_RETURN_IF_ERROR(demo::RunYear(fund, plan, rng, sum, progress));
  // Year end: the months up to February are closed; the lead budget holder signs off the risk
  // share, posted on the last day of the year.
  progress("closing the year", 13);
  if (auto r = journal.ClosePeriod(Period{kYear + 1, 2}, demo::kLead); !r.ok())
    return demo::Fail(r.status(), "closing periods");
  if (auto r = fund.SettleYear(kLast, demo::kLead, "ICB"); !r.ok())
    return demo::Fail(r.status(), "settling the year");
  return sum;
}

}  // namespace poolbook::fund
