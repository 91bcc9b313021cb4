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
    s.end = kLast;
    s.review = Day(Num(s.start) + 182);
    plan.phbs.push_back(std::move(p));
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
  p.spec.provider = provider;
  p.commission_on = start;
  plan.packages.push_back(std::move(p));
  return plan.packages.size() - 1;
}

// Packages, some of them section 117 aftercare split 50/50 between the ICB and the council.
void PlanPackages(Plan& plan, int first, int n_pkg, Rng& rng) {
  for (int i = 0; i < n_pkg; ++i) {
    const std::string& person = plan.people[static_cast<std::size_t>(first) + static_cast<std::size_t>(i)];
    const bool s117 = rng.Chance(8);
    const Date start = rng.Chance(70) ? kFirst : Day(Num(kFirst) + rng.Between(0, 320));
    const std::size_t k =
        AddPackage(plan, "PK-" + std::to_string(200001 + i), person,
                   s117 ? (rng.Chance(60) ? "S117-LD" : "S117-AUT") : rng.Pick(plan.pkg_lines),
                   Money::FromPence(rng.Between(1'800, 3'000)), Unit::kHour, Rational(rng.Between(12, 80), 2),
                   start, kLast, rng.Pick(kProviders));
    if (s117) plan.packages[k].spec.split = {{"ICB", 50}, {plan.area[person], 50}};
    if (rng.Chance(8) && Num(kLast) - Num(start) > 90) {
      plan.packages[k].end_early = Day(Num(start) + 30 + rng.Between(0, Num(kLast) - Num(start) - 60));
    }
  }
}

// Transitions: an inpatient placement (commissioned to its planned discharge plus four weeks)
// and a community package that starts before the discharge.
void PlanTransitions(Plan& plan, int first, int n_trans, Rng& rng) {
  for (int i = 0; i < n_trans; ++i) {
    const std::string& person = plan.people[static_cast<std::size_t>(first) + static_cast<std::size_t>(i)];
    DemoTransition t;
    t.id = "TR-" + std::to_string(300001 + i);
    t.person = person;
    t.planned_end = Day(Num(Date{kYear, 6, 1}) + rng.Between(0, 200));
    t.discharge = Day(Num(t.planned_end) + rng.Between(-7, 21));
    t.inpatient = "IP-" + std::to_string(300001 + i);
    t.community = "PK-" + std::to_string(300001 + i);
    AddPackage(plan, t.inpatient, person, rng.Pick(plan.trans_lines), Pounds(rng.Between(3'500, 6'500)),
               Unit::kWeek, 1, kFirst, Day(Num(t.planned_end) + 28), "Example Hospital Trust");
    const Date community_start = Day(Num(t.planned_end) - rng.Between(14, 42));
    AddPackage(plan, t.community, person, rng.Pick(plan.pkg_lines),
               Money::FromPence(rng.Between(2'200, 3'200)), Unit::kHour, Rational(rng.Between(40, 112), 2),
               community_start, kLast, rng.Pick(kProviders));
    plan.transitions.push_back(t);
  }
}

// Crises: for the people with no other support (from `first`), and some with packages.
void PlanCrises(Plan& plan, int first, int first_pkg, int n_pkg, Rng& rng) {
  const int people = static_cast<int>(plan.people.size());
  const int crisis_only = people - first;
  plan.crises = crisis_only + people / 50;
  for (int i = 0; i < plan.crises; ++i) {
    const std::string& person =
        i < crisis_only ? plan.people[static_cast<std::size_t>(first) + static_cast<std::size_t>(i)]
                        : plan.people[static_cast<std::size_t>(first_pkg + rng.Between(0, n_pkg - 1))];
    const Date start = Day(Num(kFirst) + 4 + rng.Between(0, 330));
    const std::size_t k =
        AddPackage(plan, "CR-" + std::to_string(400001 + i), person, rng.Pick(plan.crisis_lines),
                   Pounds(rng.Between(250, 450)), Unit::kNight, 7, start,
                   Day(std::min(Num(kLast), Num(start) + rng.Between(4, 27))), "Rapid Response Team");
    plan.packages[k].crisis_approved = rng.Chance(90);
  }
}

}  // namespace

Plan MakePlan(const Agreement& a, int people, Rng& rng) {
  Plan plan;
  PlanPeople(plan, people, rng);
  PlanLines(plan, a);
  const int n_phb = people * 46 / 100, n_pkg = people / 2;
  const int n_trans = std::max(3, people * 12 / 1000);
  PlanPhbs(plan, n_phb, rng);
  PlanPackages(plan, n_phb, n_pkg, rng);
  PlanTransitions(plan, n_phb + n_pkg, n_trans, rng);
  PlanCrises(plan, n_phb + n_pkg + n_trans, n_phb, n_pkg, rng);
  return plan;
}

}  // namespace poolbook::fund::demo
