// Forecast outturn per budget line: what has been spent, what has been delivered but not yet paid
// (accruals), and what is committed for care still to come; the variance against the revised
// budget; the cost of later years (after the financial year of the day asked), beside it. Accruals
// are worked out from each package's and PHB's terms:
// the cost of the days up to the as-at day, less what has been paid, no more than is still committed.
#include <set>

#include "ledger/fund/chart.h"
#include "ledger/fund/financial_years.h"
#include "ledger/fund/fund.h"
#include "ledger/fund/fund_internal.h"
#include "ledger/store/database.h"
#include "ledger/store/fund_events_store.h"
#include "ledger/store/fund_packages_store.h"
#include "ledger/store/fund_phbs_store.h"

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
// Package::remaining is): record id -> remaining. From the kept commitments (migration 6); as at
// a past moment, from the postings of the events recorded by then.
std::map<std::string, Money> RemainingOf(store::Database& db, const Agreement& agreement,
                                         store::RecordKind kind, const store::AsAt& as_at) {
  std::set<std::string> partners;
  for (const AgreementPartner& p : agreement.partners) partners.insert(p.code);
  std::map<std::string, Money> out;
  const std::vector<store::CommittedRow> rows =
      as_at ? store::CommittedOfAllAsAt(db, kind, *as_at, std::string(chart::kCommitted) + ":")
            : store::CommittedOfAll(db, kind);
  for (const store::CommittedRow& r : rows)
    if (partners.count(r.partner)) out[r.record_id] += r.amount;
  return out;
}

// Every package's amendments (recorded by `as_at`): package id -> its changes, in order. Throws on
// a database error.
StatusOr<std::map<std::string, std::vector<TermChange>>> AmendmentsOf(store::Database& db,
                                                                      const store::AsAt& as_at) {
  std::map<std::string, std::vector<TermChange>> amended;
  for (const store::AmendmentRow& a : store::AllPackageAmendments(db, as_at)) {
    auto units = internal::RationalFromText(a.units_per_week);
    if (!units.ok()) return units.status();
    amended[a.package_id].push_back({a.from, a.rate, *units, a.change, a.reason});
  }
  return amended;
}

// Every package's (or only `person`'s) terms as at `as_at`, read only as far as costs need.
// Throws on a database error.
std::vector<store::PackageTermsRow> PackageTermsOf(store::Database& db, const store::AsAt& as_at,
                                                   const std::string& person = "") {
  return as_at ? store::AllPackageTermsAsAt(db, *as_at, chart::kSpendPrefix, person)
               : store::AllPackageTerms(db, person);
}
std::vector<store::PhbTermsRow> PhbTermsOf(store::Database& db, const store::AsAt& as_at,
                                           const std::string& person = "") {
  return as_at ? store::AllPhbTermsAsAt(db, *as_at, chart::kSpendPrefix, person)
               : store::AllPhbTerms(db, person);
}

// A package's terms from its row and its amendments, for its costs.
StatusOr<Package> TermsOf(const store::PackageTermsRow& r,
                          const std::map<std::string, std::vector<TermChange>>& amended) {
  auto units = internal::RationalFromText(r.units_per_week);
  if (!units.ok()) return units.status();
  Package terms;
  terms.spec.rate = r.rate;
  terms.spec.units_per_week = *units;
  terms.spec.start = r.start;
  terms.spec.end = r.end.value_or(kNoEnd);
  auto changes = amended.find(r.id);
  if (changes != amended.end()) terms.amendments = changes->second;
  return terms;
}

// Adds each package's accruals to its line's, and its cost after the year end to the line's
// future-year commitments. Throws on a database error.
Status AddPackageAccruals(store::Database& db, const Agreement& agreement, const Date& as_of,
                          const store::AsAt& as_at, std::map<std::string, Money>& accruals,
                          std::map<std::string, Money>& future) {
  const auto remaining = RemainingOf(db, agreement, store::RecordKind::kPackage, as_at);
  auto amended = AmendmentsOf(db, as_at);
  if (!amended.ok()) return amended.status();
  const Date year_end = internal::YearEnd(Period::Of(as_of).FinancialYearStart());
  for (const store::PackageTermsRow& r : PackageTermsOf(db, as_at)) {
    if (!agreement.FindLine(r.line)) {
      return FailedPrecondition("package " + internal::Q(r.id) + " is on line " + r.line +
                                ", which this year's agreement does not have; load the fund again");
    }
    auto terms = TermsOf(r, *amended);
    if (!terms.ok()) return terms.status();
    if (r.end && *r.end > year_end) {
      future[r.line] +=
          internal::PackageCostThrough(*terms, *r.end) - internal::PackageCostThrough(*terms, year_end);
    }
    auto it = remaining.find(r.id);
    const Money left = it == remaining.end() ? Money() : it->second;
    if (as_of < r.start || left.sign() <= 0) continue;
    const Money to_date = PackageCostBetween(terms->spec, terms->amendments, r.start, as_of);
    accruals[r.line] += Accrued(to_date, r.paid, left);
  }
  return Status();
}

