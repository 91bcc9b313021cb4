#include "ledger/store/fund_packages_store.h"

#include "ledger/store/stored_value.h"

namespace poolbook::store {

namespace {

constexpr const char* kTable = "fund_packages";
constexpr const char* kColumns =
    "SELECT id, person, provider, line, rate, unit, units_per_week, start_date, end_date, split, "
    "needs_approval, approved_by, approved_at, review_date FROM fund_packages";
// Package k's end as it now stands: the newest "ended" event's day, else the row's.
constexpr const char* kCurrentEnd =
    "COALESCE((SELECT e.effective_date FROM fund_package_events e WHERE e.package_id = k.id AND"
    " e.kind = 'ended' ORDER BY e.seq DESC LIMIT 1), k.end_date)";
// The same as it stood at the moment :at.
constexpr const char* kEndAsAt =
    "COALESCE((SELECT e.effective_date FROM fund_package_events e WHERE e.package_id = k.id AND"
    " e.kind = 'ended' AND e.recorded_at <= :at ORDER BY e.seq DESC LIMIT 1), k.end_date)";

Money Pence(long long pence) { return Money::FromPence(static_cast<std::int64_t>(pence)); }

// A date column that may be NULL.
std::optional<Date> OptDate(const soci::row& r, std::size_t column, const std::string& id) {
  if (r.get_indicator(column) != soci::i_ok) return std::nullopt;
  return StoredDate(r.get<std::string>(column), kTable, id);
}

PackageRow FromRow(const soci::row& r) {
  PackageRow p;
  p.id = r.get<std::string>(0);
  p.person = r.get<std::string>(1);
  p.provider = r.get<std::string>(2);
  p.line = r.get<std::string>(3);
  p.rate = Pence(r.get<long long>(4));
  p.unit = r.get<std::string>(5);
  p.units_per_week = r.get<std::string>(6);
  p.start = StoredDate(r.get<std::string>(7), kTable, p.id);
  p.end = OptDate(r, 8, p.id);
  p.split = r.get<std::string>(9);
  p.needs_approval = r.get<int>(10) != 0;
  if (r.get_indicator(11) == soci::i_ok) p.approved_by = r.get<std::string>(11);
  if (r.get_indicator(12) == soci::i_ok) p.approved_at = r.get<std::string>(12);
  p.review = OptDate(r, 13, p.id);
  return p;
}

}  // namespace

std::optional<PackageRow> FindPackage(Database& db, const std::string& id) {
  soci::row r;
  db.sql() << std::string(kColumns) + " WHERE id = :id", soci::use(id), soci::into(r);
  if (!db.sql().got_data()) return std::nullopt;
  return FromRow(r);
}

std::vector<PackageRow> AllPackages(Database& db, const AsAt& as_at) {
  const std::string bound = AsAtBound(as_at);
  std::vector<PackageRow> out;
  soci::rowset<soci::row> rows =
      (db.sql().prepare
           << "SELECT id, person, provider, line, rate, unit, units_per_week, start_date, end_date,"
              " split, needs_approval, COALESCE(CASE WHEN approved_at <= :a1 THEN approved_by END, ''),"
              " COALESCE(CASE WHEN approved_at <= :a2 THEN approved_at END, ''), review_date FROM"
              " fund_packages"
              " WHERE created_at <= :a3 ORDER BY id",
       soci::use(bound, "a1"), soci::use(bound, "a2"), soci::use(bound, "a3"));
  for (const soci::row& r : rows) out.push_back(FromRow(r));
  return out;
}

void InsertPackage(Database& db, const PackageRow& p, const std::string& created_at,
                   const std::string& created_by) {
  const long long rate = p.rate.pence64();
  const std::string start = p.start.ToString(), end = p.end ? p.end->ToString() : "",
                    review = p.review ? p.review->ToString() : "";
  soci::indicator end_ind = p.end ? soci::i_ok : soci::i_null,
                  review_ind = p.review ? soci::i_ok : soci::i_null;
  const int needs_approval = p.needs_approval ? 1 : 0;
  db.sql() << "INSERT INTO fund_packages (id, person, provider, line, rate, unit, units_per_week, start_date,"
              " end_date, split, created_at, created_by, needs_approval, review_date)"
              " VALUES (:i, :p, :v, :l, :r, :u, :w, :s, :e, :x, :t, :b, :n, :rv)",
      soci::use(p.id), soci::use(p.person), soci::use(p.provider), soci::use(p.line), soci::use(rate),
      soci::use(p.unit), soci::use(p.units_per_week), soci::use(start), soci::use(end, end_ind),
      soci::use(p.split), soci::use(created_at), soci::use(created_by), soci::use(needs_approval),
      soci::use(review, review_ind);
}

bool PackageEndsOn(Database& db, const std::string& id, const std::optional<Date>& end) {
  std::string current;
  soci::indicator ind = soci::i_ok;
  db.sql() << "SELECT " << kCurrentEnd << " FROM fund_packages k WHERE k.id = :id", soci::into(current, ind),
      soci::use(id);
  if (!db.sql().got_data()) return false;
  return end ? ind == soci::i_ok && current == end->ToString() : ind == soci::i_null;
}

void ApproveCrisisPackage(Database& db, const std::string& id, const std::string& approver,
                          const std::string& approved_at) {
  db.sql()
      << "UPDATE fund_packages SET approved_by = :b, approved_at = :t WHERE id = :id AND approved_by IS NULL",
      soci::use(approver), soci::use(approved_at), soci::use(id);
}

std::vector<std::string> UnapprovedCrisisIds(Database& db) {
  std::vector<std::string> ids;
  soci::rowset<std::string> rows =
      (db.sql().prepare
       << "SELECT id FROM fund_packages k WHERE needs_approval = 1 AND approved_by IS NULL AND NOT EXISTS"
          " (SELECT 1 FROM fund_package_events WHERE package_id = k.id AND kind = 'cancelled') ORDER BY id");
  for (const std::string& id : rows) ids.push_back(id);
  return ids;
}

namespace {

// Rows of id, line, rate, units_per_week, start_date, end_date, paid (as text), person, split.
std::vector<PackageTermsRow> TermsFrom(soci::rowset<soci::row>& rows) {
  std::vector<PackageTermsRow> out;
  for (const soci::row& r : rows) {
    PackageTermsRow t;
    t.id = r.get<std::string>(0);
    t.line = r.get<std::string>(1);
    t.rate = Pence(r.get<long long>(2));
    t.units_per_week = r.get<std::string>(3);
    t.start = StoredDate(r.get<std::string>(4), kTable, t.id);
    t.end = OptDate(r, 5, t.id);
    t.paid = Pence(std::stoll(r.get<std::string>(6)));
    t.person = r.get<std::string>(7);
    t.split = r.get<std::string>(8);
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

std::vector<PackageTermsRow> AllPackageTerms(Database& db, const std::string& person) {
  soci::rowset<soci::row> rows =
      (db.sql().prepare
           << "SELECT k.id, k.line, k.rate, k.units_per_week, k.start_date, " << kCurrentEnd
           << ", (SELECT CAST(COALESCE(SUM(amount), 0) AS TEXT) FROM fund_package_paid"
              " WHERE package_id = k.id), k.person, k.split FROM fund_packages k WHERE (:p1 = '' OR"
              " k.person = :p2) AND NOT EXISTS (SELECT 1 FROM fund_package_events WHERE"
              " package_id = k.id AND kind = 'cancelled')",
       soci::use(person, "p1"), soci::use(person, "p2"));
  return TermsFrom(rows);
}

std::vector<PackageTermsRow> AllPackageTermsAsAt(Database& db, const std::string& as_at,
                                                 const std::string& spend_prefix, const std::string& person) {
  const long long length = static_cast<long long>(spend_prefix.size());
  soci::rowset<soci::row> rows =
      (db.sql().prepare << std::string("SELECT k.id, k.line, k.rate, k.units_per_week, k.start_date, ") +
                               kEndAsAt +
                               ", (SELECT CAST(COALESCE(SUM(p.amount), 0) AS TEXT) FROM fund_package_events e"
                               " JOIN postings p ON p.entry_id = e.entry_id AND substr(p.account, 1, :n) = :s"
                               " WHERE e.package_id = k.id AND e.kind IN ('paid', 'voided', 'credited') AND"
                               " e.recorded_at <= :a2), k.person, k.split FROM fund_packages k WHERE"
                               " k.created_at <= :a3 AND (:p1 = '' OR k.person = :p2) AND NOT"
                               " EXISTS (SELECT 1 FROM fund_package_events WHERE package_id = k.id AND"
                               " kind = 'cancelled' AND recorded_at <= :a4)",
       soci::use(as_at, "at"), soci::use(length, "n"), soci::use(spend_prefix, "s"), soci::use(as_at, "a2"),
       soci::use(as_at, "a3"), soci::use(person, "p1"), soci::use(person, "p2"), soci::use(as_at, "a4"));
  return TermsFrom(rows);
}

}  // namespace poolbook::store
