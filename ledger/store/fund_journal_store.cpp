#include "ledger/store/fund_journal_store.h"

namespace poolbook::store {

bool EntryKeyExists(Database& db, const std::string& key) {
  int n = 0;
  db.sql() << "SELECT COUNT(*) FROM entries WHERE entry_key = :k", soci::use(key), soci::into(n);
  return n > 0;
}

Money MaintainedBalance(Database& db, Book book, const std::string& account, const std::string& partner) {
  long long value = 0;
  soci::indicator ind = soci::i_null;
  const int b = BookNumber(book);
  db.sql() << "SELECT b.balance FROM balances b JOIN accounts a ON a.id = b.account_id"
              " JOIN partners p ON p.id = b.partner_id WHERE b.book = :b AND a.name = :a AND p.code = :p",
      soci::use(b), soci::use(account), soci::use(partner), soci::into(value, ind);
  return Money::FromPence(static_cast<std::int64_t>(db.sql().got_data() && ind == soci::i_ok ? value : 0));
}

long long CountEntriesDatedAfter(Database& db, const Date& date) {
  const std::string text = date.ToString();
  long long n = 0;
  db.sql() << "SELECT COUNT(*) FROM entries WHERE book IN ('actual', 'budget') AND effective_date > :d",
      soci::use(text), soci::into(n);
  return n;
}

long long CountActualEntriesAfter(Database& db, long long id) {
  long long n = 0;
  db.sql() << "SELECT COUNT(*) FROM entries WHERE book = 'actual' AND id > :s", soci::use(id), soci::into(n);
  return n;
}

long long CountOpenIncomeAndExpense(Database& db) {
  long long n = 0;
  const int actual = BookNumber(Book::kActual);
  db.sql() << "SELECT COUNT(*) FROM balances b JOIN accounts a ON a.id = b.account_id"
              " WHERE b.book = :b AND a.type IN ('income', 'expense') AND b.balance <> 0",
      soci::use(actual), soci::into(n);
  return n;
}

}  // namespace poolbook::store
