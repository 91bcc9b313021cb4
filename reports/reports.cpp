#include "reports/reports.h"

namespace poolbook::reports {

StatusOr<ReportRequest> MakeRequest(const fund::Agreement& agreement, const std::string& from,
                                    const std::string& to, const std::string& as_at,
                                    const std::string& person, const std::string& cursor,
                                    const std::string& limit) {
  auto scope = ParseScope(from, to, as_at, agreement.year);
  if (!scope.ok()) return scope.status();
  ReportRequest r;
  r.scope = *scope;
  r.person = person;
  r.cursor = cursor;
  if (!limit.empty()) {
    const bool digits = limit.size() <= 4 && limit.find_first_not_of("0123456789") == std::string::npos;
    const int n = digits ? std::stoi(limit) : 0;
    if (n < 1 || n > kPeoplePerPageMax) {
      return InvalidArgument(
          "limit must be a whole number of people from 1 to " + std::to_string(kPeoplePerPageMax), "limit");
    }
    r.limit = n;
  }
  return r;
}

namespace {

// Every report reads the ledger in several steps (totals, closing entries, the fund's records);
// run inside one read transaction, they all see the same moment of the ledger.
template <StatusOr<Report> (*Build)(fund::Fund&, const ReportRequest&)>
StatusOr<Report> OneSnapshot(fund::Fund& fund, const ReportRequest& request) {
  try {
    store::ReadTransaction snapshot(fund.journal().db());
    return Build(fund, request);
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading the ledger for a report");
  }
}

}  // namespace

const std::vector<ReportInfo>& Catalogue() {
  static const std::vector<ReportInfo> kReports = {
      {"transparency", "Allocation transparency", false, OneSnapshot<Transparency>},
      {"budget-monitoring", "Budget monitoring", false, OneSnapshot<BudgetMonitoring>},
      {"contributions", "Contributions statement", false, OneSnapshot<Contributions>},
      {"virements", "Virement register", false, OneSnapshot<VirementRegister>},
      {"trial-balance", "Trial balance", false, OneSnapshot<TrialBalanceReport>},
      {"risk-share", "Risk-share statement", false, OneSnapshot<RiskShareReport>},
      {"spend-per-person", "Spend per person", true, OneSnapshot<SpendPerPerson>},
      {"person", "Spend for one person", true, OneSnapshot<Person>},
      {"dual-running", "Dual-running", true, OneSnapshot<DualRunning>},
      {"phb-register", "PHB register", true, OneSnapshot<PhbRegister>},
  };
  return kReports;
}

const ReportInfo* FindReport(std::string_view name) {
  for (const ReportInfo& r : Catalogue())
    if (name == r.name) return &r;
  return nullptr;
}

}  // namespace poolbook::reports
