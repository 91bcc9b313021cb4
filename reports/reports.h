// The reports (docs/design.md §5), each built from a Scope into a Report (reports/table.h) that every route
// — the API, `poolbook report NAME`, the web pages — writes out in its own format.
//
// Where each report's rules live:
//   fund_reports.cpp    transparency, budget monitoring, contributions, virement register,
//                       trial balance, risk share
//   people_reports.cpp  spend per person, one person, dual-running, PHB register
//
// Figures come from the maintained totals (reports/totals.h). Flows (spend, contributions raised
// and received) are summed over the scope's periods; positions (budget, commitments, what is
// outstanding, the trial balance) are cumulative up to the end of its last period. Figures from
// the fund's records (accruals, PHB balances held, transitions, the risk share) are as the records
// stand now; each report's notes say which.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ledger/fund/fund.h"
#include "reports/table.h"

namespace poolbook::reports {

inline constexpr int kPeoplePerPageMax = 1000;  // spend per person: people on one page

struct ReportRequest {
  Scope scope;
  std::string person;  // the one-person report
  std::string cursor;  // spend per person: the pseudonym the page starts after
  int limit = 100;     // spend per person: people on the page, 1..kPeoplePerPageMax
};

struct ReportInfo {
  const char* name;  // "budget-monitoring"
  const char* title;
  bool personal;  // shows people's pseudonyms: every one shown is written to the access log
  StatusOr<Report> (*build)(fund::Fund& fund, const ReportRequest& request);
};

// The request every route makes from the texts it was given (each may be empty): the scope (see
// ParseScope; the default year is the fund's), the person, the cursor and the page size.
StatusOr<ReportRequest> MakeRequest(const fund::Agreement& agreement, const std::string& from,
                                    const std::string& to, const std::string& as_at,
                                    const std::string& person, const std::string& cursor,
                                    const std::string& limit);

const std::vector<ReportInfo>& Catalogue();
const ReportInfo* FindReport(std::string_view name);

StatusOr<Report> Transparency(fund::Fund& fund, const ReportRequest& request);
StatusOr<Report> BudgetMonitoring(fund::Fund& fund, const ReportRequest& request);
StatusOr<Report> Contributions(fund::Fund& fund, const ReportRequest& request);
StatusOr<Report> VirementRegister(fund::Fund& fund, const ReportRequest& request);
StatusOr<Report> TrialBalanceReport(fund::Fund& fund, const ReportRequest& request);
StatusOr<Report> RiskShareReport(fund::Fund& fund, const ReportRequest& request);
StatusOr<Report> SpendPerPerson(fund::Fund& fund, const ReportRequest& request);
StatusOr<Report> Person(fund::Fund& fund, const ReportRequest& request);
StatusOr<Report> DualRunning(fund::Fund& fund, const ReportRequest& request);
StatusOr<Report> PhbRegister(fund::Fund& fund, const ReportRequest& request);

}  // namespace poolbook::reports
