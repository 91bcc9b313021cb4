// The journal export: plain text that both hledger and ledger-cli read the same way: one
// transaction per entry, accounts named "<book>:<account>:<partner>" (e.g. "actual:pool:cash:ICB"),
// amounts "12.50 GBP". `hledger balance actual:` then gives poolbook's balances of the actual book
// per account and partner. reports/export.h says what `through` and the ...ToFile variant promise.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "ledger/status.h"
#include "ledger/store/database.h"

namespace poolbook::reports {

// Writes the journal for hledger / ledger-cli:
//
//   2025-04-15 (12) Contribution received, ICB instalment 1
//       ; key: fund:2025:contribution:ICB:1:received
//       ; hash: 3f5c...
//       actual:pool:cash:ICB  300.00 GBP
//       actual:receivable:ICB  -300.00 GBP
//           ; person: P-1A2B3C          (posting comments, when the posting has them)
//           ; line: PKG
//
// "; reverses: <id>" is added to a reversal. The memo becomes the description on one line: control
// characters and line breaks become spaces, runs of spaces become one, ';' (a comment to hledger)
// becomes ',', and bytes that are not UTF-8 become '?'. InvalidArgument on "through" as
// AuditExport::Begin; Internal when the database or the stream fails, or when a book, account or
// partner cannot be part of an account name.
Status ExportJournal(store::Database& db, std::ostream& out, std::optional<long long> through = std::nullopt);
Status ExportJournalToFile(store::Database& db, const std::string& path,
                           std::optional<long long> through = std::nullopt);

// The description ExportJournal writes for `memo` (exposed for tests).
std::string JournalDescription(std::string_view memo);

}  // namespace poolbook::reports
