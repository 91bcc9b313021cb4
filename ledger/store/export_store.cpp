#include "ledger/store/export_store.h"

#include <soci/soci.h>

namespace poolbook::store {

StatusOr<long long> LastEntryId(Database& db) {
  try {
    long long last = 0;
    soci::indicator ind = soci::i_null;
    db.sql() << "SELECT MAX(id) FROM entries", soci::into(last, ind);
    return ind == soci::i_ok ? last : 0;
  } catch (const std::exception& e) {
    return FromDatabaseError(e, "reading the last entry's id");
  }
}

StatusOr<std::vector<std::string>> PeopleThrough(Database& db, long long through) {
  std::vector<std::string> out;
  try {
    // The postings_person index (person, entry_id) holds every posting that names someone.
    soci::rowset<std::string> rows =
        (db.sql().prepare << "SELECT DISTINCT person FROM postings WHERE person IS NOT NULL AND person <> ''"
                             " AND entry_id <= :through ORDER BY person",
         soci::use(through));
    for (const std::string& p : rows) out.push_back(p);
  } catch (const std::exception& e) {
    return FromDatabaseError(e, "reading the people the export shows");
  }
  return out;
}

std::unique_ptr<AuditCursor> OpenAuditCursor(Database& db, long long through) {
  switch (db.dialect().backend) {
    case Backend::kSqlite:
      return OpenSqliteAuditCursor(db, through);
  }
  return OpenSqliteAuditCursor(db, through);
}

std::unique_ptr<JournalCursor> OpenJournalCursor(Database& db, long long through) {
  switch (db.dialect().backend) {
    case Backend::kSqlite:
      return OpenSqliteJournalCursor(db, through);
  }
  return OpenSqliteJournalCursor(db, through);
}

}  // namespace poolbook::store
