// What the ledger holds of the pooled fund's set-up and year ends, as counts: whether a fund is
// there at all, and how many of its years are settled. Read by the demo before it writes.
#pragma once

#include "ledger/status.h"
#include "ledger/store/database.h"

namespace poolbook::store {

// The number of years of agreement stored (rows of fund_agreement): 0 before set-up, then one per
// year started. Throws nothing: a database failure gives FromDatabaseError's Status (the code it
// chooses for a busy database, kInternal for any other failure); nothing is written either way.
StatusOr<long long> CountAgreementYears(Database& db);

// The number of years whose risk share is settled (rows of fund_settlements): 0 until the first
// year end. Failures as CountAgreementYears.
StatusOr<long long> CountSettledYears(Database& db);

}  // namespace poolbook::store
