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

const std::vector<ReportInfo>& Catalogue() {
  static const std::vector<ReportInfo> kReports = {
      {"transparency", "Allocation transparency", false, Transparency},
      {"budget-monitoring", "Budget monitoring", false, BudgetMonitoring},
      {"contributions", "Contributions statement", false, Contributions},
      {"virements", "Virement register", false, VirementRegister},
      {"trial-balance", "Trial balance", false, TrialBalanceReport},
      {"risk-share", "Risk-share statement", false, RiskShareReport},
      {"spend-per-person", "Spend per person", true, SpendPerPerson},
      {"person", "Spend for one person", true, Person},
      {"dual-running", "Dual-running", true, DualRunning},
      {"phb-register", "PHB register", true, PhbRegister},
  };
  return kReports;
}

const ReportInfo* FindReport(std::string_view name) {
  for (const ReportInfo& r : Catalogue())
    if (name == r.name) return &r;
  return nullptr;
}

}  // namespace poolbook::reports
