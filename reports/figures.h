// Helpers the report builders share: the sums they take from the totals, and how they write
// percentages. Internal to reports/.
#pragma once

#include <string>
#include <vector>

#include "ledger/fund/fund.h"
#include "reports/reports.h"
#include "reports/totals.h"

namespace poolbook::reports::internal {

// The scope from the first period there is, to the same end: for positions (balances) rather
// than flows.
Scope Cumulative(const Scope& s);

// Totals of one book whose account starts with `prefix` (a whole segment: "spend" matches
// "spend:package:X"), optionally for one line, partner and person (empty: any).
Money Of(const std::vector<Total>& totals, const char* book, const std::string& prefix,
         const std::string& line = "", const std::string& partner = "", const std::string& person = "");

// part / whole as a percentage with one decimal, rounded half away from zero ("12.5"); empty when
// whole is zero.
std::string Percent(const Money& part, const Money& whole);

// A rational number with one decimal, rounded half away from zero ("12.5").
std::string OneDecimal(const Rational& r);

// Partner codes in agreement order.
std::vector<std::string> Partners(const fund::Agreement& a);

inline Column Text(const char* key, const char* heading) { return {key, heading, Kind::kText}; }
inline Column Amount(const char* key, const char* heading) { return {key, heading, Kind::kMoney}; }
inline Column Pct(const char* key, const char* heading) { return {key, heading, Kind::kPercent}; }
inline std::string S(const Money& m) { return m.ToString(); }

// Flows over the scope, the same flows for the financial year to the scope's end (what budgets
// are measured against, whatever the scope's first period), and positions (cumulative) at its end.
// Flows and the year to date leave out the year-end closing entries (which move each partner's
// income and spend into fund:reserves, with no line): a closed year still shows what was spent.
// Budgets come from the year to date (the budget book is closed each year); commitments and
// what is owed carry on, so they come from the positions.
struct Figures {
  std::vector<Total> flows, year_to_date, positions;
};
// The keys of a year's closing entries start "fund:<year>:close:" (ledger/fund/next_year.cpp).
std::string ClosingKeyPrefix(int year);
StatusOr<Figures> Read(fund::Fund& fund, const Scope& scope);

// What Figures are cut from: every total up to the scope's last period, as at its moment (one
// read), and the closing entries among them of the scope's financial years and the year before.
// A report that needs figures for two scopes ending at or before the same period (budget
// monitoring: this period and the one before) reads once and slices twice.
struct Basis {
  std::vector<Total> cumulative, closing;
};
StatusOr<Basis> ReadBasis(fund::Fund& fund, const Scope& scope);
// The figures of `scope` (ending at or before the basis's last period, with the same as_at).
Figures Slice(const Basis& basis, const Scope& scope);

// An empty report with its name, title and scope.
Report Start(const char* name, const char* title, const ReportRequest& req);

}  // namespace poolbook::reports::internal
