// A connection to the ledger's database, migrated to the current schema.
//
// Connection strings: a plain file path ("poolbook.db") or "sqlite3://db=FILE [timeout=N]".
// SOCI sessions are not thread-safe: one Database per thread.
#pragma once

#include <soci/soci.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "ledger/status.h"
#include "ledger/store/dialect.h"

namespace poolbook::store {

inline constexpr long long kSchemaVersion = 8;

class Appender;

class Database {
 public:
  ~Database();
  // Opens (creating an SQLite file if absent) and applies any pending migrations. InvalidArgument
  // for a connection string of another engine or an odd path; FailedPrecondition for a schema newer
  // than this program; otherwise the database's failure (FromDatabaseError: Unavailable with
  // Reason::kBusy while another writer holds the lock, Internal for the rest).
  static StatusOr<std::unique_ptr<Database>> Open(const std::string& connection);

  soci::session& sql() { return sql_; }
  const Dialect& dialect() const { return dialect_; }
  // The engine's append path (engine.h), made on first use and kept with the connection.
  Appender& appender();
  long long schema_version();
  // How long a statement waits for another connection's lock before it fails with SQLITE_BUSY
  // (Unavailable, Reason::kBusy). Open sets limits::kBusyTimeoutSeconds.
  void SetBusyTimeout(std::chrono::milliseconds timeout);

 private:
  friend class ReadTransaction;
  Database() = default;
  soci::session sql_;
  Dialect dialect_;
  std::unique_ptr<Appender> appender_;
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

// A write the store refuses for a cause of its own making (a maintained balance or report total
// that would pass 64 bits), thrown out of a write transaction like a database error. It carries
// the Status to answer with, so that callers classify it by code and reason, never by its text.
class Refusal : public std::runtime_error {
 public:
  explicit Refusal(Status status) : std::runtime_error(status.message()), status_(std::move(status)) {}
  const Status& status() const { return status_; }

 private:
  Status status_;
};

// The refusal of a write that would take a maintained balance past 64 bits: FailedPrecondition
// with Reason::kBalanceOverflow.
Refusal BalanceOverflow();
// The refusal of a write that would take a report total (one month's sum for `account`, `partner`
// and a line in `period`) past 64 bits: FailedPrecondition with Reason::kBalanceOverflow.
Refusal TotalOverflow(std::string_view account, std::string_view partner, std::string_view period);

// True when the database refused a statement for breaking a constraint (a unique key, a CHECK;
// SQLITE_CONSTRAINT and its extended codes), or the store refused a row (Refusal): a fault of one
// entry, not of the database.
bool IsConstraintError(const std::exception& e);

// Turns an exception from the store into a Status a person can act on, classified by SQLite's
// result code: SQLITE_BUSY / SQLITE_LOCKED give Unavailable with Reason::kBusy (nothing was
// done; try again), SQLITE_CONSTRAINT* gives Internal with Reason::kConstraint, a Refusal its own
// Status, anything else Internal.
Status FromDatabaseError(const std::exception& e, const std::string& doing);

// The current UTC time as "2025-06-30T12:34:56.123456Z".
std::string UtcTimestamp(std::chrono::system_clock::time_point t);

}  // namespace poolbook::store
