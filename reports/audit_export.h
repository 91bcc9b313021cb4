// The audit export: CSV (RFC 4180, UTF-8, CRLF, header row), one row per posting, ordered by entry
// id then posting seq, with a manifest: row and entry counts, exact totals per book and per book
// and partner (zero for a balanced book), the first and last entry hash of the chain, and the
// SHA-256 of exactly the bytes written. AuditExport splits it in two for a server that streams it:
// begun (the snapshot taken, the last entry fixed, who it shows known) before a byte is sent, then
// written. reports/export.h says what `through` and the ...ToFile variant promise.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

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
  long long through = 0;              // the id of the last entry included (0: the journal is empty)
  std::string sha256;                 // lowercase hex SHA-256 of every CSV byte written, header included
  std::string first_hash, last_hash;  // hash of the first and the last entry (empty when no entries)
  // Exact sums of the amounts: per book ("actual"), and per book and partner.
  std::map<std::string, Money> totals_by_book;
  std::map<std::string, std::map<std::string, Money>> totals_by_book_and_partner;
};

// The id of the last entry recorded (0 when there is none), as `db` sees it now (inside a read
// transaction: as of its snapshot).
StatusOr<long long> LastEntryId(store::Database& db);

// The pseudonyms named by the postings of entries 1 to `through`, each once, in order: every
// person an export through that entry shows (what the access log must record before it is shown).
StatusOr<std::vector<std::string>> PeopleThrough(store::Database& db, long long through);

// An audit export begun and not yet written: a read transaction on `db` holding one snapshot of
// the ledger, the last entry fixed, and the query prepared, so that whatever can fail before the
// first byte has failed by then. Write() then writes the CSV (once). The read transaction ends when
// the export is destroyed; `db` must outlive it and is used for nothing else meanwhile.
class AuditExport {
 public:
  // InvalidArgument on "through" when `through` is negative or past the last entry recorded;
  // Internal when the database fails (or is not SQLite).
  static StatusOr<std::unique_ptr<AuditExport>> Begin(store::Database& db,
                                                      std::optional<long long> through = std::nullopt);
  ~AuditExport();
  AuditExport(const AuditExport&) = delete;
  AuditExport& operator=(const AuditExport&) = delete;

  // The id of the last entry the export includes (0: none).
  long long through() const { return through_; }
  // The people the export shows (PeopleThrough, in the export's snapshot).
  StatusOr<std::vector<std::string>> People();
  // Writes the CSV to `csv_out` and returns its manifest, as ExportAudit.
  StatusOr<AuditManifest> Write(std::ostream& csv_out);

 private:
  struct State;
  explicit AuditExport(store::Database& db);
  store::Database& db_;
  long long through_ = 0;
  std::unique_ptr<State> state_;
};

// Writes the audit CSV to `csv_out` and returns its manifest. `approver` is who decided the
// approved virement an entry applies (fund_virements.decided_by, e.g. the lead budget holder, or
// "within threshold" when none was needed); empty for other entries, and for every entry of a
// ledger without the fund's tables. `reversed_by` names only reversals within `through`.
// InvalidArgument on "through" as AuditExport::Begin; Internal when the database or the stream
// fails (the stream then holds a partial export).
StatusOr<AuditManifest> ExportAudit(store::Database& db, std::ostream& csv_out,
                                    std::optional<long long> through = std::nullopt);

// The manifest as pretty JSON (ending in a newline): file, rows, entries, through, sha256,
// first_hash, last_hash, totals_by_book {book: "0.00"}, totals_by_book_and_partner {book:
// {partner: "0.00"}}, generated_by "poolbook".
std::string AuditManifestJson(const AuditManifest& manifest, const std::string& csv_file_name);

// Writes the audit CSV to `path` and its manifest to `path` + ".manifest.json" (whose "file" is
// the CSV's file name, without directories). InvalidArgument naming the path when it cannot be
// written; nothing is left behind on any failure. `out` (optional) receives the manifest.
Status ExportAuditToFile(store::Database& db, const std::string& path, AuditManifest* out = nullptr,
                         std::optional<long long> through = std::nullopt);

}  // namespace poolbook::reports
