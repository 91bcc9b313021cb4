#include "ledger/fund/demo.h"

#include <map>
#include <random>
#include <set>

#include "ledger/fund/fund_internal.h"
#include "ledger/store/database.h"

namespace poolbook::fund {
namespace {

constexpr int kYear = 2025;
const char* const kLead = "lead-budget-holder";  // the ICB officer who approves
const char* const kOfficer = "finance-officer";  // the host's officer who posts

// A deterministic generator: std::mt19937_64 is the same everywhere; only its raw output is used
// (the standard distributions differ between libraries).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : g_(seed) {}
  std::int64_t Between(std::int64_t lo, std::int64_t hi) {  // inclusive
    return lo + static_cast<std::int64_t>(g_() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  bool Chance(int percent) { return Between(1, 100) <= percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(Between(0, static_cast<std::int64_t>(v.size()) - 1))];
  }

 private:
  std::mt19937_64 g_;
};

Money Pounds(std::int64_t pounds) { return Money::FromPence(pounds * 100); }
Date Day(long days_since_epoch) { return Date::FromDaysSinceEpoch(days_since_epoch); }
long Num(const Date& d) { return d.DaysSinceEpoch(); }

const Date kFirst{kYear, 4, 1}, kLast{kYear + 1, 3, 31};

// Days of [start, end] inside the month `p`.
long DaysIn(const Period& p, const Date& start, const Date& end) {
  const long a = std::max(Num(start), Num(p.FirstDay())), b = std::min(Num(end), Num(p.LastDay()));
  return b >= a ? b - a + 1 : 0;
}

struct DemoPackage {
  PackageSpec spec;
  Date commission_on;
  std::optional<Date> end_early;  // ended before its planned end, on this day
  bool crisis_approved = false;
};

struct DemoPhb {
  PhbSpec spec;
  Money paid, recovered;
};

struct DemoTransition {
  std::string id, person, inpatient, community;
  Date planned_end, discharge;
};

Status Fail(const Status& st, const std::string& what) { return st.WithContext("demo: " + what); }

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
  DemoSummary sum;
  if (o.people < 100) return InvalidArgument("the demo needs at least 100 people");
  try {
    int existing = 0;
    journal.db().sql() << "SELECT COUNT(*) FROM fund_agreement", soci::into(existing);
    if (existing > 0) {
      // The finished demo ends with the year's risk share settled; anything else is another fund,
      // or a demo that was interrupted, and is left alone.
      int settled = 0;
      journal.db().sql() << "SELECT COUNT(*) FROM fund_settlements", soci::into(settled);
      auto fund = Fund::Load(journal);
      if (settled == 0 || !fund.ok() || (*fund)->agreement().name != DemoAgreement().name) {
        return FailedPrecondition(
            "this ledger holds a fund that is not the finished demo (an interrupted demo?); run the demo on "
            "a new "
            "file");
      }
      sum.already_there = true;
      return sum;
    }
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading the ledger");
  }
  auto progress = [&](const std::string& stage, int done) {
    if (o.progress) o.progress(stage, done, 13);
  };
  progress("setting up the fund", 0);
  auto made = Fund::SetUp(journal, DemoAgreement(), kOfficer);
  if (!made.ok()) return Fail(made.status(), "setting up");
  Fund& fund = **made;
  const Agreement& a = fund.agreement();
  Rng rng(o.seed);

  // People: pseudonyms only, each in one of the councils' areas.
  std::vector<std::string> people;
  std::map<std::string, std::string> area;  // person -> council
  {
    std::set<std::string> seen;
    char buf[16];
    while (static_cast<int>(people.size()) < o.people) {
      std::snprintf(buf, sizeof buf, "P-%08llX",
                    static_cast<unsigned long long>(rng.Between(0, 0xFFFFFFFFLL)));
      if (!seen.insert(buf).second) continue;
      people.push_back(buf);
      area[buf] = rng.Chance(55) ? "CNCL1" : "CNCL2";
    }
    if (Status st = fund.RegisterPeople(people, kOfficer); !st.ok()) return Fail(st, "registering people");
  }
  sum.people = o.people;
  std::vector<std::string> pkg_lines, crisis_lines, trans_lines;
  for (const Line& l : a.lines) {
    if (l.category == Category::kPackage && l.code.rfind("PKG-", 0) == 0) pkg_lines.push_back(l.code);
    if (l.category == Category::kCrisis) crisis_lines.push_back(l.code);
    if (l.category == Category::kTransition) trans_lines.push_back(l.code);
  }
  const int n_phb = o.people * 46 / 100, n_pkg = o.people / 2;
  const int n_trans = std::max(3, o.people * 12 / 1000);

