#include "ledger/store/fund_phbs_store.h"

#include "ledger/store/stored_value.h"

namespace poolbook::store {

namespace {

constexpr const char* kTable = "fund_phbs";
constexpr const char* kColumns =
    "SELECT id, person, line, mode, indicative, agreed, start_date, end_date, review_date, split FROM "
    "fund_phbs";

Money Pence(long long pence) { return Money::FromPence(static_cast<std::int64_t>(pence)); }

PhbRow FromRow(const soci::row& r) {
  PhbRow p;
  p.id = r.get<std::string>(0);
  p.person = r.get<std::string>(1);
  p.line = r.get<std::string>(2);
  p.mode = r.get<std::string>(3);
  p.indicative = Pence(r.get<long long>(4));
  p.agreed = Pence(r.get<long long>(5));
  p.start = StoredDate(r.get<std::string>(6), kTable, p.id);
  p.end = StoredDate(r.get<std::string>(7), kTable, p.id);
  p.review = StoredDate(r.get<std::string>(8), kTable, p.id);
  p.split = r.get<std::string>(9);
  return p;
}

}  // namespace

std::optional<PhbRow> FindPhb(Database& db, const std::string& id) {
  soci::row r;
  db.sql() << std::string(kColumns) + " WHERE id = :id", soci::use(id), soci::into(r);
  if (!db.sql().got_data()) return std::nullopt;
  return FromRow(r);
}

std::vector<PhbRow> AllPhbs(Database& db, const AsAt& as_at) {
  const std::string bound = AsAtBound(as_at);
  std::vector<PhbRow> out;
  soci::rowset<soci::row> rows =
      (db.sql().prepare << std::string(kColumns) + " WHERE created_at <= :at ORDER BY id", soci::use(bound));
  for (const soci::row& r : rows) out.push_back(FromRow(r));
  return out;
}

void InsertPhb(Database& db, const PhbRow& p, const std::string& created_at, const std::string& created_by) {
  const long long indicative = p.indicative.pence64(), agreed = p.agreed.pence64();
  const std::string start = p.start.ToString(), end = p.end.ToString(), review = p.review.ToString();
  db.sql() << "INSERT INTO fund_phbs (id, person, line, mode, indicative, agreed, start_date, end_date,"
              " review_date, split, created_at, created_by) VALUES (:i, :p, :l, :m, :n, :a, :s, :e, :r, "
              ":x, :t, :u)",
      soci::use(p.id), soci::use(p.person), soci::use(p.line), soci::use(p.mode), soci::use(indicative),
      soci::use(agreed), soci::use(start), soci::use(end), soci::use(review), soci::use(p.split),
      soci::use(created_at), soci::use(created_by);
}

namespace {

// Rows of id, line, agreed, start_date, end_date, paid (as text), person, split.
std::vector<PhbTermsRow> TermsFrom(soci::rowset<soci::row>& rows) {
  std::vector<PhbTermsRow> out;
  for (const soci::row& r : rows) {
    PhbTermsRow t;
    t.id = r.get<std::string>(0);
    t.line = r.get<std::string>(1);
    t.agreed = Pence(r.get<long long>(2));
    t.start = StoredDate(r.get<std::string>(3), kTable, t.id);
    t.end = StoredDate(r.get<std::string>(4), kTable, t.id);
    t.paid = Pence(std::stoll(r.get<std::string>(5)));
    t.person = r.get<std::string>(6);
    t.split = r.get<std::string>(7);
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

std::vector<PhbTermsRow> AllPhbTerms(Database& db, const std::string& person) {
  soci::rowset<soci::row> rows =
      (db.sql().prepare << "SELECT b.id, b.line, b.agreed, b.start_date, b.end_date,"
                           " (SELECT CAST(COALESCE(SUM(amount), 0) AS TEXT) FROM fund_phb_paid"
                           " WHERE phb_id = b.id), b.person, b.split FROM fund_phbs b WHERE :p1 = '' OR"
                           " b.person = :p2",
       soci::use(person, "p1"), soci::use(person, "p2"));
  return TermsFrom(rows);
}

std::vector<PhbTermsRow> AllPhbTermsAsAt(Database& db, const std::string& as_at,
                                         const std::string& spend_prefix, const std::string& person) {
  const long long length = static_cast<long long>(spend_prefix.size());
  soci::rowset<soci::row> rows =
      (db.sql().prepare
           << "SELECT b.id, b.line, b.agreed, b.start_date, b.end_date,"
              " (SELECT CAST(COALESCE(SUM(p.amount), 0) AS TEXT) FROM fund_phb_events e JOIN postings"
              " p ON p.entry_id = e.entry_id AND substr(p.account, 1, :n) = :s WHERE e.phb_id = b.id"
              " AND e.kind IN ('paid', 'voided', 'credited') AND e.recorded_at <= :a1),"
              " b.person, b.split FROM fund_phbs b WHERE b.created_at <= :a2 AND (:p1 = '' OR b.person = "
              ":p2)",
       soci::use(length, "n"), soci::use(spend_prefix, "s"), soci::use(as_at, "a1"), soci::use(as_at, "a2"),
       soci::use(person, "p1"), soci::use(person, "p2"));
  return TermsFrom(rows);
}

}  // namespace poolbook::store
