// Crisis support: care bought at once to avoid a hospital admission. A package on a crisis line is
// committed when it is commissioned, like any package, and stays flagged until the lead budget
// holder approves it; crises waiting longer than the agreement's crisis_approval_days are listed
// as overdue.
#include "ledger/fund/fund.h"
#include "ledger/fund/fund_internal.h"
#include "ledger/store/fund_packages_store.h"

namespace poolbook::fund {

using internal::Q;

StatusOr<Package> Fund::ApproveCrisis(const std::string& package_id, const std::string& approver,
                                      const std::string& approver_partner) {
  POOLBOOK_RETURN_IF_ERROR(CheckUser(approver));
  auto package = GetPackage(package_id);
  if (!package.ok()) return package.status();
  if (!package->crisis) {
    return FailedPrecondition("package " + package_id + " is not a crisis package; only crises need approval",
                              "package");
  }
  if (package->cancelled) {
    return FailedPrecondition("crisis package " + package_id + " was cancelled; there is nothing to approve",
                              "package");
  }
  if (!package->approved_by.empty()) {
    return FailedPrecondition("crisis package " + package_id + " was already approved by " +
                              package->approved_by + " at " + package->approved_at);
  }
  if (approver_partner != agreement_.lead_budget_holder) {
    return FailedPrecondition(
        "only the lead budget holder (" + agreement_.lead_budget_holder + ") can approve crisis support",
        "approver");
  }
  try {
    store::WriteTransaction tx(journal_.db());
    const std::string now = store::UtcTimestamp(journal_.Now());
    store::ApproveCrisisPackage(journal_.db(), package_id, approver, now);
    tx.Commit();
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "approving crisis package " + Q(package_id));
  }
  return GetPackage(package_id);
}

StatusOr<std::vector<CrisisFlag>> Fund::UnapprovedCrises(const Date& as_of, bool only_overdue) {
  std::vector<std::string> ids;
  try {
    ids = store::UnapprovedCrisisIds(journal_.db());
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "listing crises");
  }
  std::vector<CrisisFlag> out;
  for (const std::string& id : ids) {
    auto p = GetPackage(id);
    if (!p.ok()) return p.status();
    if (p->commissioned > as_of) continue;  // not yet commissioned as at that day
    CrisisFlag f;
    f.package_id = id;
    f.person = p->spec.person;
    f.line = p->spec.line;
    f.provider = p->spec.provider;
    f.commissioned = p->commissioned;
    f.days_waiting = as_of.DaysSinceEpoch() - p->commissioned.DaysSinceEpoch();
    f.overdue = f.days_waiting > agreement_.crisis_approval_days;
    f.committed = p->committed;
    if (only_overdue && !f.overdue) continue;
    out.push_back(std::move(f));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const CrisisFlag& a, const CrisisFlag& b) { return a.commissioned < b.commissioned; });
  return out;
}

}  // namespace poolbook::fund
