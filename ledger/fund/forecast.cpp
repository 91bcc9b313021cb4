// Forecast outturn per budget line: what has been spent, what has been delivered but not yet paid
// (accruals), and what is committed for care still to come; the variance against the revised
// budget. Accruals are worked out from each package's and PHB's terms: the cost of the days up to
// the as-at day, less what has been paid, no more than is still committed.
#include "ledger/fund/chart.h"
#include "ledger/fund/fund.h"
#include "ledger/fund/fund_internal.h"

namespace poolbook::fund {

namespace {

// "-2.5": value / base x 100 to one decimal, halves away from zero.
std::string PercentOneDecimal(const Money& value, const Money& base) {
  if (base.is_zero()) return "";
  using boost::multiprecision::cpp_int;
  const Rational exact = Rational(value.pence()) * 1000 / Rational(base.pence());  // tenths of a percent
  const cpp_int n = numerator(exact), d = denominator(exact);
  const cpp_int tenths_abs = (2 * boost::multiprecision::abs(n) + d) / (2 * d);
  const cpp_int whole = tenths_abs / 10, tenth = tenths_abs % 10;
  return std::string(n < 0 && tenths_abs != 0 ? "-" : "") + whole.str() + "." + tenth.str();
}

// The part of a commitment already delivered by `as_of` and not yet paid.
Money Accrued(const Money& cost_to_date, const Money& paid, const Money& remaining) {
  Money a = cost_to_date - paid;
  if (a.sign() < 0) a = Money();
  return a > remaining ? remaining : a;
}

}  // namespace

StatusOr<std::vector<LineForecast>> Fund::Forecast(const Date& as_of) {
  std::map<std::string, Money> accruals;
  auto packages = Packages();
  if (!packages.ok()) return packages.status();
  for (const Package& p : *packages) {
    if (as_of < p.spec.start || p.remaining.sign() <= 0) continue;
    const Date last = std::min(as_of, p.spec.end);
    const Money to_date =
        PackageCost(p.spec.rate, p.spec.units_per_week, internal::DaysInclusive(p.spec.start, last));
    accruals[p.spec.line] += Accrued(to_date, p.paid, p.remaining);
  }
  auto phbs = Phbs();
  if (!phbs.ok()) return phbs.status();
  for (const Phb& p : *phbs) {
    if (as_of < p.spec.start || p.remaining.sign() <= 0) continue;
    const Date last = std::min(as_of, p.spec.end);
    // The budget falls due evenly over the days of the plan.
    const Money to_date =
        PackageCost(p.spec.agreed, Rational(7, internal::DaysInclusive(p.spec.start, p.spec.end)),
                    internal::DaysInclusive(p.spec.start, last));
    accruals[p.spec.line] += Accrued(to_date, p.paid, p.remaining);
  }

  std::vector<LineForecast> out;
  for (const Line& line : agreement_.lines) {
    LineForecast f;
    f.line = line.code;
    f.category = line.category;
    f.original = line.budget;
    auto revised = journal_.Balance(Book::kBudget, chart::BudgetAccount(line), "");
    auto actual = journal_.Balance(Book::kActual, chart::SpendAccount(line), "");
    auto committed = journal_.Balance(Book::kCommitment, chart::CommittedAccount(line), "");
    for (const auto* s : {&revised, &actual, &committed}) {
      if (!s->ok()) return s->status();
    }
    f.revised = *revised;
    f.virements = f.revised - f.original;
    f.actual = *actual;
    f.accruals = accruals[line.code];
    f.commitments = *committed - f.accruals;
    f.forecast = f.actual + f.accruals + f.commitments;
    f.variance = f.revised - f.forecast;
    f.variance_percent = PercentOneDecimal(f.variance, f.revised);
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace poolbook::fund
