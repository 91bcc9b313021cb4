#include "ledger/store/fund_agreement_store.h"

namespace poolbook::store {

long long CountAgreements(Database& db) {
  long long n = 0;
  db.sql() << "SELECT COUNT(*) FROM fund_agreement", soci::into(n);
  return n;
}

std::optional<std::string> NewestAgreement(Database& db) {
  std::string text;
  soci::indicator ind = soci::i_null;
  db.sql() << "SELECT agreement FROM fund_agreement ORDER BY year DESC LIMIT 1", soci::into(text, ind);
  if (!db.sql().got_data() || ind != soci::i_ok) return std::nullopt;
  return text;
}

std::optional<int> NewestAgreementYear(Database& db) {
  int newest = 0;
  soci::indicator ind = soci::i_null;
  db.sql() << "SELECT MAX(year) FROM fund_agreement", soci::into(newest, ind);
  if (ind != soci::i_ok) return std::nullopt;
  return newest;
}

void InsertAgreement(Database& db, int year, const std::string& agreement, const std::string& set_up_at,
                     const std::string& set_up_by) {
  db.sql() << "INSERT INTO fund_agreement (year, agreement, set_up_at, set_up_by) VALUES (:y, :a, :t, :u)",
      soci::use(year), soci::use(agreement), soci::use(set_up_at), soci::use(set_up_by);
}

long long CountSettlements(Database& db) {
  long long n = 0;
  db.sql() << "SELECT COUNT(*) FROM fund_settlements", soci::into(n);
  return n;
}

bool YearSettled(Database& db, int year) {
  int settled = 0;
  db.sql() << "SELECT COUNT(*) FROM fund_settlements WHERE year = :y", soci::use(year), soci::into(settled);
  return settled > 0;
}

std::optional<long long> SettlementEntry(Database& db, int year) {
  long long entry_id = 0;
  soci::indicator ind = soci::i_null;
  db.sql() << "SELECT entry_id FROM fund_settlements WHERE year = :y", soci::use(year),
      soci::into(entry_id, ind);
  if (!db.sql().got_data() || ind != soci::i_ok) return std::nullopt;
  return entry_id;
}

void InsertSettlement(Database& db, int year, const std::string& statement, std::optional<long long> entry_id,
                      const std::string& settled_at, const std::string& settled_by) {
  long long value = entry_id.value_or(0);
  soci::indicator ind = entry_id ? soci::i_ok : soci::i_null;
  db.sql() << "INSERT INTO fund_settlements (year, statement, entry_id, settled_at, settled_by)"
              " VALUES (:y, :s, :e, :t, :u)",
      soci::use(year), soci::use(statement), soci::use(value, ind), soci::use(settled_at),
      soci::use(settled_by);
}

}  // namespace poolbook::store
