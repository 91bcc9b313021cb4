// The engine seam: what a second database engine (PostgreSQL) implements beside SQLite.
//
// Two layers keep the engines apart:
//   - Dialect (dialect.h): the text of each statement that differs between engines, for the SQL
//     run through SOCI. Every other statement in ledger/store is portable SQL.
//   - Engine paths (this file): the hot paths written against an engine's native API, where SOCI's
//     per-row cost shows. Each is an abstract class; Database hands out the implementation of its
//     backend. SQLite's are in sqlite_*.cpp and bind through the connection's native handle
//     (sqlite_statement.h).
// Errors from an engine path are thrown as the engine's SOCI error (for SQLite,
// soci::sqlite3_soci_error with the extended result code) or as a Refusal, so that
// FromDatabaseError classifies them the same way whichever engine raised them.
#pragma once

#include <memory>
#include <vector>

#include "ledger/store/ledger_store.h"

namespace poolbook::store {

// Writes a batch of entries: the hot path of every write.
class Appender {
 public:
  virtual ~Appender() = default;

  // Appends `entries` (ids consecutive after the current head) with their postings, adds `changes`
  // to the maintained balances, keeps the report totals (report_totals, person_totals) and the
  // sums of every block of entries the batch completes (report_blocks), and moves the chain head
  // to the last entry. Must run inside a WriteTransaction; nothing when `entries` is empty.
  // Throws Refusal (FailedPrecondition, Reason::kBalanceOverflow) when a balance or a report total
  // would pass 64 bits; the engine's error for anything else (a constraint, a busy database).
  virtual void Append(const std::vector<NewEntry>& entries, const BalanceChanges& changes) = 0;
};

// The SQLite implementation (sqlite_append.cpp), on `db`'s connection.
std::unique_ptr<Appender> MakeSqliteAppender(Database& db);

}  // namespace poolbook::store
