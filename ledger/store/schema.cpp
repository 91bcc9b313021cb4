#include "ledger/store/schema.h"

namespace poolbook::store {

std::vector<std::vector<std::string>> Migrations(const Dialect& d) {
  std::vector<std::string> v1 = {
      // Counters: ref_version changes whenever partners, accounts or periods change, so a writer
      // knows when to reload its cached copy of them.
      "CREATE TABLE meta (name TEXT PRIMARY KEY, value BIGINT NOT NULL)",
      "INSERT INTO meta (name, value) VALUES ('ref_version', 1)",
      "CREATE TABLE partners (code TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL, closed_at "
      "TEXT)",
      "CREATE TABLE accounts (name TEXT PRIMARY KEY, type TEXT NOT NULL "
      "CHECK (type IN ('asset','liability','income','expense','equity')), opened_at TEXT NOT NULL, closed_at "
      "TEXT)",
      "CREATE TABLE entries ("
      " id " +
          d.EntryIdType() +
          " PRIMARY KEY,"
          " entry_key TEXT NOT NULL UNIQUE,"
          " book TEXT NOT NULL CHECK (book IN ('actual','budget','commitment')),"
          " effective_date TEXT NOT NULL,"
          " period TEXT NOT NULL,"
          " recorded_at TEXT NOT NULL,"
          " memo TEXT NOT NULL,"
          " posted_by TEXT NOT NULL,"
          " reverses BIGINT,"
          " body_sha256 TEXT NOT NULL,"
          " prev_hash TEXT NOT NULL,"
          " hash TEXT NOT NULL)",
      "CREATE TABLE postings ("
      " entry_id BIGINT NOT NULL,"
      " seq INTEGER NOT NULL,"
      " account TEXT NOT NULL,"
      " partner TEXT NOT NULL,"
      " person TEXT,"
      " line TEXT,"
      " amount BIGINT NOT NULL CHECK (amount <> 0),"
      " PRIMARY KEY (entry_id, seq))" +
          d.ClusteredTableSuffix(),
      // An entry is reversed at most once; most entries reverse nothing, so index only those that do.
      "CREATE UNIQUE INDEX entries_reverses ON entries (reverses) WHERE reverses IS NOT NULL",
      // Maintained as entries are written: reading a balance never scans postings.
      "CREATE TABLE balances ("
      " book TEXT NOT NULL, account TEXT NOT NULL, partner TEXT NOT NULL,"
      " balance BIGINT NOT NULL " +
          d.BalanceIntegerCheck() +
          ","
          " postings BIGINT NOT NULL,"
          " PRIMARY KEY (book, account, partner))" +
          d.ClusteredTableSuffix(),
      // Each row closes every period up to and including through_period.
      "CREATE TABLE period_closes (through_period TEXT PRIMARY KEY, closed_at TEXT NOT NULL, closed_by TEXT "
      "NOT NULL)",
      // The chain head: the last entry written and its hash. One row; locked by every writer.
      "CREATE TABLE chain_head (id INTEGER PRIMARY KEY CHECK (id = 1), last_entry_id BIGINT NOT NULL,"
      " last_hash TEXT NOT NULL)",
      "INSERT INTO chain_head (id, last_entry_id, last_hash) VALUES (1, 0, '" + std::string(64, '0') + "')",
  };
  for (const char* table : {"entries", "postings", "period_closes"}) {
    for (std::string& t : d.AppendOnlyTriggers(table)) v1.push_back(std::move(t));
  }
  return {v1};
}

}  // namespace poolbook::store
