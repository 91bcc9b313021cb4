#include "ledger/store/access_log_store.h"

namespace poolbook::store {

void AppendAccessRecords(Database& db, const std::vector<AccessRecord>& records) {
  if (records.empty()) return;
  AccessRecord r;
  soci::statement st = (db.sql().prepare << "INSERT INTO access_log (at, user_name, role, person, method, "
                                            "route, target) VALUES (:a, :u, :r, :p, :m, :o, :t)",
                        soci::use(r.at), soci::use(r.user), soci::use(r.role), soci::use(r.person),
                        soci::use(r.method), soci::use(r.route), soci::use(r.target));
  for (const AccessRecord& rec : records) {
    r = rec;
    st.execute(true);
  }
}

std::vector<AccessRecord> ReadAccessRecords(Database& db, const AccessQuery& q) {
  std::vector<AccessRecord> out;
  // Unused filters compare with themselves, so one statement serves every combination.
  const std::string to = q.to.empty() ? std::string("9999") : q.to + "\x7f";
  soci::rowset<soci::row> rows =
      (db.sql().prepare << "SELECT CAST(id AS TEXT), at, user_name, role, person, method, route, target"
                           " FROM access_log WHERE id > :after AND (:p1 = '' OR person = :p2)"
                           " AND (:u1 = '' OR user_name = :u2) AND at >= :from AND at <= :to"
                           " ORDER BY id LIMIT :lim",
       soci::use(q.after_id), soci::use(q.person), soci::use(q.person), soci::use(q.user), soci::use(q.user),
       soci::use(q.from), soci::use(to), soci::use(q.limit));
  for (const soci::row& r : rows) {
    AccessRecord a;
    a.id = std::stoll(r.get<std::string>(0));
    a.at = r.get<std::string>(1);
    a.user = r.get<std::string>(2);
    a.role = r.get<std::string>(3);
    a.person = r.get<std::string>(4);
    a.method = r.get<std::string>(5);
    a.route = r.get<std::string>(6);
    a.target = r.get<std::string>(7);
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace poolbook::store
