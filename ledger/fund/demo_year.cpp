// Twelve months of the demo fund's activity: contributions, care agreed and commissioned, care
// ended, the monthly payment runs, virements, and at each quarter's end the balances held on
// personal health budgets and the surpluses recovered.
#include <set>

#include "ledger/fund/demo_internal.h"

namespace poolbook::fund::demo {
namespace {

// Days of [start, end] inside the month `p`.
long DaysIn(const Period& p, const Date& start, const Date& end) {
  const long a = std::max(Num(start), Num(p.FirstDay())), b = std::min(Num(end), Num(p.LastDay()));
  return b >= a ? b - a + 1 : 0;
}

class Year {
 public:
  Year(Fund& fund, Plan& plan, Rng& rng, DemoSummary& sum) : fund_(fund), plan_(plan), rng_(rng), sum_(sum) {}

  Status Month(const Period& m) {
    POOLBOOK_RETURN_IF_ERROR(Contributions(m));
    POOLBOOK_RETURN_IF_ERROR(StartCare(m));
    POOLBOOK_RETURN_IF_ERROR(EndCare(m));
    POOLBOOK_RETURN_IF_ERROR(Payments(m));
    POOLBOOK_RETURN_IF_ERROR(Virement(m));
    if (m.month % 3 == 0) {
      for (DemoPhb& p : plan_.phbs) POOLBOOK_RETURN_IF_ERROR(QuarterEnd(m, p));
    }
    return Status();
  }

 private:
  // Contributions due this month are raised, and paid a week later.
  Status Contributions(const Period& m) {
    for (const Contribution& c : fund_.agreement().contributions) {
      for (std::size_t i = 0; i < c.instalments.size(); ++i) {
        const Instalment& in = c.instalments[i];
        if (Period::Of(in.due) != m) continue;
        if (auto r = fund_.RaiseInstalment(c.partner, i, kOfficer); !r.ok())
          return Fail(r.status(), "raising");
        auto paid = fund_.ReceiveContribution(c.partner, in.amount, Day(Num(in.due) + 7),
                                              "REM-" + c.partner + "-" + std::to_string(i + 1), kOfficer);
        if (!paid.ok()) return Fail(paid.status(), "receiving a contribution");
      }
    }
    return Status();
  }

  // Budgets agreed and care commissioned as it starts.
  Status StartCare(const Period& m) {
    for (DemoPhb& p : plan_.phbs) {
      if (Period::Of(p.spec.start) != m) continue;
      if (auto r = fund_.AgreePhb(p.spec, p.spec.start, kOfficer); !r.ok())
        return Fail(r.status(), p.spec.id);
    }
    for (DemoPackage& p : plan_.packages) {
      if (Period::Of(p.commission_on) != m) continue;
      if (auto r = fund_.Commission(p.spec, p.commission_on, kOfficer); !r.ok())
        return Fail(r.status(), p.spec.id);
      if (p.spec.id.rfind("CR-", 0) == 0 && p.crisis_approved) {
        if (auto r = fund_.ApproveCrisis(p.spec.id, kLead, "ICB"); !r.ok())
          return Fail(r.status(), p.spec.id);
      }
    }
    for (const DemoTransition& t : plan_.transitions) {
      const DemoPackage* community = nullptr;
      for (const DemoPackage& p : plan_.packages) {
        if (p.spec.id == t.community) community = &p;
      }
      if (Period::Of(community->commission_on) != m) continue;
      auto r = fund_.StartTransition({t.id, t.person, t.inpatient, t.community, t.planned_end}, kOfficer);
      if (!r.ok()) return Fail(r.status(), t.id);
    }
    return Status();
  }

  // Packages ended early and discharges this month.
  Status EndCare(const Period& m) {
    for (DemoPackage& p : plan_.packages) {
      if (p.end_early && Period::Of(*p.end_early) == m) {
        auto r = fund_.EndPackage(p.spec.id, *p.end_early, "needs met another way", kOfficer);
        if (!r.ok()) return Fail(r.status(), p.spec.id);
        p.spec.end = *p.end_early;
        sum_.ended_early += 1;
      }
    }
    for (const DemoTransition& t : plan_.transitions) {
      if (Period::Of(t.discharge) != m) continue;
      for (DemoPackage& p : plan_.packages) {
        if (p.spec.id != t.inpatient || t.discharge >= p.spec.end) continue;
        auto r = fund_.EndPackage(p.spec.id, t.discharge, "discharged", kOfficer);
        if (!r.ok()) return Fail(r.status(), p.spec.id);
        p.spec.end = t.discharge;
      }
    }
    return Status();
  }

