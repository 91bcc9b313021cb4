// The dialect: every SQL statement that differs between database engines, for the statements run
// through SOCI (the rest of the SQL in ledger/store is portable). The other half of the engine seam,
// the hot paths written against an engine's native API (the append), is in engine.h.
#pragma once

#include <string>
#include <vector>

namespace poolbook::store {

enum class Backend { kSqlite };

struct Dialect {
  Backend backend = Backend::kSqlite;

  // One statement run on every new connection. When `answer` is not empty the statement returns a
  // single text value, and the connection is refused unless it is that value (a PRAGMA that can
  // quietly fail to take effect, such as switching to write-ahead logging, says what it did).
  struct SetupStatement {
    std::string sql;
    std::string answer;
  };
  // Run once on every new connection: a busy timeout, WAL, durable commits (synchronous=FULL).
  std::vector<SetupStatement> ConnectionSetup() const;
  // Sets how long a statement waits for another connection's lock, in milliseconds.
  std::string BusyTimeout(long long milliseconds) const;
  // Starts a write transaction that holds the single writer's lock from its first statement.
  std::string BeginWrite() const;
  // A column constraint that refuses a balance which overflowed 64 bits (SQLite would silently turn
  // it into a floating-point value).
  std::string BalanceIntegerCheck() const;
  // The type of an id column that is the table's primary key (entries, accounts, partners): on
  // SQLite "INTEGER PRIMARY KEY" makes it the table's own row id, which saves an index (SOCI still
  // reads it as 64 bits through typed into()).
  std::string RowIdType() const;
  // Appended to CREATE TABLE for tables keyed by their primary key alone (postings, balances): on
  // SQLite the rows are stored in key order, with no second index.
  std::string ClusteredTableSuffix() const;
  // Triggers that make `table` append-only: every UPDATE and DELETE is refused by the database.
  std::vector<std::string> AppendOnlyTriggers(const std::string& table) const;
};

}  // namespace poolbook::store
