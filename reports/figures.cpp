#include "reports/figures.h"

#include "ledger/limits.h"

namespace poolbook::reports::internal {

Scope Cumulative(const Scope& s) {
  Scope c = s;
  c.from = Period{limits::kYearMin, 1};
  return c;
}

Money Of(const std::vector<Total>& totals, const char* book, const std::string& prefix,
         const std::string& line, const std::string& partner, const std::string& person) {
  return Sum(totals, [&](const Total& t) {
    if (t.book != book) return false;
    if (t.account.compare(0, prefix.size(), prefix) != 0) return false;
    if (t.account.size() > prefix.size() && t.account[prefix.size()] != ':') return false;
    return (line.empty() || t.line == line) && (partner.empty() || t.partner == partner) &&
           (person.empty() || t.person == person);
  });
}

std::string Percent(const Money& part, const Money& whole) {
  if (whole.is_zero()) return "";
  Int128 num = part.pence() * 1000, den = whole.pence();  // tenths of a percent: num / den
  if (den < 0) {
    num = -num;
    den = -den;
  }
  Int128 tenths = num / den;  // truncated; then rounded half away from zero
  const Int128 rest = num % den;
  if (rest * 2 >= den) ++tenths;
  if (rest * 2 <= -den) --tenths;
  const bool negative = tenths < 0;
  if (negative) tenths = -tenths;
  const Int128 whole_part = tenths / 10, tenth = tenths % 10;
  return (negative ? "-" : "") + whole_part.str() + "." + tenth.str();
}

namespace {

// The totals in scope less the year-end closing entries in it (those of each financial year the
// scope touches; a year's closing entries are dated its last day).
StatusOr<std::vector<Total>> WithoutClosing(store::Database& db, const Scope& scope) {
  auto all = ReadTotals(db, scope);
  if (!all.ok()) return all.status();
  for (int year = scope.from.FinancialYearStart(); year <= scope.to.FinancialYearStart(); ++year) {
    auto closing = ReadTotalsOfKeys(db, scope, ClosingKeyPrefix(year));
    if (!closing.ok()) return closing.status();
    for (Total& c : *closing) {
      c.amount = -c.amount;
      all->push_back(std::move(c));
    }
  }
  return all;
}

}  // namespace

std::string ClosingKeyPrefix(int year) { return "fund:" + std::to_string(year) + ":close:"; }

StatusOr<Figures> Read(fund::Fund& fund, const Scope& scope) {
  Figures f;
  auto flows = WithoutClosing(fund.journal().db(), scope);
  if (!flows.ok()) return flows.status();
  auto positions = ReadTotals(fund.journal().db(), Cumulative(scope));
  if (!positions.ok()) return positions.status();
  Scope year = scope;
  year.from = Period{scope.to.FinancialYearStart(), 4};
  auto ytd = WithoutClosing(fund.journal().db(), year);
  if (!ytd.ok()) return ytd.status();
  f.flows = std::move(*flows);
  f.year_to_date = std::move(*ytd);
  f.positions = std::move(*positions);
  return f;
}

Report Start(const char* name, const char* title, const ReportRequest& req) {
  Report r;
  r.name = name;
  r.title = title;
  r.scope = req.scope;
  return r;
}

std::string OneDecimal(const Rational& r) {
  using boost::multiprecision::cpp_int;
  cpp_int num = boost::multiprecision::numerator(r) * 10, den = boost::multiprecision::denominator(r);
  const bool negative = num < 0;
  if (negative) num = -num;
  cpp_int tenths = num / den;
  if ((num % den) * 2 >= den) ++tenths;
  return (negative && tenths != 0 ? "-" : "") + cpp_int(tenths / 10).str() + "." + cpp_int(tenths % 10).str();
}

std::vector<std::string> Partners(const fund::Agreement& a) {
  std::vector<std::string> out;
  for (const auto& p : a.partners) out.push_back(p.code);
  return out;
}

}  // namespace poolbook::reports::internal
