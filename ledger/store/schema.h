// Versioned migrations. Migration N brings the schema from version N-1 to N; each runs in one
// transaction with its row in schema_version. Never edit a released migration: add a new one.
#pragma once

#include <string>
#include <vector>

#include "ledger/store/dialect.h"

namespace poolbook::store {

// Entries per block of report_blocks (migration 6): block b holds the report totals of entries
// b*K+1 .. (b+1)*K, written when the chain passes (b+1)*K. Part of the stored layout: changing it
// needs a migration that rebuilds the table. Each row keeps its sum as high * 2^32 + low (see
// BlockAmount), two sums that cannot pass 64 bits however the amounts run.
inline constexpr long long kTotalsBlockEntries = 1024;

// The statements of every migration, in order: result[0] is migration 1.
std::vector<std::vector<std::string>> Migrations(const Dialect& dialect);

}  // namespace poolbook::store
