#include "ledger/store/people_store.h"

namespace poolbook::store {

bool PersonRegistered(Database& db, const std::string& pseudonym) {
  int known = 0;
  db.sql() << "SELECT COUNT(*) FROM fund_people WHERE pseudonym = :p", soci::use(pseudonym),
      soci::into(known);
  return known > 0;
}

void InsertPerson(Database& db, const std::string& pseudonym, const std::string& source,
                  const std::string& registered_at, const std::string& registered_by) {
  db.sql() << "INSERT INTO fund_people (pseudonym, source, registered_at, registered_by)"
              " VALUES (:p, :s, :t, :u)",
      soci::use(pseudonym), soci::use(source), soci::use(registered_at), soci::use(registered_by);
}

void InsertLocalPeople(Database& db, const std::vector<std::string>& pseudonyms,
                       const std::string& registered_at, const std::string& registered_by) {
  std::string p;
  soci::statement insert = (db.sql().prepare << "INSERT INTO fund_people (pseudonym, source,"
                                                " registered_at, registered_by) VALUES (:p, 'local', :t, :u)"
                                                " ON CONFLICT (pseudonym) DO NOTHING",
                            soci::use(p), soci::use(registered_at), soci::use(registered_by));
  for (const std::string& one : pseudonyms) {
    p = one;
    insert.execute(true);
  }
}

}  // namespace poolbook::store