  // The month's payment runs: every package invoiced for its days in the month, every PHB paid
  // its share of the month.
  Status Payments(const Period& m) {
    const std::string tag = m.ToString();
    std::vector<Invoice> invoices, phb_payments;
    for (DemoPackage& p : plan_.packages) {
      const long days = DaysIn(m, p.spec.start, p.spec.end);
      if (days == 0) continue;
      // The last invoice is for what the package still has committed: the whole cost, less what
      // the months before were paid.
      const bool last = Period::Of(p.spec.end) == m;
      const Money cost = last ? PackageCost(p.spec.rate, p.spec.units_per_week,
                                            internal::DaysInclusive(p.spec.start, p.spec.end)) -
                                    p.paid
                              : PackageCost(p.spec.rate, p.spec.units_per_week, days);
      if (cost.sign() <= 0) continue;
      invoices.emplace_back(p.spec.id, cost, m.LastDay(), "INV-" + tag, last);
      p.paid += cost;
    }
    for (DemoPhb& p : plan_.phbs) {
      const long days = DaysIn(m, p.spec.start, p.spec.end);
      if (days == 0) continue;
      const bool last = Period::Of(p.spec.end) == m;  // the last payment is what remains agreed
      const Money amount =
          last ? p.spec.agreed - p.paid
               : PackageCost(p.spec.agreed, Rational(7, internal::DaysInclusive(p.spec.start, p.spec.end)),
                             days);
      if (amount.sign() <= 0) continue;
      phb_payments.emplace_back(p.spec.id, amount, Date{m.year, m.month, 5}, "PAY-" + tag, last);
      p.paid += amount;
    }
    for (std::size_t from = 0; from < invoices.size(); from += kInvoicesPerRunMax) {
      std::vector<Invoice> run(
          invoices.begin() + static_cast<long>(from),
          invoices.begin() + static_cast<long>(std::min(invoices.size(), from + kInvoicesPerRunMax)));
      if (auto r = fund_.PayInvoices(run, kOfficer); !r.ok()) return Fail(r.status(), "payment run " + tag);
    }
    if (!phb_payments.empty()) {
      if (auto r = fund_.PayPhbs(phb_payments, kOfficer); !r.ok())
        return Fail(r.status(), "PHB payments " + tag);
    }
    sum_.invoices += static_cast<int>(invoices.size());
    sum_.phb_payments += static_cast<int>(phb_payments.size());
    return Status();
  }

  // A virement each month between package and other lines; large ones need the lead.
  Status Virement(const Period& m) {
    const std::string tag = m.ToString();
    auto budgets = fund_.RevisedBudgets();
    if (!budgets.ok()) return Fail(budgets.status(), "reading budgets");
    const std::string from = rng_.Pick(plan_.pkg_lines);
    const std::string to = rng_.Chance(50) ? rng_.Pick(plan_.crisis_lines) : rng_.Pick(plan_.trans_lines);
    const Money amount = std::min(Pounds(rng_.Between(10'000, 120'000)), budgets->at(from));
    if (amount.sign() <= 0) return Status();
    auto v = fund_.RequestVirement(from, to, amount, m.FirstDay(), "VIR-" + tag,
                                   "pressure on " + to + " in " + tag, kOfficer);
    if (!v.ok()) return Fail(v.status(), "virement");
    if (v->state == VirementState::kPending) {
      auto d = fund_.DecideVirement(v->id, true, kLead, "ICB", "approved at the monthly finance meeting");
      if (!d.ok()) return Fail(d.status(), "approving a virement");
    }
    sum_.virements += 1;
    return Status();
  }

  // At a quarter's end the holder of a direct payment or third-party budget reports its balance;
  // some surpluses are recovered, a few after reconsideration.
  Status QuarterEnd(const Period& m, DemoPhb& p) {
    if (p.spec.mode == PhbMode::kNotional || p.spec.start > m.LastDay()) return Status();
    const Rational weekly =
        Rational(p.spec.agreed.pence()) * 7 / internal::DaysInclusive(p.spec.start, p.spec.end);
    const Money want = PackageCost(Money::FromPence(Int128(numerator(weekly) / denominator(weekly))), 7,
                                   rng_.Between(1, 20));  // 1 to 20 weeks' worth
    const Money held = std::min(want, p.paid - p.recovered);
    auto rec = fund_.RecordHeldBalance(p.spec.id, held, m.LastDay(), kOfficer);
    if (!rec.ok()) return Fail(rec.status(), p.spec.id);
    if (rec->surplus.sign() <= 0 || !rng_.Chance(25)) return Status();
    auto d = fund_.DecideRecovery(p.spec.id, rec->surplus, RecoveryGround::kUnspentBuildUp,
                                  "REC-" + p.spec.id + "-" + m.ToString(),
                                  "more than 12 weeks of budget held at " + m.LastDay().ToString(), kOfficer);
    if (!d.ok()) return Fail(d.status(), "deciding a recovery");
    auto amount = rng_.Chance(30) ? Reconsider(d->id, d->amount) : StatusOr<Money>(d->amount);
    if (!amount.ok()) return amount.status();
    auto c = fund_.CollectRecovery(d->id, Day(std::min(Num(m.LastDay()) + 14, Num(kLast))), kOfficer);
    if (!c.ok()) return Fail(c.status(), "collecting a recovery");
    p.recovered += *amount;
    sum_.recoveries += 1;
    return Status();
  }

  // The holder asks for the recovery to be reconsidered; half may be kept. Returns what is recovered.
  StatusOr<Money> Reconsider(long long decision, const Money& decided) {
    if (auto r = fund_.RequestReconsideration(decision, "saving towards a planned short break", kOfficer);
        !r.ok())
      return Fail(r.status(), "reconsideration");
    Money half = Money::FromPence(Int128(decided.pence() / 2));
    const bool vary = half.sign() > 0;
    auto r = fund_.Reconsider(decision, vary ? ReconsiderOutcome::kVary : ReconsiderOutcome::kUphold, half,
                              kLead, "ICB", "half may be kept for the planned break");
    if (!r.ok()) return Fail(r.status(), "reconsidering");
    return r->amount;
  }

  Fund& fund_;
  Plan& plan_;
  Rng& rng_;
  DemoSummary& sum_;
};

}  // namespace

Status RunYear(Fund& fund, Plan& plan, Rng& rng, DemoSummary& sum,
               const std::function<void(const std::string&, int)>& progress) {
  Year year(fund, plan, rng, sum);
  int month_no = 0;
  for (Period m{kYear, 4}; m <= Period{kYear + 1, 3}; m = m.Next(), ++month_no) {
    progress("activity for " + m.ToString(), month_no + 1);
    POOLBOOK_RETURN_IF_ERROR(year.Month(m));
  }
  return Status();
}

}  // namespace poolbook::fund::demo
