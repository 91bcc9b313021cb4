// A ledger of many small entries written in batches of random sizes, for the tests of what is
// kept per block of entries (ledger/store/schema.h, kTotalsBlockEntries): some batches end exactly
// on a block's last entry, some cross it, some are a single entry.
#pragma once

#include <random>

#include "ledger/journal.h"

namespace poolbook::testing {

// Opens partners ICB and CNCL and accounts pool:cash and spend:package (already there is fine).
Status OpenSpendAccounts(Journal& journal);

// Writes entries "e<first>" .. "e<first + count - 1>" as one PostBatch (one recorded time), each
// a spend of 0.01 to 1,000.00 (one in five a refund) on line LD-PKG in a month of 2025 for ICB or
// CNCL.
Status WriteSpendBatch(Journal& journal, int first, int count, std::mt19937_64& rng);

// Writes entries "e1" .. "e<count>" in batches of random sizes.
Status WriteRandomSpends(Journal& journal, int count, std::mt19937_64& rng);

}  // namespace poolbook::testing
