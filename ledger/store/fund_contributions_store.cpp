#include "ledger/store/fund_contributions_store.h"

#include "ledger/store/stored_value.h"

namespace poolbook::store {

std::vector<VariationRow> ContributionVariations(Database& db, int year) {
  std::vector<VariationRow> out;
  soci::rowset<soci::row> rows =
      (db.sql().prepare << "SELECT partner, seq, amount, due_date, reason, entry_id, recorded_at,"
                           " recorded_by, reference FROM fund_contribution_variations"
                           " WHERE year = :y ORDER BY partner, seq",
       soci::use(year));
  for (const soci::row& r : rows) {
    VariationRow v;
    v.partner = r.get<std::string>(0);
    v.seq = r.get<int>(1);
    v.amount = Money::FromPence(static_cast<std::int64_t>(r.get<long long>(2)));
    v.due = StoredDate(r.get<std::string>(3), "fund_contribution_variations",
                       v.partner + " " + std::to_string(v.seq));
    v.reason = r.get<std::string>(4);
    v.entry_id = r.get<long long>(5);
    v.recorded_at = r.get<std::string>(6);
    v.recorded_by = r.get<std::string>(7);
    v.reference = r.get<std::string>(8);
    out.push_back(std::move(v));
  }
  return out;
}

void InsertContributionVariation(Database& db, int year, const VariationRow& v) {
  const long long pence = v.amount.pence64();
  const std::string day = v.due.ToString();
  db.sql() << "INSERT INTO fund_contribution_variations (year, partner, seq, reference, amount, due_date,"
              " reason, entry_id, recorded_at, recorded_by) VALUES (:y, :p, :s, :f, :a, :d, :r, :e, :t, :u)",
      soci::use(year), soci::use(v.partner), soci::use(v.seq), soci::use(v.reference), soci::use(pence),
      soci::use(day), soci::use(v.reason), soci::use(v.entry_id), soci::use(v.recorded_at),
      soci::use(v.recorded_by);
}

}  // namespace poolbook::store
