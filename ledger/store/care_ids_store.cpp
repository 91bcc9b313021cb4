#include "ledger/store/care_ids_store.h"

namespace poolbook::store {
namespace {

std::vector<std::string> Ids(soci::rowset<std::string>& rows) {
  std::vector<std::string> ids;
  for (const std::string& id : rows) ids.push_back(id);
  return ids;
}

}  // namespace

std::vector<std::string> CareIdsForPerson(Database& db, CareRecord kind, const std::string& person) {
  switch (kind) {
    case CareRecord::kPackage: {
      soci::rowset<std::string> rows =
          (db.sql().prepare << "SELECT id FROM fund_packages WHERE person = :p ORDER BY id",
           soci::use(person));
      return Ids(rows);
    }
    case CareRecord::kPhb: {
      soci::rowset<std::string> rows =
          (db.sql().prepare << "SELECT id FROM fund_phbs WHERE person = :p ORDER BY id", soci::use(person));
      return Ids(rows);
    }
    case CareRecord::kTransition: {
      soci::rowset<std::string> rows =
          (db.sql().prepare << "SELECT id FROM fund_transitions WHERE person = :p ORDER BY id",
           soci::use(person));
      return Ids(rows);
    }
  }
  return {};
}

std::vector<std::string> PackageIdsPage(Database& db, const std::string& person, const std::string& line,
                                        const std::string& after, long long limit) {
  soci::rowset<std::string> rows =
      (db.sql().prepare << "SELECT id FROM fund_packages"
                           " WHERE id > :a AND (:p1 = '' OR person = :p2) AND (:l1 = '' OR line = :l2)"
                           " ORDER BY id LIMIT :n",
       soci::use(after), soci::use(person), soci::use(person), soci::use(line), soci::use(line),
       soci::use(limit));
  return Ids(rows);
}

std::vector<std::string> PhbIdsPage(Database& db, const std::string& after, long long limit) {
  soci::rowset<std::string> rows =
      (db.sql().prepare << "SELECT id FROM fund_phbs WHERE id > :a ORDER BY id LIMIT :n", soci::use(after),
       soci::use(limit));
  return Ids(rows);
}

}  // namespace poolbook::store
