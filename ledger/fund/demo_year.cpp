// A month of the demo fund's activity: contributions, care agreed and commissioned, care ended,
// fee uplifts, the payment runs, virements, and at each quarter's end the balances held on
// personal health budgets and the surpluses recovered. In the run's last month the month-end work
// is left in hand: package invoices unpaid, the last instalment not received, virements and
// crisis commitments awaiting the lead budget holder.
#include "ledger/fund/demo_internal.h"
#include "ledger/fund/financial_years.h"

namespace poolbook::fund::demo {
namespace {

// Days of [start, end] inside the month `p`.
long DaysIn(const Period& p, const Date& start, const Date& end) {
  const long a = std::max(Num(start), Num(p.FirstDay())), b = std::min(Num(end), Num(p.LastDay()));
  return b >= a ? b - a + 1 : 0;
}

class Year {
 public:
  Year(Fund& fund, Plan& plan, Rng& rng, DemoSummary& sum, bool last)
      : fund_(fund), plan_(plan), rng_(rng), sum_(sum), last_(last) {}

  Status Month(const Period& m) {
    POOLBOOK_RETURN_IF_ERROR(Contributions(m));
    POOLBOOK_RETURN_IF_ERROR(StartCare(m));
    POOLBOOK_RETURN_IF_ERROR(EndCare(m));
    POOLBOOK_RETURN_IF_ERROR(Uplift(m));
    POOLBOOK_RETURN_IF_ERROR(Payments(m));
    POOLBOOK_RETURN_IF_ERROR(Virement(m));
    if (m.month % 3 == 0) {
      for (DemoPhb& p : plan_.phbs) POOLBOOK_RETURN_IF_ERROR(QuarterEnd(m, p));
    }
    return Status();
  }

 private:
  // Contributions due this month are raised, and paid a week later (not yet, in the last month).
  Status Contributions(const Period& m) {
    for (const Contribution& c : fund_.agreement().contributions) {
      for (std::size_t i = 0; i < c.instalments.size(); ++i) {
        const Instalment& in = c.instalments[i];
        if (Period::Of(in.due) != m) continue;
        if (auto r = fund_.RaiseInstalment(c.partner, i, kOfficer); !r.ok())
          return Fail(r.status(), "raising");
        if (last_) continue;
        auto paid = fund_.ReceiveContribution(c.partner, in.amount, Day(Num(in.due) + 7),
                                              "REM-" + c.partner + "-" + std::to_string(i + 1), kOfficer);
        if (!paid.ok()) return Fail(paid.status(), "receiving a contribution");
      }
    }
    return Status();
  }