  // Personal health budgets.
  std::vector<DemoPhb> phbs;
  for (int i = 0; i < n_phb; ++i) {
    DemoPhb p;
    PhbSpec& s = p.spec;
    s.id = "PHB-" + std::to_string(100001 + i);
    s.person = people[static_cast<std::size_t>(i)];
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
    phbs.push_back(std::move(p));
  }
  // Packages, some of them section 117 aftercare split 50/50 between the ICB and the council.
  std::vector<DemoPackage> packages;
  auto package = [&](const std::string& id, const std::string& person, const std::string& line,
                     const Money& rate, Unit unit, Rational upw, Date start, Date end,
                     const std::string& provider) {
    DemoPackage p;
    p.spec.id = id;
    p.spec.person = person;
    p.spec.line = line;
    p.spec.rate = rate;
    p.spec.unit = unit;
    p.spec.units_per_week = upw;
    p.spec.start = start;
    p.spec.end = end;
    p.spec.provider = provider;
    p.commission_on = start;
    packages.push_back(std::move(p));
    return packages.size() - 1;
  };
  const std::vector<std::string> providers = {"Acme Care",         "Brightway Support", "Castle Homes",
                                              "Dales Community",   "Evergreen Living",  "Forward Steps",
                                              "Greenfields Trust", "Harbour Support"};
  for (int i = 0; i < n_pkg; ++i) {
    const std::string& person = people[static_cast<std::size_t>(n_phb + i)];
    const bool s117 = rng.Chance(8);
    const Date start = rng.Chance(70) ? kFirst : Day(Num(kFirst) + rng.Between(0, 320));
    const std::size_t k = package("PK-" + std::to_string(200001 + i), person,
                                  s117 ? (rng.Chance(60) ? "S117-LD" : "S117-AUT") : rng.Pick(pkg_lines),
                                  Money::FromPence(rng.Between(1'800, 3'000)), Unit::kHour,
                                  Rational(rng.Between(12, 80), 2), start, kLast, rng.Pick(providers));
    if (s117) packages[k].spec.split = {{"ICB", 50}, {area[person], 50}};
    if (rng.Chance(8) && Num(kLast) - Num(start) > 90) {
      packages[k].end_early = Day(Num(start) + 30 + rng.Between(0, Num(kLast) - Num(start) - 60));
    }
  }
  // Transitions: an inpatient placement (commissioned to its planned discharge plus four weeks)
  // and a community package that starts before the discharge.
  std::vector<DemoTransition> transitions;
  const int first_trans = n_phb + n_pkg;
  for (int i = 0; i < n_trans; ++i) {
    const std::string& person = people[static_cast<std::size_t>(first_trans + i)];
    DemoTransition t;
    t.id = "TR-" + std::to_string(300001 + i);
    t.person = person;
    t.planned_end = Day(Num(Date{kYear, 6, 1}) + rng.Between(0, 200));
    t.discharge = Day(Num(t.planned_end) + rng.Between(-7, 21));
    t.inpatient = "IP-" + std::to_string(300001 + i);
    t.community = "PK-" + std::to_string(300001 + i);
    package(t.inpatient, person, rng.Pick(trans_lines), Pounds(rng.Between(3'500, 6'500)), Unit::kWeek, 1,
            kFirst, Day(Num(t.planned_end) + 28), "Example Hospital Trust");
    const Date community_start = Day(Num(t.planned_end) - rng.Between(14, 42));
    package(t.community, person, rng.Pick(pkg_lines), Money::FromPence(rng.Between(2'200, 3'200)),
            Unit::kHour, Rational(rng.Between(40, 112), 2), community_start, kLast, rng.Pick(providers));
    transitions.push_back(t);
  }
  // Crises: for people with no other support, and some with packages.
  const int crisis_only = o.people - first_trans - n_trans;
  const int n_crises = crisis_only + o.people / 50;
  for (int i = 0; i < n_crises; ++i) {
    const std::string& person = i < crisis_only
                                    ? people[static_cast<std::size_t>(first_trans + n_trans + i)]
                                    : people[static_cast<std::size_t>(n_phb + rng.Between(0, n_pkg - 1))];
    const Date start = Day(Num(kFirst) + 4 + rng.Between(0, 330));
    const std::size_t k =
        package("CR-" + std::to_string(400001 + i), person, rng.Pick(crisis_lines),
                Pounds(rng.Between(250, 450)), Unit::kNight, 7, start,
                Day(std::min(Num(kLast), Num(start) + rng.Between(4, 27))), "Rapid Response Team");
    packages[k].crisis_approved = rng.Chance(90);
  }
  sum.phbs = static_cast<int>(phbs.size());
  sum.transitions = static_cast<int>(transitions.size());
  sum.crises = n_crises;
  sum.packages = static_cast<int>(packages.size()) - n_crises;

