#include "reports/totals.h"

#include "ledger/store/report_totals_store.h"

namespace poolbook::reports {
namespace {

store::TotalsRange RangeOf(const Scope& s) { return {s.from.ToString(), s.to.ToString(), s.as_at}; }

StatusOr<std::vector<Total>> ToTotals(StatusOr<std::vector<store::TotalRow>> rows) {
  if (!rows.ok()) return rows.status();
  std::vector<Total> out;
  out.reserve(rows->size());
  for (store::TotalRow& r : *rows) {
    out.push_back({std::move(r.person), std::move(r.book), std::move(r.account), std::move(r.partner),
                   std::move(r.line), std::move(r.period), Money::FromPence(r.pence)});
  }
  return out;
}

}  // namespace

StatusOr<std::vector<Total>> ReadTotals(store::Database& db, const Scope& scope) {
  return ToTotals(store::TotalsReaderFor(db)->Fund(RangeOf(scope)));
}

StatusOr<std::vector<Total>> ReadPersonTotals(store::Database& db, const Scope& scope,
                                              const std::string& first, const std::string& last) {
  return ToTotals(store::TotalsReaderFor(db)->People(RangeOf(scope), first, last));
}

StatusOr<std::vector<Total>> ReadTotalsOfKeys(store::Database& db, const Scope& scope,
                                              const std::string& key_prefix) {
  return ToTotals(store::TotalsReaderFor(db)->OfKeys(RangeOf(scope), key_prefix));
}

StatusOr<std::vector<std::string>> PeopleInScope(store::Database& db, const Scope& scope,
                                                 const std::string& after, int limit) {
  return store::PeopleWithTotals(db, scope.from.ToString(), scope.to.ToString(), after, limit);
}

}  // namespace poolbook::reports
