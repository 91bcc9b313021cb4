// Exports of the whole journal for people outside poolbook, streamed row by row from one read
// transaction (memory does not grow with the journal):
//
//   ExportAudit    CSV (RFC 4180, UTF-8, CRLF, header row), one row per posting, ordered by entry id
//                  then posting seq, with a manifest: row and entry counts, exact totals per book and
//                  per book and partner (zero for a balanced book), the first and last entry hash
//                  of the chain, and the SHA-256 of exactly the bytes written.
//   ExportJournal  plain-text accounting journal that both hledger and ledger-cli read the same way:
//                  one transaction per entry, accounts named "<book>:<account>:<partner>" (e.g.
//                  "actual:pool:cash:ICB"), amounts "12.50 GBP". `hledger balance actual:` then gives
//                  poolbook's balances of the actual book per account and partner.
//
// The ...ToFile variants write to PATH.tmp and rename it into place, so a failed export leaves no
// partial file behind.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <string_view>

#include "ledger/money.h"
#include "ledger/status.h"
#include "ledger/store/database.h"

namespace poolbook::reports {

// The audit CSV's columns, in order (also its header row).
inline constexpr const char* kAuditColumns[] = {
    "entry_id",  "key",      "book",     "effective_date", "recorded_at", "period",
    "account",   "line",     "partner",  "person",         "amount",      "memo",
    "posted_by", "approver", "reverses", "reversed_by",    "entry_hash"};

struct AuditManifest {
  long long rows = 0;                 // postings written (data rows; the header is not counted)
  long long entries = 0;              // distinct entries
  std::string sha256;                 // lowercase hex SHA-256 of every CSV byte written, header included
  std::string first_hash, last_hash;  // hash of the first and the last entry (empty when no entries)
  // Exact sums of the amounts: per book ("actual"), and per book and partner.
  std::map<std::string, Money> totals_by_book;
  std::map<std::string, std::map<std::string, Money>> totals_by_book_and_partner;
};

// Writes the audit CSV to `csv_out` and returns its manifest. `approver` is who decided the
// approved virement an entry applies (fund_virements.decided_by, e.g. the lead budget holder, or
// "within threshold" when none was needed); empty for other entries, and for every entry of a
// ledger without the fund's tables. Internal when the database or the stream fails (the stream
// then holds a partial export).
StatusOr<AuditManifest> ExportAudit(store::Database& db, std::ostream& csv_out);

// The manifest as pretty JSON (ending in a newline): file, rows, entries, sha256, first_hash,
// last_hash, totals_by_book {book: "0.00"}, totals_by_book_and_partner {book: {partner: "0.00"}},
// generated_by "poolbook".
std::string AuditManifestJson(const AuditManifest& manifest, const std::string& csv_file_name);

// Writes the audit CSV to `path` and its manifest to `path` + ".manifest.json" (whose "file" is
// the CSV's file name, without directories). InvalidArgument naming the path when it cannot be
// written; nothing is left behind on any failure. `out` (optional) receives the manifest.
Status ExportAuditToFile(store::Database& db, const std::string& path, AuditManifest* out = nullptr);

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
// becomes ',', and bytes that are not UTF-8 become '?'.
Status ExportJournal(store::Database& db, std::ostream& out);
Status ExportJournalToFile(store::Database& db, const std::string& path);

// The description ExportJournal writes for `memo` (exposed for tests).
std::string JournalDescription(std::string_view memo);

}  // namespace poolbook::reports
