// The demo's people and their care, drawn from the seed: personal health budgets, packages (some
// section 117 aftercare), transitions from hospital and crisis support.
#include <cstdio>
#include <set>
#include <utility>

#include "ledger/fund/demo_internal.h"

namespace poolbook::fund::demo {
namespace {

const std::vector<std::string> kProviders = {"Acme Care",         "Brightway Support", "Castle Homes",
                                             "Dales Community",   "Evergreen Living",  "Forward Steps",
                                             "Greenfields Trust", "Harbour Support"};

// People: pseudonyms only, each in one of the councils' areas.
void PlanPeople(Plan& plan, int people, Rng& rng) {
  std::set<std::string> seen;
  char buf[16];
  while (static_cast<int>(plan.people.size()) < people) {
    std::snprintf(buf, sizeof buf, "P-%08llX", static_cast<unsigned long long>(rng.Between(0, 0xFFFFFFFFLL)));
    if (!seen.insert(buf).second) continue;
    plan.people.push_back(buf);
    plan.area[buf] = rng.Chance(55) ? "CNCL1" : "CNCL2";
  }
}

void PlanLines(Plan& plan, const Agreement& a) {
  for (const Line& l : a.lines) {
    if (l.category == Category::kPackage && l.code.rfind("PKG-", 0) == 0) plan.pkg_lines.push_back(l.code);
    if (l.category == Category::kCrisis) plan.crisis_lines.push_back(l.code);
    if (l.category == Category::kTransition) plan.trans_lines.push_back(l.code);
  }
}

// A year's budget from the first of a month, renewed (3 % more) for a year when it ends within the
// demo.
void PlanPhbs(Plan& plan, int n_phb, Rng& rng) {
  for (int i = 0; i < n_phb; ++i) {
    DemoPhb p;
    PhbSpec& s = p.spec;
    s.id = "PHB-" + std::to_string(100001 + i);
    s.person = plan.people[static_cast<std::size_t>(i)];
    const int mode = static_cast<int>(rng.Between(1, 100));
    s.mode = mode <= 80 ? PhbMode::kNotional : mode <= 95 ? PhbMode::kDirectPayment : PhbMode::kThirdParty;
    const std::string kind = rng.Chance(60) ? "LD" : "AUT";
    s.line = "PHB-" + kind +
             (s.mode == PhbMode::kNotional        ? "-N"
              : s.mode == PhbMode::kDirectPayment ? "-DP"
                                                  : "-TP");
    const std::int64_t indicative = rng.Between(3'000, 19'000);
    s.indicative = Pounds(indicative);
    s.agreed = Pounds(indicative + rng.Between(-indicative / 10, indicative / 10));
    s.start = rng.Chance(85) ? kFirst : Period{kYear, static_cast<int>(rng.Between(5, 12))}.FirstDay();
    s.end = Day(Num(s.start) + 364);
    s.review = Day(Num(s.start) + 182);
    plan.phbs.push_back(p);
    if (Num(s.end) >= Num(kToday)) continue;
    DemoPhb renewal;
    renewal.spec = s;
    renewal.spec.id = s.id + "-R";
    renewal.spec.indicative = Pounds(indicative * 103 / 100);
    renewal.spec.agreed = Money::FromPence(s.agreed.pence() * 103 / 100);
    renewal.spec.start = Day(Num(s.end) + 1);
    renewal.spec.end = Day(Num(renewal.spec.start) + 364);
    renewal.spec.review = Day(Num(renewal.spec.start) + 182);
    plan.phbs.push_back(std::move(renewal));
  }
}

// Adds a package commissioned on its first day; returns its index.
std::size_t AddPackage(Plan& plan, const std::string& id, const std::string& person, const std::string& line,
                       const Money& rate, Unit unit, Rational upw, Date start, Date end,
                       const std::string& provider) {
  DemoPackage p;
  p.spec.id = id;
  p.spec.person = person;
  p.spec.line = line;
  p.spec.rate = rate;
  p.spec.unit = unit;
  p.spec.units_per_week = std::move(upw);
  p.spec.start = start;
  p.spec.end = end;
  if (end == kNoEnd) p.spec.review = Day(Num(start) + 182);
  p.spec.provider = provider;
  p.commission_on = start;
  plan.packages.push_back(std::move(p));
  return plan.packages.size() - 1;
}

// A year's package that ends within the demo goes on, open-ended, at 3 % more.
void AddRenewal(Plan& plan, std::size_t k) {
  const PackageSpec s = plan.packages[k].spec;
  const std::size_t r =
      AddPackage(plan, s.id + "-R", s.person, s.line, Money::FromPence(s.rate.pence() * 103 / 100), s.unit,
                 s.units_per_week, Day(Num(s.end) + 1), kNoEnd, s.provider);
  plan.packages[r].spec.split = s.split;
}

// Packages, some of them section 117 aftercare split 50/50 between the ICB and the council; about
// a third open-ended until reviewed, the rest for a year (most then renewed).
void PlanPackages(Plan& plan, int first, int n_pkg, Rng& rng) {
  for (int i = 0; i < n_pkg; ++i) {
    const std::string& person = plan.people[static_cast<std::size_t>(first) + static_cast<std::size_t>(i)];
    const bool s117 = rng.Chance(8);
    const Date start = rng.Chance(70) ? kFirst : Day(Num(kFirst) + rng.Between(0, 320));
    const bool open = rng.Chance(35);
    const std::size_t k =
        AddPackage(plan, "PK-" + std::to_string(200001 + i), person,
                   s117 ? (rng.Chance(60) ? "S117-LD" : "S117-AUT") : rng.Pick(plan.pkg_lines),
                   Money::FromPence(rng.Between(1'800, 3'000)), Unit::kHour, Rational(rng.Between(12, 80), 2),
                   start, open ? kNoEnd : Day(Num(start) + 364), rng.Pick(kProviders));
    if (s117) plan.packages[k].spec.split = {{"ICB", 50}, {plan.area[person], 50}};
    if (rng.Chance(8) && Num(kLast) - Num(start) > 90) {
      plan.packages[k].end_early = Day(Num(start) + 30 + rng.Between(0, Num(kLast) - Num(start) - 60));
    } else if (!open && Num(plan.packages[k].spec.end) < Num(kToday) && rng.Chance(80)) {
      AddRenewal(plan, k);
    }
  }
}

// Transitions: an inpatient placement since the first day (commissioned to its planned discharge
// plus four weeks) and an open-ended community package that starts before the discharge, planned
// within about 200 days of `from`. Numbered from `number`.
void PlanTransitions(Plan& plan, int first, int n_trans, int number, const Date& from, Rng& rng) {
  for (int i = 0; i < n_trans; ++i) {
    const std::string& person = plan.people[static_cast<std::size_t>(first) + static_cast<std::size_t>(i)];
    DemoTransition t;
    t.id = "TR-" + std::to_string(number + i);
    t.person = person;
    t.planned_end = Day(Num(from) + rng.Between(0, 200));
    t.discharge = Day(Num(t.planned_end) + rng.Between(-7, 21));
    t.inpatient = "IP-" + std::to_string(number + i);
    t.community = "PK-" + std::to_string(number + i);
    AddPackage(plan, t.inpatient, person, rng.Pick(plan.trans_lines), Pounds(rng.Between(3'500, 6'500)),
               Unit::kWeek, 1, kFirst, Day(Num(t.planned_end) + 28), "Example Hospital Trust");
    const Date community_start = Day(Num(t.planned_end) - rng.Between(14, 42));
    AddPackage(plan, t.community, person, rng.Pick(plan.pkg_lines),
               Money::FromPence(rng.Between(2'200, 3'200)), Unit::kHour, Rational(rng.Between(40, 112), 2),
               community_start, kNoEnd, rng.Pick(kProviders));
    plan.transitions.push_back(t);
  }
}

// Crises: `n` starting within `days` of `from` (a few nights to four weeks, within the year), for
// the people with no other support (from `first`) and some with packages. Numbered from `number`.
void PlanCrises(Plan& plan, int n, int number, const Date& from, long days, int first, int first_pkg,
                int n_pkg, Rng& rng) {
  const int crisis_only = static_cast<int>(plan.people.size()) - first;
  const Date year_end{Period::Of(from).FinancialYearStart() + 1, 3, 31};
  for (int i = 0; i < n; ++i) {
    const std::string& person =
        i < crisis_only ? plan.people[static_cast<std::size_t>(first) + static_cast<std::size_t>(i)]
                        : plan.people[static_cast<std::size_t>(first_pkg + rng.Between(0, n_pkg - 1))];
    const Date start = Day(Num(from) + rng.Between(0, days));
    AddPackage(plan, "CR-" + std::to_string(number + i), person, rng.Pick(plan.crisis_lines),
               Pounds(rng.Between(250, 450)), Unit::kNight, 7, start,
               Day(std::min(Num(year_end), Num(start) + rng.Between(4, 27))), "Rapid Response Team");
  }
}

}  // namespace

Plan MakePlan(const Agreement& a, int people, Rng& rng) {
  Plan plan;
  PlanPeople(plan, people, rng);
  PlanLines(plan, a);
  const int n_phb = people * 46 / 100, n_pkg = people * 49 / 100;
  const int n_trans = std::max(3, people * 12 / 1000), n_trans2 = std::max(2, people * 6 / 1000);
  const int first_crisis = n_phb + n_pkg + n_trans + n_trans2;
  const int crises = people - first_crisis + people / 50;  // a year's crisis commitments
  PlanPhbs(plan, n_phb, rng);
  PlanPackages(plan, n_phb, n_pkg, rng);
  PlanTransitions(plan, n_phb + n_pkg, n_trans, 300001, Date{kYear, 6, 1}, rng);
  PlanTransitions(plan, n_phb + n_pkg + n_trans, n_trans2, 310001, Date{kYear + 1, 7, 1}, rng);
  PlanCrises(plan, crises, 400001, Day(Num(kFirst) + 4), 330, first_crisis, n_phb, n_pkg, rng);
  PlanCrises(plan, crises * 2 / 3, 410001, Day(Num(kSecondFirst) + 4), Num(kToday) - Num(kSecondFirst) - 4,
             first_crisis, n_phb, n_pkg, rng);
  return plan;
}

}  // namespace poolbook::fund::demo
