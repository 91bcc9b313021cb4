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

std::vector<TransitionRow> AllTransitions(Database& db, const AsAt& as_at) {
  const std::string bound = AsAtBound(as_at);
  std::vector<TransitionRow> out;
  soci::rowset<soci::row> rows =
      (db.sql().prepare << "SELECT id, person, inpatient_package, community_package, planned_end"
                           " FROM fund_transitions WHERE created_at <= :at ORDER BY id",
       soci::use(bound));
  for (const soci::row& r : rows) {
    TransitionRow t{
        r.get<std::string>(0), r.get<std::string>(1), r.get<std::string>(2), r.get<std::string>(3), {}};
    t.planned_end = StoredDate(r.get<std::string>(4), "fund_transitions", t.id);
    out.push_back(std::move(t));
  }
  return out;
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
