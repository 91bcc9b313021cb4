// Forecast outturn per budget line: what has been spent, what has been delivered but not yet paid
// (accruals), and what is committed for care still to come; the variance against the revised
// budget. Accruals are worked out from each package's and PHB's terms: the cost of the days up to
// the as-at day, less what has been paid, no more than is still committed.
#include <set>

#include "ledger/fund/chart.h"
#include "ledger/fund/fund.h"
#include "ledger/fund/fund_internal.h"
#include "ledger/store/database.h"

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

// What each package (or PHB) still has committed, summed over the agreement's partners (as
// Package::remaining is): record id -> remaining. From the kept commitments (migration 6).
std::map<std::string, Money> RemainingOf(store::Database& db, const Agreement& agreement, const char* table,
                                         const char* id_column) {
  std::set<std::string> partners;
  for (const AgreementPartner& p : agreement.partners) partners.insert(p.code);
  std::map<std::string, Money> out;
  soci::rowset<soci::row> rows =
      (db.sql().prepare << std::string("SELECT ") + id_column + ", partner, amount FROM " + table);
  for (const soci::row& r : rows)
    if (partners.count(r.get<std::string>(1)))
      out[r.get<std::string>(0)] += Money::FromPence(static_cast<std::int64_t>(r.get<long long>(2)));
  return out;
}

}  // namespace

// Reads only what accruals need (terms, paid, remaining) rather than loading every record whole:
// the same figures as from Packages() and Phbs() (a test compares them), several times faster.
StatusOr<std::vector<LineForecast>> Fund::Forecast(const Date& as_of) {
  std::map<std::string, Money> accruals;
  store::Database& db = journal_.db();
  try {
    store::ReadTransaction snapshot(db);
    const auto remaining = RemainingOf(db, agreement_, "fund_package_committed", "package_id");
    soci::rowset<soci::row> packages =
        (db.sql().prepare << "SELECT k.id, k.line, k.rate, k.units_per_week, k.start_date, k.end_date,"
                             " (SELECT CAST(COALESCE(SUM(amount), 0) AS TEXT) FROM fund_package_events"
                             " WHERE package_id = k.id AND kind = 'paid') FROM fund_packages k");
    for (const soci::row& r : packages) {
      const std::string id = r.get<std::string>(0), line = r.get<std::string>(1);
      if (!agreement_.FindLine(line)) {
        return FailedPrecondition("package " + internal::Q(id) + " is on line " + line +
                                  ", which this year's agreement does not have; load the fund again");
      }
      auto it = remaining.find(id);
      const Money left = it == remaining.end() ? Money() : it->second;
      const Date start = *Date::Parse(r.get<std::string>(4)), end = *Date::Parse(r.get<std::string>(5));
      if (as_of < start || left.sign() <= 0) continue;
      auto units = internal::RationalFromText(r.get<std::string>(3));
      if (!units.ok()) return units.status();
      const Money rate = Money::FromPence(static_cast<std::int64_t>(r.get<long long>(2)));
      const Money paid = Money::FromPence(static_cast<std::int64_t>(std::stoll(r.get<std::string>(6))));
      const Money to_date = PackageCost(rate, *units, internal::DaysInclusive(start, std::min(as_of, end)));
      accruals[line] += Accrued(to_date, paid, left);
    }
    const auto phb_remaining = RemainingOf(db, agreement_, "fund_phb_committed", "phb_id");
    soci::rowset<soci::row> phbs =
        (db.sql().prepare << "SELECT b.id, b.line, b.agreed, b.start_date, b.end_date,"
                             " (SELECT CAST(COALESCE(SUM(amount), 0) AS TEXT) FROM fund_phb_events"
                             " WHERE phb_id = b.id AND kind = 'paid') FROM fund_phbs b");
    for (const soci::row& r : phbs) {
      const std::string id = r.get<std::string>(0), line = r.get<std::string>(1);
      if (!agreement_.FindLine(line)) {
        return FailedPrecondition("personal health budget " + internal::Q(id) + " is on line " + line +
                                  ", which this year's agreement does not have; load the fund again");
      }
      auto it = phb_remaining.find(id);
      const Money left = it == phb_remaining.end() ? Money() : it->second;
      const Date start = *Date::Parse(r.get<std::string>(3)), end = *Date::Parse(r.get<std::string>(4));
      if (as_of < start || left.sign() <= 0) continue;
      const Money agreed = Money::FromPence(static_cast<std::int64_t>(r.get<long long>(2)));
      const Money paid = Money::FromPence(static_cast<std::int64_t>(std::stoll(r.get<std::string>(5))));
      // The budget falls due evenly over the days of the plan.
      const Money to_date = PackageCost(agreed, Rational(7, internal::DaysInclusive(start, end)),
                                        internal::DaysInclusive(start, std::min(as_of, end)));
      accruals[line] += Accrued(to_date, paid, left);
    }
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "working out the accruals");
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
