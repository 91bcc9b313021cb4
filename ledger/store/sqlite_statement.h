// One prepared statement on the SQLite connection under a SOCI session, through the native API:
// for the paths that bind and read many rows (the append, the report totals, the exports), where
// SOCI's per-row overhead shows. Errors are thrown as soci::sqlite3_soci_error, like every other
// statement, so callers see one kind of failure (and FromDatabaseError reads its result code).
#pragma once

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/store/database.h"

namespace poolbook::store {

// The native handle of `db`'s connection; soci_error when the database is not SQLite.
inline sqlite_api::sqlite3* NativeHandle(Database& db) {
  if (db.sql().get_backend_name() != "sqlite3") throw soci::soci_error("this needs an SQLite database");
  return static_cast<soci::sqlite3_session_backend*>(db.sql().get_backend())->conn_;
}

class SqliteStatement {
 public:
  SqliteStatement(sqlite_api::sqlite3* db, const char* sql) : db_(db) {
    if (sqlite_api::sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) Fail();
  }
  ~SqliteStatement() { sqlite_api::sqlite3_finalize(stmt_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  // Parameters (numbered from 1). Text is bound without copying: it must outlive the step.
  SqliteStatement& Text(int i, std::string_view v) {
    Check(sqlite_api::sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC));
    return *this;
  }
  SqliteStatement& TextOrNull(int i, std::string_view v) { return v.empty() ? Null(i) : Text(i, v); }
  SqliteStatement& Int(int i, long long v) {
    Check(sqlite_api::sqlite3_bind_int64(stmt_, i, v));
    return *this;
  }
  SqliteStatement& Null(int i) {
    Check(sqlite_api::sqlite3_bind_null(stmt_, i));
    return *this;
  }
  int ParameterCount() { return sqlite_api::sqlite3_bind_parameter_count(stmt_); }

  // Runs a statement that returns no rows, and resets it for the next parameters.
  void Step() {
    if (sqlite_api::sqlite3_step(stmt_) != SQLITE_DONE) Fail();
    sqlite_api::sqlite3_reset(stmt_);
  }
  // Moves to the next row of a query; false after the last.
  bool Next() {
    const int rc = sqlite_api::sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    Fail();
  }

  // Columns of the current row (numbered from 0).
  int ColumnCount() { return sqlite_api::sqlite3_column_count(stmt_); }
  bool IsNull(int i) { return sqlite_api::sqlite3_column_type(stmt_, i) == SQLITE_NULL; }
  bool IsInteger(int i) { return sqlite_api::sqlite3_column_type(stmt_, i) == SQLITE_INTEGER; }
  std::int64_t ColumnInt(int i) { return sqlite_api::sqlite3_column_int64(stmt_, i); }
  // The text of column i, valid until the next step (empty for NULL).
  std::string_view ColumnText(int i) {
    const unsigned char* p = sqlite_api::sqlite3_column_text(stmt_, i);
    if (p == nullptr) return {};
    return {reinterpret_cast<const char*>(p),
            static_cast<std::size_t>(sqlite_api::sqlite3_column_bytes(stmt_, i))};
  }

 private:
  void Check(int rc) {
    if (rc != SQLITE_OK) Fail();
  }
  // Throws what SOCI throws for a failed statement: the message with SQLite's extended result
  // code, by which FromDatabaseError classifies it.
  [[noreturn]] void Fail() {
    std::string message = sqlite_api::sqlite3_errmsg(db_);
    const int code = sqlite_api::sqlite3_extended_errcode(db_);
    if (stmt_) sqlite_api::sqlite3_reset(stmt_);
    throw soci::sqlite3_soci_error(message, code);
  }
  sqlite_api::sqlite3* db_;
  sqlite_api::sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace poolbook::store
