// A connection to the ledger's database, migrated to the current schema.
//
// Connection strings: a plain file path ("poolbook.db") or "sqlite3://db=FILE [timeout=N]".
// SOCI sessions are not thread-safe: one Database per thread.
#pragma once

#include <soci/soci.h>

#include <chrono>
#include <memory>
#include <string>

#include "ledger/status.h"
#include "ledger/store/dialect.h"

namespace poolbook::store {

inline constexpr long long kSchemaVersion = 6;

class Database {
 public:
  // Opens (creating an SQLite file if absent) and applies any pending migrations.
  static StatusOr<std::unique_ptr<Database>> Open(const std::string& connection);

  soci::session& sql() { return sql_; }
  const Dialect& dialect() const { return dialect_; }
  long long schema_version();

 private:
  friend class ReadTransaction;
  Database() = default;
  soci::session sql_;
  Dialect dialect_;
  int read_depth_ = 0;  // ReadTransactions open on this connection (only the outermost is real)
};

// A write transaction: begun with the dialect's BeginWrite, rolled back unless Commit() is called.
class WriteTransaction {
 public:
  explicit WriteTransaction(Database& db);
  ~WriteTransaction();
  void Commit();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;

 private:
  Database& db_;
  bool done_ = false;
};

// A read transaction: every read inside it sees one snapshot of the ledger, whatever commits
// meanwhile (WAL). Ended when destroyed. One opened inside another joins it: a report that reads
// in several steps, each in its own ReadTransaction, sees one snapshot when the whole report runs
// inside one.
class ReadTransaction {
 public:
  explicit ReadTransaction(Database& db);
  ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Database& db_;
};

// True when the database refused a statement for breaking a constraint (a unique key, a CHECK):
// a fault of one entry, not of the database.
bool IsConstraintError(const std::exception& e);
// What the append path says when a report total (a month's sum for one account, partner and line)
// would pass 64 bits: refused like a balance that would.
inline constexpr const char* kTotalTooLarge = "would pass the largest amount the ledger stores";

// Turns an exception from SOCI into a Status a person can act on.
Status FromDatabaseError(const std::exception& e, const std::string& doing);

// The current UTC time as "2025-06-30T12:34:56.123456Z".
std::string UtcTimestamp(std::chrono::system_clock::time_point t);

}  // namespace poolbook::store
