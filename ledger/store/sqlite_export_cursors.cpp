// The export cursors for SQLite: one statement each, stepped through the connection's native
// handle (store::SqliteStatement), its texts handed out without copying.
#include <string>

#include "ledger/store/export_store.h"
#include "ledger/store/sqlite_statement.h"

namespace poolbook::store {
namespace {

// Column i of `q`, which must hold an integer (amounts and ids are never read through text or float).
std::int64_t IntColumn(SqliteStatement& q, int i, const char* what) {
  if (!q.IsInteger(i))
    throw StoredValueError(std::string("a ") + what + " in the database is not an integer");
  return q.ColumnInt(i);
}

std::optional<std::int64_t> OptionalIntColumn(SqliteStatement& q, int i, const char* what) {
  if (q.IsNull(i)) return std::nullopt;
  return IntColumn(q, i, what);
}

// True when the ledger has the fund's tables (a bare journal has not).
bool HasVirements(sqlite_api::sqlite3* conn) {
  SqliteStatement q(conn, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'fund_virements'");
  return q.Next();
}

// Approved virements by entry; at most one row per entry, so the join never repeats a posting.
constexpr const char* kApproverJoin =
    " LEFT JOIN (SELECT entry_id, MIN(decided_by) AS decided_by FROM fund_virements"
    " WHERE state = 'approved' AND entry_id IS NOT NULL GROUP BY entry_id) v ON v.entry_id = e.id";

// Entries 1 to ?1, and a reversal only when it is one of them too.
std::string AuditSql(bool has_virements) {
  return std::string(
             "SELECT e.id, e.entry_key, e.book, e.effective_date, e.recorded_at, e.period, p.account, p.line,"
             " p.partner, p.person, p.amount, e.memo, e.posted_by, ") +
         (has_virements ? "v.decided_by" : "NULL") +
         ", e.reverses, r.id, e.hash"
         " FROM entries e JOIN postings p ON p.entry_id = e.id"
         " LEFT JOIN entries r ON r.reverses = e.id AND r.id <= ?1" +
         (has_virements ? kApproverJoin : "") + " WHERE e.id <= ?1 ORDER BY e.id, p.seq";
}

constexpr const char* kJournalSql =
    "SELECT e.id, e.entry_key, e.book, e.effective_date, e.memo, e.reverses, e.hash, p.account,"
    " p.partner, p.person, p.line, p.amount"
    " FROM entries e JOIN postings p ON p.entry_id = e.id WHERE e.id <= ?1 ORDER BY e.id, p.seq";

class SqliteAuditCursor : public AuditCursor {
 public:
  SqliteAuditCursor(sqlite_api::sqlite3* conn, long long through)
      : q_(conn, AuditSql(HasVirements(conn)).c_str()) {
    q_.Int(1, through);
  }

  bool Next(AuditRow& row) override {
    if (!q_.Next()) return false;
    const std::int64_t id = IntColumn(q_, 0, "entry id");
    row.new_entry = first_ || id != row.entry_id;
    first_ = false;
    row.entry_id = id;
    if (row.new_entry) {
      row.key = q_.ColumnText(1);
      row.book = q_.ColumnText(2);
      row.effective_date = q_.ColumnText(3);
      row.recorded_at = q_.ColumnText(4);
      row.period = q_.ColumnText(5);
      row.memo = q_.ColumnText(11);
      row.posted_by = q_.ColumnText(12);
      row.approver = q_.ColumnText(13);
      row.reverses = OptionalIntColumn(q_, 14, "reversed entry id");
      row.reversed_by = OptionalIntColumn(q_, 15, "reversing entry id");
      row.entry_hash = q_.ColumnText(16);
    }
    row.account = q_.ColumnText(6);
    row.line = q_.ColumnText(7);
    row.partner = q_.ColumnText(8);
    row.person = q_.ColumnText(9);
    row.amount = IntColumn(q_, 10, "posting amount");
    return true;
  }

 private:
  SqliteStatement q_;
  bool first_ = true;
};

class SqliteJournalCursor : public JournalCursor {
 public:
  SqliteJournalCursor(sqlite_api::sqlite3* conn, long long through) : q_(conn, kJournalSql) {
    q_.Int(1, through);
  }

  bool Next(JournalRow& row) override {
    if (!q_.Next()) return false;
    const std::int64_t id = IntColumn(q_, 0, "entry id");
    row.new_entry = first_ || id != row.entry_id;
    first_ = false;
    row.entry_id = id;
    if (row.new_entry) {
      row.key = q_.ColumnText(1);
      row.effective_date = q_.ColumnText(3);
      row.memo = q_.ColumnText(4);
      row.reverses = OptionalIntColumn(q_, 5, "reversed entry id");
      row.entry_hash = q_.ColumnText(6);
    }
    row.book = q_.ColumnText(2);
    row.account = q_.ColumnText(7);
    row.partner = q_.ColumnText(8);
    row.person = q_.ColumnText(9);
    row.line = q_.ColumnText(10);
    row.amount = IntColumn(q_, 11, "posting amount");
    return true;
  }

 private:
  SqliteStatement q_;
  bool first_ = true;
};

}  // namespace

std::unique_ptr<AuditCursor> OpenSqliteAuditCursor(Database& db, long long through) {
  return std::make_unique<SqliteAuditCursor>(NativeHandle(db), through);
}

std::unique_ptr<JournalCursor> OpenSqliteJournalCursor(Database& db, long long through) {
  return std::make_unique<SqliteJournalCursor>(NativeHandle(db), through);
}

}  // namespace poolbook::store
