#include "ledger/store/journal_reads_store.h"

namespace poolbook::store {
namespace {

constexpr std::size_t kFetchRows = 4096;

}  // namespace

Money SumBalancesUnder(Database& db, int book, const std::string& account,
                       std::optional<long long> partner_id) {
  const std::string lo = account + ":", hi = account + ";";  // ';' sorts right after ':'
  std::string sql =
      "SELECT b.balance FROM balances b JOIN accounts a ON a.id = b.account_id"
      " WHERE b.book = :b AND (a.name = :a OR (a.name >= :lo AND a.name < :hi))";
  if (partner_id) sql += " AND b.partner_id = :p";
  long long value = 0;
  Money total;
  soci::statement st = partner_id ? (db.sql().prepare << sql, soci::into(value), soci::use(book),
                                     soci::use(account), soci::use(lo), soci::use(hi), soci::use(*partner_id))
                                  : (db.sql().prepare << sql, soci::into(value), soci::use(book),
                                     soci::use(account), soci::use(lo), soci::use(hi));
  st.execute();
  while (st.fetch()) total += Money::FromPence(static_cast<std::int64_t>(value));
  return total;
}

std::vector<NamedBalance> ReadBalances(Database& db, std::optional<int> book) {
  std::vector<NamedBalance> out;
  std::string sql =
      "SELECT b.book, a.name, p.code, b.balance, b.postings FROM balances b"
      " JOIN accounts a ON a.id = b.account_id JOIN partners p ON p.id = b.partner_id";
  const int b = book.value_or(0);
  if (book) sql += " WHERE b.book = :b";
  sql += " ORDER BY b.book, a.name, p.code";
  std::vector<int> books(kFetchRows);
  std::vector<std::string> accounts(kFetchRows), partners(kFetchRows);
  std::vector<long long> balances(kFetchRows), counts(kFetchRows);
  soci::statement st = book ? (db.sql().prepare << sql, soci::into(books), soci::into(accounts),
                               soci::into(partners), soci::into(balances), soci::into(counts), soci::use(b))
                            : (db.sql().prepare << sql, soci::into(books), soci::into(accounts),
                               soci::into(partners), soci::into(balances), soci::into(counts));
  st.execute();
  while (st.fetch()) {
    for (std::size_t i = 0; i < books.size(); ++i) {
      out.push_back(NamedBalance{books[i], std::move(accounts[i]), std::move(partners[i]),
                                 static_cast<std::int64_t>(balances[i]), counts[i]});
    }
    books.resize(kFetchRows);
    accounts.resize(kFetchRows);
    partners.resize(kFetchRows);
    balances.resize(kFetchRows);
    counts.resize(kFetchRows);
  }
  return out;
}

std::vector<AccountSum> SumBalancesByAccount(Database& db, int book) {
  std::vector<AccountSum> out;
  std::vector<long long> ids(kFetchRows), highs(kFetchRows), lows(kFetchRows);
  // high * 2^32 + low = balance (an arithmetic shift, as in report_blocks); each sum stays far
  // inside 64 bits for any number of partners the ledger can hold.
  soci::statement st = (db.sql().prepare << "SELECT account_id, SUM(balance >> 32), SUM(balance & 4294967295)"
                                            " FROM balances WHERE book = :b GROUP BY account_id",
                        soci::into(ids), soci::into(highs), soci::into(lows), soci::use(book));
  st.execute();
  while (st.fetch()) {
    for (std::size_t i = 0; i < ids.size(); ++i)
      out.push_back(AccountSum{ids[i], Int128(highs[i]) * (Int128(1) << 32) + lows[i]});
    ids.resize(kFetchRows);
    highs.resize(kFetchRows);
    lows.resize(kFetchRows);
  }
  return out;
}

}  // namespace poolbook::store
