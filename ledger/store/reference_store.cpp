#include "ledger/store/reference_store.h"

namespace poolbook::store {
namespace {

// The first non-zero balance matched by `sql` (which selects book, the other id and balance).
std::optional<OpenBalance> FirstOpenBalance(Database& db, const char* sql, long long id) {
  OpenBalance b;
  soci::statement st = (db.sql().prepare << sql, soci::into(b.book), soci::into(b.other),
                        soci::into(b.balance), soci::use(id));
  st.execute(true);
  if (!st.got_data()) return std::nullopt;
  return b;
}

}  // namespace

void InsertPartner(Database& db, long long id, const std::string& code, const std::string& name,
                   const std::string& now) {
  db.sql() << "INSERT INTO partners (id, code, name, created_at) VALUES (:i, :c, :n, :t)", soci::use(id),
      soci::use(code), soci::use(name), soci::use(now);
}

void ClosePartnerRow(Database& db, const std::string& code, const std::string& now) {
  db.sql() << "UPDATE partners SET closed_at = :t WHERE code = :c", soci::use(now), soci::use(code);
}

void SetAccountClosedAt(Database& db, const std::string& name, const std::optional<std::string>& now) {
  if (!now) {
    db.sql() << "UPDATE accounts SET closed_at = NULL WHERE name = :n", soci::use(name);
    return;
  }
  db.sql() << "UPDATE accounts SET closed_at = :t WHERE name = :n", soci::use(*now), soci::use(name);
}

std::optional<OpenBalance> FirstOpenBalanceOfPartner(Database& db, long long partner_id) {
  return FirstOpenBalance(db,
                          "SELECT book, account_id, balance FROM balances"
                          " WHERE partner_id = :p AND balance <> 0 ORDER BY book, account_id",
                          partner_id);
}

std::optional<OpenBalance> FirstOpenBalanceOfAccount(Database& db, long long account_id) {
  return FirstOpenBalance(db,
                          "SELECT book, partner_id, balance FROM balances"
                          " WHERE account_id = :a AND balance <> 0 ORDER BY book, partner_id",
                          account_id);
}

void InsertPeriodClose(Database& db, const std::string& period, const std::string& now,
                       const std::string& user) {
  db.sql() << "INSERT INTO period_closes (through_period, closed_at, closed_by) VALUES (:p, :t, :u)",
      soci::use(period), soci::use(now), soci::use(user);
}

}  // namespace poolbook::store
