#include "ledger/store/database.h"

#include <soci/sqlite3/soci-sqlite3.h>

#include <chrono>
#include <cstdio>
#include <ctime>

#include "ledger/store/engine.h"
#include "ledger/store/schema.h"
#include "ledger/store/sqlite_statement.h"

namespace poolbook::store {
namespace {

// "sqlite3://db=x.db timeout=5" -> "db=x.db timeout=5"; "x.db" -> "db=x.db".
StatusOr<std::string> SqliteParameters(const std::string& connection) {
  const std::string prefix = "sqlite3://";
  if (connection.rfind(prefix, 0) == 0) return connection.substr(prefix.size());
  if (connection.find("://") != std::string::npos) {
    return InvalidArgument(
        "database \"" + connection +
        "\" uses a kind of database this build does not support; give an SQLite file path");
  }
  if (connection.empty()) return InvalidArgument("no database given; pass --db FILE");
  if (connection.find_first_of(" \t'\"") != std::string::npos) {
    return InvalidArgument("database path \"" + connection +
                           "\" contains a space or quote; use sqlite3://db=\"...\"");
  }
  return "db=" + connection;
}

}  // namespace

StatusOr<std::unique_ptr<Database>> Database::Open(const std::string& connection) {
  auto params = SqliteParameters(connection);
  if (!params.ok()) return params.status();
  std::unique_ptr<Database> db(new Database());
  try {
    db->sql_.open(soci::sqlite3, *params);
    // Extended result codes: a failure is then classified by its code alone (FromDatabaseError).
    sqlite_api::sqlite3_extended_result_codes(NativeHandle(*db), 1);
    for (const Dialect::SetupStatement& stmt : db->dialect_.ConnectionSetup()) {
      if (stmt.answer.empty()) {
        db->sql_ << stmt.sql;
        continue;
      }
      std::string answer;
      db->sql_ << stmt.sql, soci::into(answer);
      if (answer != stmt.answer)
        return Internal("the database refused \"" + stmt.sql + "\": it answered \"" + answer + "\"");
    }
    const auto migrations = Migrations(db->dialect_);
    long long have = 0;
    {
      WriteTransaction tx(*db);
      db->sql_ << "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, applied_at TEXT "
                  "NOT NULL)";
      soci::indicator ind;
      db->sql_ << "SELECT MAX(version) FROM schema_version", soci::into(have, ind);
      if (ind == soci::i_null) have = 0;
      if (have > static_cast<long long>(migrations.size())) {
        return FailedPrecondition("the database has schema version " + std::to_string(have) +
                                  ", newer than this program knows (" + std::to_string(migrations.size()) +
                                  "); use a newer poolbook");
      }
      for (long long v = have + 1; v <= static_cast<long long>(migrations.size()); ++v) {
        for (const std::string& stmt : migrations[v - 1]) db->sql_ << stmt;
        std::string now = UtcTimestamp(std::chrono::system_clock::now());
        db->sql_ << "INSERT INTO schema_version (version, applied_at) VALUES (:v, :t)", soci::use(v),
            soci::use(now);
      }
      tx.Commit();
    }
  } catch (const std::exception& e) {
    return FromDatabaseError(e, "opening the database \"" + connection + "\"");
  }
  return db;
}

Database::~Database() = default;

Appender& Database::appender() {
  if (!appender_) appender_ = MakeSqliteAppender(*this);  // Backend::kSqlite is the only one
  return *appender_;
}

long long Database::schema_version() {
  long long v = 0;
  sql_ << "SELECT MAX(version) FROM schema_version", soci::into(v);
  return v;
}

void Database::SetBusyTimeout(std::chrono::milliseconds timeout) {
  sql_ << dialect_.BusyTimeout(static_cast<long long>(timeout.count()));
}

WriteTransaction::WriteTransaction(Database& db) : db_(db) { db_.sql() << db_.dialect().BeginWrite(); }

WriteTransaction::~WriteTransaction() {
  if (done_) return;
  try {
    db_.sql() << "ROLLBACK";
  } catch (...) {
    // The connection is unusable; the database discards the transaction on its own.
  }
}

void WriteTransaction::Commit() {
  db_.sql() << "COMMIT";
  done_ = true;
}

ReadTransaction::ReadTransaction(Database& db) : db_(db) {
  if (db_.read_depth_ > 0) {  // inside another: its snapshot
    ++db_.read_depth_;
    return;
  }
  db_.sql() << "BEGIN";
  db_.read_depth_ = 1;
  try {
    long long ignored = 0;
    db_.sql() << "SELECT COUNT(*) FROM chain_head", soci::into(ignored);  // SQLite takes the snapshot here
  } catch (...) {
    db_.read_depth_ = 0;
    try {
      db_.sql() << "ROLLBACK";
    } catch (...) {
    }
    throw;
  }
}

ReadTransaction::~ReadTransaction() {
  if (--db_.read_depth_ > 0) return;
  try {
    db_.sql() << "COMMIT";
  } catch (...) {
    // Nothing was written; the database ends the transaction with the connection.
  }
}

namespace {

// SQLite's extended result code of a failed statement (0 when `e` is not SQLite's). Extended
// codes are on for every connection (Database::Open); the primary code is its low byte.
int SqliteResult(const std::exception& e) {
  const auto* sqlite = dynamic_cast<const soci::sqlite3_soci_error*>(&e);
  return sqlite ? sqlite->result() : 0;
}

}  // namespace

Refusal BalanceOverflow() {
  return Refusal(Status(Code::kFailedPrecondition,
                        "the write would take a balance beyond the largest amount the ledger can hold; "
                        "nothing was written",
                        {}, Reason::kBalanceOverflow));
}

Refusal TotalOverflow(std::string_view account, std::string_view partner, std::string_view period) {
  return Refusal(Status(Code::kFailedPrecondition,
                        "the total of " + std::string(account) + " for " + std::string(partner) + " in " +
                            std::string(period) +
                            " would pass the largest amount the ledger stores; nothing was written",
                        {}, Reason::kBalanceOverflow));
}

bool IsConstraintError(const std::exception& e) {
  if (dynamic_cast<const Refusal*>(&e)) return true;
  return (SqliteResult(e) & 0xff) == SQLITE_CONSTRAINT;
}

Status FromDatabaseError(const std::exception& e, const std::string& doing) {
  if (const auto* refusal = dynamic_cast<const Refusal*>(&e)) return refusal->status();
  const int primary = SqliteResult(e) & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return Unavailable("the ledger was busy with another writer for too long while " + doing +
                       "; nothing was written, try again")
        .With(Reason::kBusy);
  }
  Status fault = Internal("the database failed while " + doing + ": " + e.what() + "; nothing was written");
  if (primary == SQLITE_CONSTRAINT) return fault.With(Reason::kConstraint);
  return fault;
}

std::string UtcTimestamp(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  auto us = duration_cast<microseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(us / 1'000'000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(us % 1'000'000));
  return buf;
}

}  // namespace poolbook::store
