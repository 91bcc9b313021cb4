#include "ledger/store/dialect.h"

#include "ledger/limits.h"

namespace poolbook::store {

std::vector<Dialect::SetupStatement> Dialect::ConnectionSetup() const {
  return {
      {BusyTimeout(limits::kBusyTimeoutSeconds * 1000LL), ""},
      {"PRAGMA journal_mode = WAL", "wal"},
      {"PRAGMA synchronous = FULL", ""},
  };
}

std::string Dialect::BusyTimeout(long long milliseconds) const {
  return "PRAGMA busy_timeout = " + std::to_string(milliseconds);
}

std::string Dialect::BeginWrite() const { return "BEGIN IMMEDIATE"; }

std::string Dialect::BalanceIntegerCheck() const { return "CHECK (typeof(balance) = 'integer')"; }

std::string Dialect::RowIdType() const { return "INTEGER"; }

std::string Dialect::ClusteredTableSuffix() const { return " WITHOUT ROWID"; }

std::vector<std::string> Dialect::AppendOnlyTriggers(const std::string& table) const {
  std::vector<std::string> out;
  for (const char* op : {"UPDATE", "DELETE"}) {
    std::string verb = op;
    std::string lower = verb == "UPDATE" ? "update" : "delete";
    out.push_back("CREATE TRIGGER " + table + "_no_" + lower + " BEFORE " + verb + " ON " + table +
                  " BEGIN SELECT RAISE(ABORT, '" + table +
                  " are append-only: correct an entry by reversing it, never by changing it'); END");
  }
  return out;
}

}  // namespace poolbook::store
