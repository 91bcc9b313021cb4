#include "reports/figures.h"

#include <algorithm>

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

std::string ClosingKeyPrefix(int year) { return "fund:" + std::to_string(year) + ":close:"; }

StatusOr<Basis> ReadBasis(fund::Fund& fund, const Scope& scope) {
  Basis b;
  const Scope cumulative = Cumulative(scope);
  auto all = ReadTotals(fund.journal().db(), cumulative);
  if (!all.ok()) return all.status();
  b.cumulative = std::move(*all);
  // Each financial year whose closing entries a slice may need: those of the scope, and the year
  // before its last period (the year to date of the period before).
  const int last_year = scope.to.FinancialYearStart();
  for (int year = std::min(scope.from.FinancialYearStart(), last_year - 1); year <= last_year; ++year) {
    auto closing = ReadTotalsOfKeys(fund.journal().db(), cumulative, ClosingKeyPrefix(year));
    if (!closing.ok()) return closing.status();
    for (Total& c : *closing) b.closing.push_back(std::move(c));
  }
  return b;
}

namespace {

// The totals of periods from..to, less the closing entries among them.
std::vector<Total> FlowsOver(const Basis& b, const Period& from, const Period& to) {
  const std::string first = from.ToString(), last = to.ToString();
  std::vector<Total> out;
  for (const Total& t : b.cumulative)
    if (t.period >= first && t.period <= last) out.push_back(t);
  for (const Total& c : b.closing) {
    if (c.period < first || c.period > last) continue;
    out.push_back(c);
    out.back().amount = -c.amount;
  }
  return out;
}

}  // namespace

Figures Slice(const Basis& b, const Scope& scope) {
  Figures f;
  f.flows = FlowsOver(b, scope.from, scope.to);
  f.year_to_date = FlowsOver(b, Period{scope.to.FinancialYearStart(), 4}, scope.to);
  const std::string last = scope.to.ToString();
  for (const Total& t : b.cumulative)
    if (t.period <= last) f.positions.push_back(t);
  return f;
}

StatusOr<Figures> Read(fund::Fund& fund, const Scope& scope) {
  auto b = ReadBasis(fund, scope);
  if (!b.ok()) return b.status();
  return Slice(*b, scope);
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
