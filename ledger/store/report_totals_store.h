// The reports' reads of the maintained sums (report_totals, person_totals and report_blocks,
// ledger/store/schema.h). The sums "now" and "as at" a past moment are read through the native
// handle of the engine (many rows, summed in 128 bits), so they sit behind TotalsReader, which a
// second engine implements for itself; the short portable reads are plain functions.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ledger/money.h"
#include "ledger/status.h"
#include "ledger/store/database.h"

namespace poolbook::store {

// Entries effective in the periods from..to ("YYYY-MM", inclusive), as recorded at or before
// as_at (a UTC timestamp; none: everything recorded so far).
struct TotalsRange {
  std::string from, to;
  std::optional<std::string> as_at;
};

// One sum: person (empty in fund-level sums), book, account, partner, line, period, in pence.
struct TotalRow {
  std::string person, book, account, partner, line, period;
  Int128 pence = 0;
};

// Sums of the postings, one row per key, ordered by person, book, account, partner, line, period.
// Zero sums are left out. Each read runs inside a ReadTransaction of its own (which joins the
// caller's, if any). A failure of the database is Internal, or Unavailable/Internal as
// FromDatabaseError classifies it; nothing is thrown.
class TotalsReader {
 public:
  virtual ~TotalsReader() = default;

  // Fund-level sums in `range` (person empty).
  virtual StatusOr<std::vector<TotalRow>> Fund(const TotalsRange& range) = 0;

  // Per-person sums in `range` of the people from `first` to `last` (pseudonyms, inclusive; both
  // empty: everyone).
  virtual StatusOr<std::vector<TotalRow>> People(const TotalsRange& range, const std::string& first,
                                                 const std::string& last) = 0;

  // Fund-level sums in `range` of only the entries whose key starts with `key_prefix` (read through
  // the keys' unique index). InvalidArgument when the prefix is empty.
  virtual StatusOr<std::vector<TotalRow>> OfKeys(const TotalsRange& range, const std::string& key_prefix) = 0;
};

// The reader for `db`'s engine; it uses `db`, which must outlive it.
std::unique_ptr<TotalsReader> TotalsReaderFor(Database& db);

// The SQLite reader (sqlite_totals_reader.cpp). Its reads give Internal when `db` is not SQLite.
std::unique_ptr<TotalsReader> NewSqliteTotalsReader(Database& db);

// Up to `limit` pseudonyms, in order, after `after` (empty: from the start), that have a per-person
// sum in the periods from..to (whatever its recorded time). Internal (FromDatabaseError) when the
// database fails.
StatusOr<std::vector<std::string>> PeopleWithTotals(Database& db, const std::string& from,
                                                    const std::string& to, const std::string& after,
                                                    int limit);

}  // namespace poolbook::store
