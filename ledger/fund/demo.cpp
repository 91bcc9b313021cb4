#include "ledger/fund/demo.h"

#include "ledger/fund/demo_internal.h"
#include "ledger/store/fund_setup_store.h"

namespace poolbook::fund {
namespace {

using demo::kLast;
using demo::kYear;
using demo::Pounds;

// The period the demo closes last: the month before the run's last. (March 2026 stays open until
// 2026-27 starts: the year is closed into it.)
Period LastClosed(const Period& through) {
  return through.month == 1 ? Period{through.year - 1, 12} : Period{through.year, through.month - 1};
}

// A ledger that holds a fund already: the finished demo (the demo fund, closed through the period
// this run would close last) is reported as there; anything else is another fund, or a demo that
// was interrupted, and is left alone.
StatusOr<DemoSummary> AlreadyThere(Journal& journal, const DemoOptions& o) {
  auto fund = Fund::Load(journal);
  if (!fund.ok() || (*fund)->agreement().name != DemoAgreement().name ||
      journal.ClosedThrough() != LastClosed(o.through)) {
    return FailedPrecondition(
        "this ledger holds a fund that is not the finished demo (an interrupted demo?); run the demo on a "
        "new "
        "file");
  }
  DemoSummary sum;
  sum.already_there = true;
  return sum;
}

// The first year's end: the months to February closed, then the risk share signed off by the lead
// budget holder on the year's last day.
Status EndFirstYear(Journal& journal, Fund& fund) {
  if (auto r = journal.ClosePeriod(Period{kYear + 1, 2}, demo::kLead); !r.ok())
    return demo::Fail(r.status(), "closing periods");
  if (auto r = fund.SettleYear(kLast, demo::kLead, "ICB"); !r.ok())
    return demo::Fail(r.status(), "signing off the risk share");
  return Status();
}

// 2026-27 starts (the year before is closed into its March), and March is closed.
StatusOr<std::unique_ptr<Fund>> StartSecondYear(Journal& journal, Fund& fund) {
  auto next = fund.StartNextYear(DemoAgreement(kYear + 1), demo::kOfficer);
  if (!next.ok()) return demo::Fail(next.status(), "starting 2026-27");
  if (auto r = journal.ClosePeriod(Period{kYear + 1, 3}, demo::kLead); !r.ok())
    return demo::Fail(r.status(), "closing March 2026");
  return std::move(*next);
}

// Sets up the fund and registers everyone in the plan.
StatusOr<std::unique_ptr<Fund>> SetUpDemo(Journal& journal, const demo::Plan& plan) {
  auto made = Fund::SetUp(journal, DemoAgreement(), demo::kOfficer);
  if (!made.ok()) return demo::Fail(made.status(), "setting up");
  if (Status st = (*made)->RegisterPeople(plan.people, demo::kOfficer); !st.ok())
    return demo::Fail(st, "registering people");
  return std::move(*made);
}

}  // namespace

Agreement DemoAgreement(int year) {
  // The second year: every budget and contribution 3 % more.
  auto pounds = [year](std::int64_t first_year) {
    return Pounds(year == kYear ? first_year : first_year * 103 / 100);
  };
  Agreement a;
  a.name = "Learning Disability and Autism Pooled Fund (demo)";
  a.year = year;
  a.partners = {{"ICB", "NHS Example Integrated Care Board", PartnerKind::kIcb},
                {"CNCL1", "Example City Council", PartnerKind::kCouncil},
                {"CNCL2", "Example County Council", PartnerKind::kCouncil}};
  a.lead_budget_holder = "ICB";
  a.host = "CNCL1";
  auto line = [&](const std::string& code, const std::string& name, Category c, std::int64_t first_year) {
    a.lines.push_back({code, name, c, pounds(first_year)});
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

  auto quarterly = [&](const std::string& partner, std::int64_t first_year) {
    Contribution c{partner, pounds(first_year), {}};
    for (Date d : {Date{year, 4, 15}, Date{year, 7, 15}, Date{year, 10, 15}, Date{year + 1, 1, 15}}) {
      c.instalments.push_back({d, pounds(first_year / 4)});
    }
    return c;
  };
  Contribution monthly{"CNCL1", pounds(15'000'000), {}};
  for (Period p{year, 4}; p <= Period{year + 1, 3}; p = p.Next()) {
    monthly.instalments.push_back({Date{p.year, p.month, 20}, pounds(1'250'000)});
  }
  a.contributions = {quarterly("ICB", 33'000'000), monthly, quarterly("CNCL2", 12'000'000)};
  a.virement_threshold = Pounds(50'000);
  a.risk_share.rule = RiskRule::kProportional;
  a.risk_share.cap = {{"CNCL2", pounds(1'500'000)}};
  a.phb_surplus_weeks = 12;
  a.crisis_approval_days = 3;
  return a;
}

StatusOr<DemoSummary> BuildDemoFund(Journal& journal, const DemoOptions& o) {
  if (o.people < 100) return InvalidArgument("the demo needs at least 100 people");
  if (o.through < Period{kYear + 1, 3} || kDemoLastMonth < o.through)
    return InvalidArgument("the demo runs through a month from 2026-03 to " + kDemoLastMonth.ToString());
  auto existing = store::CountAgreementYears(journal.db());
  if (!existing.ok()) return existing.status();
  if (*existing > 0) return AlreadyThere(journal, o);
  const Period first{kYear, 4};
  const int months = (o.through.year - first.year) * 12 + o.through.month - first.month + 1;
  auto progress = [&](const std::string& stage, int done) {
    if (o.progress) o.progress(stage, done, months + 1);
  };
  progress("setting up the fund", 0);
  demo::Rng rng(o.seed);
  demo::Plan plan = demo::MakePlan(DemoAgreement(), o.people, rng);
  auto made = SetUpDemo(journal, plan);
  if (!made.ok()) return made.status();
  std::unique_ptr<Fund> fund = std::move(*made);
  DemoSummary sum;
  sum.people = o.people;
  sum.years = 1;
  int done = 0;
  for (Period m = first; m <= o.through; m = m.Next()) {
    if (m == Period{kYear + 1, 4}) {
      auto next = StartSecondYear(journal, *fund);
      if (!next.ok()) return next.status();
      fund = std::move(*next);
      sum.years = 2;
    }
    progress("activity for " + m.ToString(), ++done);
    // A run of the first year only ends with its work done, ready for the year end.
    const bool in_hand = m == o.through && Period{kYear + 1, 3} < m;
    POOLBOOK_RETURN_IF_ERROR(demo::RunMonth(*fund, plan, rng, sum, m, in_hand));
    if (m == Period{kYear + 1, 3}) POOLBOOK_RETURN_IF_ERROR(EndFirstYear(journal, *fund));
  }
  progress("closing the months", months + 1);
  if (journal.ClosedThrough() != LastClosed(o.through)) {
    if (auto r = journal.ClosePeriod(LastClosed(o.through), demo::kLead); !r.ok())
      return demo::Fail(r.status(), "closing the months");
  }
  return sum;
}

}  // namespace poolbook::fund
