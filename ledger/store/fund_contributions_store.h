// Variations of the partners' agreed contributions (fund_contribution_variations).
// Functions throw SOCI's exceptions, and StoredValueError for a stored date that does not read;
// callers turn both into a Status (FromDatabaseError). Writes must be inside a WriteTransaction.
#pragma once

#include <string>
#include <vector>

#include "ledger/money.h"
#include "ledger/period.h"
#include "ledger/store/database.h"

namespace poolbook::store {

struct VariationRow {
  std::string partner;
  int seq = 0;
  std::string reference;
  Money amount;
  Date due;
  std::string reason;
  long long entry_id = 0;
  std::string recorded_at, recorded_by;
};

// Returns the variations of year `year`, ordered by partner and seq.
std::vector<VariationRow> ContributionVariations(Database& db, int year);
// Records a variation of year `year`. Throws on a duplicate (partner, seq) or reference.
void InsertContributionVariation(Database& db, int year, const VariationRow& row);

}  // namespace poolbook::store
