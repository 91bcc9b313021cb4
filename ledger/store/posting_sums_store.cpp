#include "ledger/store/posting_sums_store.h"

namespace poolbook::store {

std::vector<PersonTotalRow> PersonTotals(Database& db, const std::string& person) {
  std::vector<PersonTotalRow> out;
  soci::rowset<soci::row> rows =
      (db.sql().prepare << "SELECT e.book, COALESCE(p.line, ''), p.partner, CAST(SUM(p.amount) AS TEXT)"
                           " FROM postings p JOIN entries e ON e.id = p.entry_id WHERE p.person = :p"
                           " GROUP BY e.book, p.line, p.partner ORDER BY e.book, p.line, p.partner",
       soci::use(person));
  for (const soci::row& r : rows) {
    out.push_back(PersonTotalRow{r.get<std::string>(0), r.get<std::string>(1), r.get<std::string>(2),
                                 r.get<std::string>(3)});
  }
  return out;
}

std::vector<BalanceAsAtRow> BalancesAsAt(Database& db, const std::string& date, const std::string& book) {
  std::vector<BalanceAsAtRow> out;
  soci::rowset<soci::row> rows =
      (db.sql().prepare
           << "SELECT e.book, p.account, p.partner, CAST(SUM(p.amount) AS TEXT), CAST(COUNT(*) AS TEXT)"
              " FROM postings p JOIN entries e ON e.id = p.entry_id"
              " WHERE e.effective_date <= :d AND (:b1 = '' OR e.book = :b2)"
              " GROUP BY e.book, p.account, p.partner ORDER BY e.book, p.account, p.partner",
       soci::use(date), soci::use(book), soci::use(book));
  for (const soci::row& r : rows) {
    out.push_back(BalanceAsAtRow{r.get<std::string>(0), r.get<std::string>(1), r.get<std::string>(2),
                                 r.get<std::string>(3), std::stoll(r.get<std::string>(4))});
  }
  return out;
}

}  // namespace poolbook::store