  // Budgets agreed and care commissioned as it starts; crisis support approved (not yet, in the
  // last month).
  Status StartCare(const Period& m) {
    for (DemoPhb& p : plan_.phbs) {
      if (Period::Of(p.spec.start) != m) continue;
      if (auto r = fund_.AgreePhb(p.spec, p.spec.start, kOfficer); !r.ok())
        return Fail(r.status(), p.spec.id);
      sum_.phbs += 1;
    }
    for (DemoPackage& p : plan_.packages) {
      if (Period::Of(p.commission_on) != m) continue;
      if (auto r = fund_.Commission(p.spec, p.commission_on, kOfficer); !r.ok())
        return Fail(r.status(), p.spec.id);
      const bool crisis = p.spec.id.rfind("CR-", 0) == 0;
      (crisis ? sum_.crises : sum_.packages) += 1;
      if (crisis && !last_) {
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
      sum_.transitions += 1;
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

  // A provider's fee uplift from 1 July 2026: a few packages running then are amended.
  Status Uplift(const Period& m) {
    if (m != Period{kYear + 1, 7}) return Status();
    const Date from = m.FirstDay();
    for (DemoPackage& p : plan_.packages) {
      if (p.spec.id.rfind("PK-", 0) != 0 || from < p.spec.start || p.spec.end < from || !rng_.Chance(4))
        continue;
      const Money rate = Money::FromPence(p.spec.rate.pence() * 105 / 100);
      auto r = fund_.AmendPackage(p.spec.id, from, rate, p.spec.units_per_week,
                                  "the provider's fee uplift for 2026-27", kOfficer);
      if (!r.ok()) return Fail(r.status(), p.spec.id);
      p.amendments.push_back({from, rate, p.spec.units_per_week, Money(), ""});
      sum_.amended += 1;
    }
    return Status();
  }

  // The month's payment runs: every package invoiced at the month's end (not yet, in the last
  // month) and every PHB paid on the 5th, each for its cost through the month less what it was
  // paid before, so the payments add up to the cost exactly; a record's last payment is final.
  Status Payments(const Period& m) {
    const std::string tag = m.ToString();
    std::vector<Invoice> invoices, phb_payments;
    for (DemoPackage& p : plan_.packages) {
      if (last_ || DaysIn(m, p.spec.start, p.spec.end) == 0) continue;
      const Money cost =
          PackageCostBetween(p.spec, p.amendments, p.spec.start, std::min(p.spec.end, m.LastDay())) - p.paid;
      if (cost.sign() <= 0) continue;
      invoices.emplace_back(p.spec.id, cost, m.LastDay(), "INV-" + tag, Period::Of(p.spec.end) == m);
      p.paid += cost;
    }
    for (DemoPhb& p : plan_.phbs) {
      if (DaysIn(m, p.spec.start, p.spec.end) == 0) continue;
      const Money amount = internal::PhbCostThrough(p.spec, std::min(p.spec.end, m.LastDay())) - p.paid;
      if (amount.sign() <= 0) continue;
      phb_payments.emplace_back(p.spec.id, amount, Date{m.year, m.month, 5}, "PAY-" + tag,
                                Period::Of(p.spec.end) == m);
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

  // A virement each month between package and other lines; large ones need the lead budget
  // holder, who decides them at the monthly finance meeting. In the last month two large ones wait.
  Status Virement(const Period& m) {
    auto budgets = fund_.RevisedBudgets();
    if (!budgets.ok()) return Fail(budgets.status(), "reading budgets");
    for (int i = 0; i < (last_ ? 2 : 1); ++i) {
      const std::string tag = m.ToString() + (i == 0 ? "" : "-" + std::to_string(i + 1));
      const std::string from = rng_.Pick(plan_.pkg_lines);
      const std::string to = rng_.Chance(50) ? rng_.Pick(plan_.crisis_lines) : rng_.Pick(plan_.trans_lines);
      const Money amount =
          std::min(Pounds(rng_.Between(last_ ? 60'000 : 10'000, 120'000)), budgets->at(from));
      if (amount.sign() <= 0) continue;
      auto v = fund_.RequestVirement(from, to, amount, m.FirstDay(), "VIR-" + tag,
                                     "pressure on " + to + " in " + m.ToString(), kOfficer);
      if (!v.ok()) return Fail(v.status(), "virement");
      if (v->state == VirementState::kPending && !last_) {
        auto d = fund_.DecideVirement(v->id, true, kLead, "ICB", "approved at the monthly finance meeting");
        if (!d.ok()) return Fail(d.status(), "approving a virement");
      }
      sum_.virements += 1;
    }
    return Status();
  }

  // At a quarter's end the holder of a direct payment or third-party budget reports its balance;
  // some surpluses are recovered, a few after reconsideration.
  Status QuarterEnd(const Period& m, DemoPhb& p) {
    if (p.spec.mode == PhbMode::kNotional || p.spec.start > m.LastDay() || p.spec.end < m.LastDay())
      return Status();
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
    const Date year_end = internal::YearEnd(m.FinancialYearStart());
    auto c = fund_.CollectRecovery(d->id, Day(std::min(Num(m.LastDay()) + 14, Num(year_end))), kOfficer);
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
  const bool last_;
};

}  // namespace

Status RunMonth(Fund& fund, Plan& plan, Rng& rng, DemoSummary& sum, const Period& month, bool last) {
  return Year(fund, plan, rng, sum, last).Month(month);
}

}  // namespace poolbook::fund::demo