// Adds each PHB's accruals to its line's, and its part after the year end to the line's
// future-year commitments. Throws on a database error.
Status AddPhbAccruals(store::Database& db, const Agreement& agreement, const Date& as_of,
                      const store::AsAt& as_at, std::map<std::string, Money>& accruals,
                      std::map<std::string, Money>& future) {
  const auto remaining = RemainingOf(db, agreement, store::RecordKind::kPhb, as_at);
  for (const store::PhbTermsRow& r : PhbTermsOf(db, as_at)) {
    if (!agreement.FindLine(r.line)) {
      return FailedPrecondition("personal health budget " + internal::Q(r.id) + " is on line " + r.line +
                                ", which this year's agreement does not have; load the fund again");
    }
    PhbSpec terms;
    terms.agreed = r.agreed;
    terms.start = r.start;
    terms.end = r.end;
    future[r.line] +=
        r.agreed - internal::PhbCostThrough(terms, internal::YearEnd(Period::Of(as_of).FinancialYearStart()));
    auto it = remaining.find(r.id);
    const Money left = it == remaining.end() ? Money() : it->second;
    if (as_of < r.start || left.sign() <= 0) continue;
    // The budget falls due evenly over the days of the plan.
    const Money to_date = PackageCost(r.agreed, Rational(7, internal::DaysInclusive(r.start, r.end)),
                                      internal::DaysInclusive(r.start, std::min(as_of, r.end)));
    accruals[r.line] += Accrued(to_date, r.paid, left);
  }
  return Status();
}

}  // namespace

// Reads only what accruals need (terms, paid, remaining) rather than loading every record whole:
// the same figures as from Packages() and Phbs() (a test compares them), several times faster.
StatusOr<std::vector<LineForecast>> Fund::Forecast(const Date& as_of,
                                                   const std::optional<std::string>& as_at) {
  std::map<std::string, Money> accruals, future;
  store::Database& db = journal_.db();
  try {
    store::ReadTransaction snapshot(db);
    POOLBOOK_RETURN_IF_ERROR(AddPackageAccruals(db, agreement_, as_of, as_at, accruals, future));
    POOLBOOK_RETURN_IF_ERROR(AddPhbAccruals(db, agreement_, as_of, as_at, accruals, future));
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
    f.future_years = future[line.code];
    out.push_back(std::move(f));
  }
  return out;
}

// Reads only the terms costs need (as the forecast does), not every record whole.
StatusOr<std::vector<LaterYearCost>> Fund::LaterYears(const Date& as_of,
                                                      const std::optional<std::string>& as_at,
                                                      const std::string& person) {
  const Date year_end = internal::YearEnd(Period::Of(as_of).FinancialYearStart());
  std::vector<LaterYearCost> out;
  auto add = [&](const std::string& person, const std::string& line, const std::string& split_text,
                 const Money& amount) -> Status {
    if (amount.sign() <= 0) return Status();
    auto split = internal::SplitFromText(split_text);
    if (!split.ok()) return split.status();
    auto parts = Attribute(amount, Weights(*split));
    if (!parts.ok()) return parts.status();
    for (const auto& [partner, part] : *parts) out.push_back({person, line, partner, part});
    return Status();
  };
  store::Database& db = journal_.db();
  try {
    store::ReadTransaction snapshot(db);
    auto amended = AmendmentsOf(db, as_at);
    if (!amended.ok()) return amended.status();
    for (const store::PackageTermsRow& r : PackageTermsOf(db, as_at, person)) {
      if (!r.end || *r.end <= year_end) continue;  // open-ended: committed a year at a time
      auto terms = TermsOf(r, *amended);
      if (!terms.ok()) return terms.status();
      POOLBOOK_RETURN_IF_ERROR(
          add(r.person, r.line, r.split,
              internal::PackageCostThrough(*terms, *r.end) - internal::PackageCostThrough(*terms, year_end)));
    }
    for (const store::PhbTermsRow& r : PhbTermsOf(db, as_at, person)) {
      if (r.end <= year_end) continue;
      PhbSpec terms;
      terms.agreed = r.agreed;
      terms.start = r.start;
      terms.end = r.end;
      POOLBOOK_RETURN_IF_ERROR(
          add(r.person, r.line, r.split, r.agreed - internal::PhbCostThrough(terms, year_end)));
    }
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "working out what is committed to later years");
  }
  return out;
}

}  // namespace poolbook::fund
