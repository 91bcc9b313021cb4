#include "ledger/store/fund_care_store.h"

#include "ledger/store/stored_value.h"

namespace poolbook::store {

std::optional<TransitionRow> FindTransition(Database& db, const std::string& id) {
  TransitionRow t;
  std::string planned;
  db.sql() << "SELECT id, person, inpatient_package, community_package, planned_end"
              " FROM fund_transitions WHERE id = :id",
      soci::use(id), soci::into(t.id), soci::into(t.person), soci::into(t.inpatient_package),
      soci::into(t.community_package), soci::into(planned);
  if (!db.sql().got_data()) return std::nullopt;
  t.planned_end = StoredDate(planned, "fund_transitions", id);
  return t;
}

std::vector<std::string> TransitionIds(Database& db) {
  std::vector<std::string> ids;
  soci::rowset<std::string> rows = (db.sql().prepare << "SELECT id FROM fund_transitions ORDER BY id");
  for (const std::string& id : rows) ids.push_back(id);
  return ids;
}

void InsertTransition(Database& db, const TransitionRow& t, const std::string& created_at,
                      const std::string& created_by) {
  const std::string planned = t.planned_end.ToString();
  db.sql() << "INSERT INTO fund_transitions (id, person, inpatient_package, community_package,"
              " planned_end, created_at, created_by) VALUES (:i, :p, :ip, :cp, :e, :t, :u)",
      soci::use(t.id), soci::use(t.person), soci::use(t.inpatient_package), soci::use(t.community_package),
      soci::use(planned), soci::use(created_at), soci::use(created_by);
}

}  // namespace poolbook::store
