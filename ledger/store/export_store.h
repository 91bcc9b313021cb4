// The exports' reads (reports/audit_export.h, reports/journal_export.h): the last entry and the
// people an export shows (portable SQL), and the cursors that stream every posting in order. The
// cursors bind and step through the engine's native handle (millions of rows), so they are
// interfaces a second engine implements for itself; OpenAuditCursor and OpenJournalCursor choose
// the implementation by the database's backend.
//
// Run them inside one ReadTransaction, so that the bound read first and the rows streamed after it
// come from one snapshot.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/status.h"
#include "ledger/store/database.h"

namespace poolbook::store {

// The id of the last entry recorded (0 when there is none), as `db` sees it now (inside a read
// transaction: as of its snapshot). Internal (FromDatabaseError) when the database fails.
StatusOr<long long> LastEntryId(Database& db);

// The pseudonyms named by the postings of entries 1 to `through`, each once, in order. Internal
// (FromDatabaseError) when the database fails.
StatusOr<std::vector<std::string>> PeopleThrough(Database& db, long long through);

// Thrown by a cursor when a stored value cannot be carried faithfully (an id or an amount that is
// not an integer): the database holds something it should not, rather than failing.
struct StoredValueError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One posting of the audit export with its entry. The texts are valid until the next call of
// Next(). The entry's fields are read only for an entry's first posting (new_entry); for its other
// postings they are left as they were and must not be read.
struct AuditRow {
  std::int64_t entry_id = 0;
  bool new_entry = false;
  // The entry.
  std::string_view key, book, effective_date, recorded_at, period, memo, posted_by;
  std::string_view approver;  // who decided the approved virement the entry applies, or empty
  std::optional<std::int64_t> reverses, reversed_by;
  std::string_view entry_hash;
  // The posting.
  std::string_view account, line, partner, person;
  std::int64_t amount = 0;  // pence
};

// The postings of entries 1 to `through`, ordered by entry id then posting seq. reversed_by names
// only a reversal within `through`, so the rows through an entry never change once it is recorded.
class AuditCursor {
 public:
  virtual ~AuditCursor() = default;
  // Moves to the next posting and fills `row`; false after the last. Throws StoredValueError, or
  // the database's exception when it fails.
  virtual bool Next(AuditRow& row) = 0;
};

// One posting of the journal export with its entry, valid as an AuditRow's; book is set for every
// posting.
struct JournalRow {
  std::int64_t entry_id = 0;
  bool new_entry = false;
  // The entry (read for its first posting only).
  std::string_view key, effective_date, memo, entry_hash;
  std::optional<std::int64_t> reverses;
  // The posting.
  std::string_view book, account, partner, person, line;
  std::int64_t amount = 0;  // pence
};

// The postings of entries 1 to `through`, ordered by entry id then posting seq.
class JournalCursor {
 public:
  virtual ~JournalCursor() = default;
  // As AuditCursor::Next.
  virtual bool Next(JournalRow& row) = 0;
};

// The cursors for `db`'s engine, their statement prepared; `db` must outlive them. Throws the
// database's exception when the statement cannot be prepared (or `db` is not SQLite).
std::unique_ptr<AuditCursor> OpenAuditCursor(Database& db, long long through);
std::unique_ptr<JournalCursor> OpenJournalCursor(Database& db, long long through);

// The SQLite cursors (sqlite_export_cursors.cpp), as above.
std::unique_ptr<AuditCursor> OpenSqliteAuditCursor(Database& db, long long through);
std::unique_ptr<JournalCursor> OpenSqliteJournalCursor(Database& db, long long through);

}  // namespace poolbook::store