  // Twelve months of activity.
  int month_no = 0;
  std::set<std::string> transitions_started;
  for (Period m{kYear, 4}; m <= Period{kYear + 1, 3}; m = m.Next(), ++month_no) {
    progress("activity for " + m.ToString(), month_no + 1);
    const std::string tag = m.ToString();
    // Contributions due this month are raised, and paid a week later.
    for (const Contribution& c : a.contributions) {
      for (std::size_t i = 0; i < c.instalments.size(); ++i) {
        const Instalment& in = c.instalments[i];
        if (Period::Of(in.due) != m) continue;
        if (auto r = fund.RaiseInstalment(c.partner, i, kOfficer); !r.ok())
          return Fail(r.status(), "raising");
        auto paid = fund.ReceiveContribution(c.partner, in.amount, Day(Num(in.due) + 7),
                                             "REM-" + c.partner + "-" + std::to_string(i + 1), kOfficer);
        if (!paid.ok()) return Fail(paid.status(), "receiving a contribution");
      }
    }
    // Budgets agreed and care commissioned as it starts.
    for (DemoPhb& p : phbs) {
      if (Period::Of(p.spec.start) != m) continue;
      if (auto r = fund.AgreePhb(p.spec, p.spec.start, kOfficer); !r.ok()) return Fail(r.status(), p.spec.id);
    }
    for (DemoPackage& p : packages) {
      if (Period::Of(p.commission_on) != m) continue;
      if (auto r = fund.Commission(p.spec, p.commission_on, kOfficer); !r.ok())
        return Fail(r.status(), p.spec.id);
      if (p.spec.id.rfind("CR-", 0) == 0 && p.crisis_approved) {
        if (auto r = fund.ApproveCrisis(p.spec.id, kLead, "ICB"); !r.ok()) return Fail(r.status(), p.spec.id);
      }
    }
    for (const DemoTransition& t : transitions) {
      const DemoPackage* community = nullptr;
      for (const DemoPackage& p : packages) {
        if (p.spec.id == t.community) community = &p;
      }
      if (Period::Of(community->commission_on) != m) continue;
      auto r = fund.StartTransition({t.id, t.person, t.inpatient, t.community, t.planned_end}, kOfficer);
      if (!r.ok()) return Fail(r.status(), t.id);
    }
    // Packages ended early and discharges this month.
    for (DemoPackage& p : packages) {
      if (p.end_early && Period::Of(*p.end_early) == m) {
        auto r = fund.EndPackage(p.spec.id, *p.end_early, "needs met another way", kOfficer);
        if (!r.ok()) return Fail(r.status(), p.spec.id);
        p.spec.end = *p.end_early;
        sum.ended_early += 1;
      }
    }
    for (const DemoTransition& t : transitions) {
      if (Period::Of(t.discharge) != m) continue;
      for (DemoPackage& p : packages) {
        if (p.spec.id != t.inpatient || t.discharge >= p.spec.end) continue;
        auto r = fund.EndPackage(p.spec.id, t.discharge, "discharged", kOfficer);
        if (!r.ok()) return Fail(r.status(), p.spec.id);
        p.spec.end = t.discharge;
      }
    }
    // The month's payment runs: every package invoiced for its days in the month, every PHB paid
    // its share of the month.
    std::vector<Invoice> invoices, phb_payments;
    for (const DemoPackage& p : packages) {
      const long days = DaysIn(m, p.spec.start, p.spec.end);
      if (days == 0) continue;
      const Money cost = PackageCost(p.spec.rate, p.spec.units_per_week, days);
      if (cost.sign() > 0) invoices.push_back({p.spec.id, cost, m.LastDay(), "INV-" + tag});
    }
    for (DemoPhb& p : phbs) {
      const long days = DaysIn(m, p.spec.start, p.spec.end);
      if (days == 0) continue;
      const Money amount =
          PackageCost(p.spec.agreed, Rational(7, internal::DaysInclusive(p.spec.start, p.spec.end)), days);
      if (amount.sign() <= 0) continue;
      phb_payments.push_back({p.spec.id, amount, Date{m.year, m.month, 5}, "PAY-" + tag});
      p.paid += amount;
    }
    for (std::size_t from = 0; from < invoices.size(); from += kInvoicesPerRunMax) {
      std::vector<Invoice> run(
          invoices.begin() + static_cast<long>(from),
          invoices.begin() + static_cast<long>(std::min(invoices.size(), from + kInvoicesPerRunMax)));
      if (auto r = fund.PayInvoices(run, kOfficer); !r.ok()) return Fail(r.status(), "payment run " + tag);
    }
    if (!phb_payments.empty()) {
      if (auto r = fund.PayPhbs(phb_payments, kOfficer); !r.ok())
        return Fail(r.status(), "PHB payments " + tag);
    }
    sum.invoices += static_cast<int>(invoices.size());
    sum.phb_payments += static_cast<int>(phb_payments.size());

    // A virement each month between package and other lines; large ones need the lead.
    {
      auto budgets = fund.RevisedBudgets();
      if (!budgets.ok()) return Fail(budgets.status(), "reading budgets");
      const std::string from = rng.Pick(pkg_lines);
      const std::string to = rng.Chance(50) ? rng.Pick(crisis_lines) : rng.Pick(trans_lines);
      const Money amount = std::min(Pounds(rng.Between(10'000, 120'000)), budgets->at(from));
      if (amount.sign() > 0) {
        auto v = fund.RequestVirement(from, to, amount, m.FirstDay(), "VIR-" + tag,
                                      "pressure on " + to + " in " + tag, kOfficer);
        if (!v.ok()) return Fail(v.status(), "virement");
        if (v->state == VirementState::kPending) {
          auto d = fund.DecideVirement(v->id, true, kLead, "ICB", "approved at the monthly finance meeting");
          if (!d.ok()) return Fail(d.status(), "approving a virement");
        }
        sum.virements += 1;
      }
    }
    // Quarter ends: holders of direct payments and third-party budgets report their balances;
    // some surpluses are recovered, a few after reconsideration.
    if (m.month % 3 == 0) {
      for (DemoPhb& p : phbs) {
        if (p.spec.mode == PhbMode::kNotional || p.spec.start > m.LastDay()) continue;
        const Rational weekly =
            Rational(p.spec.agreed.pence()) * 7 / internal::DaysInclusive(p.spec.start, p.spec.end);
        const Money want = PackageCost(Money::FromPence(Int128(numerator(weekly) / denominator(weekly))), 7,
                                       rng.Between(1, 20));  // 1 to 20 weeks' worth
        const Money held = std::min(want, p.paid - p.recovered);
        auto rec = fund.RecordHeldBalance(p.spec.id, held, m.LastDay(), kOfficer);
        if (!rec.ok()) return Fail(rec.status(), p.spec.id);
        if (rec->surplus.sign() <= 0 || !rng.Chance(25)) continue;
        auto d = fund.DecideRecovery(
            p.spec.id, rec->surplus, RecoveryGround::kUnspentBuildUp, "REC-" + p.spec.id + "-" + tag,
            "more than 12 weeks of budget held at " + m.LastDay().ToString(), kOfficer);
        if (!d.ok()) return Fail(d.status(), "deciding a recovery");
        Money amount = d->amount;
        if (rng.Chance(30)) {
          if (auto r = fund.RequestReconsideration(d->id, "saving towards a planned short break", kOfficer);
              !r.ok()) {
            return Fail(r.status(), "reconsideration");
          }
          Money half = Money::FromPence(Int128(d->amount.pence() / 2));
          const bool vary = half.sign() > 0;
          auto r = fund.Reconsider(d->id, vary ? ReconsiderOutcome::kVary : ReconsiderOutcome::kUphold, half,
                                   kLead, "ICB", "half may be kept for the planned break");
          if (!r.ok()) return Fail(r.status(), "reconsidering");
          amount = r->amount;
        }
        auto c = fund.CollectRecovery(d->id, Day(std::min(Num(m.LastDay()) + 14, Num(kLast))), kOfficer);
        if (!c.ok()) return Fail(c.status(), "collecting a recovery");
        p.recovered += amount;
        sum.recoveries += 1;
      }
    }
  }
  // Year end: the months up to February are closed; the lead budget holder signs off the risk
  // share, posted on the last day of the year.
  progress("closing the year", 13);
  if (auto r = journal.ClosePeriod(Period{kYear + 1, 2}, kLead); !r.ok())
    return Fail(r.status(), "closing periods");
  if (auto r = fund.SettleYear(kLast, kLead, "ICB"); !r.ok()) return Fail(r.status(), "settling the year");
  return sum;
}

}  // namespace poolbook::fund
