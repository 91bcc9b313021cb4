#include "ledger/store/fund_setup_store.h"

#include <soci/soci.h>

#include "ledger/store/fund_agreement_store.h"

namespace poolbook::store {

StatusOr<long long> CountAgreementYears(Database& db) {
  long long n = 0;
  try {
    db.sql() << "SELECT COUNT(*) FROM fund_agreement", soci::into(n);
  } catch (const std::exception& e) {
    return FromDatabaseError(e, "reading the fund's agreement");
  }
  return n;
}

StatusOr<long long> CountSettledYears(Database& db) {
  long long n = 0;
  try {
    n = CountSettlements(db);
  } catch (const std::exception& e) {
    return FromDatabaseError(e, "reading the fund's settlements");
  }
  return n;
}

}  // namespace poolbook::store
