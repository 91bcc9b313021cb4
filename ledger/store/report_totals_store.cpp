#include "ledger/store/report_totals_store.h"

#include <soci/soci.h>

namespace poolbook::store {

std::unique_ptr<TotalsReader> TotalsReaderFor(Database& db) {
  switch (db.dialect().backend) {
    case Backend::kSqlite:
      return NewSqliteTotalsReader(db);
  }
  return NewSqliteTotalsReader(db);
}

StatusOr<std::vector<std::string>> PeopleWithTotals(Database& db, const std::string& from,
                                                    const std::string& to, const std::string& after,
                                                    int limit) {
  std::vector<std::string> out;
  try {
    soci::rowset<std::string> rows =
        (db.sql().prepare << "SELECT DISTINCT person FROM person_totals WHERE person > :after"
                             " AND period >= :f AND period <= :t ORDER BY person LIMIT :n",
         soci::use(after), soci::use(from), soci::use(to), soci::use(limit));
    for (const std::string& p : rows) out.push_back(p);
  } catch (const std::exception& e) {
    return FromDatabaseError(e, "listing the people in a report");
  }
  return out;
}

}  // namespace poolbook::store
