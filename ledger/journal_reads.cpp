// The journal's reads: entries, balances (from the maintained table, never from postings),
// accounts and partners.
#include <algorithm>
#include <stdexcept>

#include "ledger/journal.h"

namespace poolbook {
namespace {

std::string Q(const std::string& s) { return "\"" + s + "\""; }

}  // namespace

// ---- Reads ------------------------------------------------------------------------------------

StatusOr<store::StoredEntry> Journal::GetEntry(long long id) {
  try {
    auto e = store::ReadEntry(*db_, id);
    if (!e) return NotFound("there is no entry " + std::to_string(id));
    return std::move(*e);
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading entry " + std::to_string(id));
  }
}

StatusOr<Money> Journal::Balance(Book book, const std::string& account, const std::string& partner) {
  POOLBOOK_RETURN_IF_ERROR(CheckAccountName(account));
  try {
    RefreshReference();
    bool known = ref_.accounts.count(account) > 0;
    const std::string lo = account + ":", hi = account + ";";  // ';' sorts right after ':'
    for (const auto& [name, row] : ref_.accounts) {
      if (known) break;
      known = name.compare(0, lo.size(), lo) == 0;
    }
    if (!known) return NotFound("there is no account " + Q(account) + " nor any account below it");
    if (!partner.empty() && !ref_.partners.count(partner))
      return NotFound("there is no partner " + Q(partner));
    const int b = BookNumber(book);
    std::string sql =
        "SELECT b.balance FROM balances b JOIN accounts a ON a.id = b.account_id"
        " WHERE b.book = :b AND (a.name = :a OR (a.name >= :lo AND a.name < :hi))";
    const long long partner_id = partner.empty() ? 0 : ref_.partners.at(partner).id;
    if (!partner.empty()) sql += " AND b.partner_id = :p";
    long long value = 0;
    Money total;
    soci::statement st = partner.empty()
                             ? (db_->sql().prepare << sql, soci::into(value), soci::use(b),
                                soci::use(account), soci::use(lo), soci::use(hi))
                             : (db_->sql().prepare << sql, soci::into(value), soci::use(b),
                                soci::use(account), soci::use(lo), soci::use(hi), soci::use(partner_id));
    st.execute();
    while (st.fetch()) total += Money::FromPence(static_cast<std::int64_t>(value));
    return total;
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading a balance");
  }
}

StatusOr<std::vector<BalanceRow>> Journal::Balances(std::optional<Book> book) try {
  std::vector<BalanceRow> out;
  std::string sql =
      "SELECT b.book, a.name, p.code, b.balance, b.postings FROM balances b"
      " JOIN accounts a ON a.id = b.account_id JOIN partners p ON p.id = b.partner_id";
  const int b = book ? BookNumber(*book) : 0;
  if (book) sql += " WHERE b.book = :b";
  sql += " ORDER BY b.book, a.name, p.code";
  constexpr std::size_t kFetchRows = 4096;
  std::vector<int> books(kFetchRows);
  std::vector<std::string> accounts(kFetchRows), partners(kFetchRows);
  std::vector<long long> balances(kFetchRows), counts(kFetchRows);
  soci::statement st = book ? (db_->sql().prepare << sql, soci::into(books), soci::into(accounts),
                               soci::into(partners), soci::into(balances), soci::into(counts), soci::use(b))
                            : (db_->sql().prepare << sql, soci::into(books), soci::into(accounts),
                               soci::into(partners), soci::into(balances), soci::into(counts));
  st.execute();
  while (st.fetch()) {
    for (std::size_t i = 0; i < books.size(); ++i) {
      auto bk = BookFromNumber(books[i]);
      if (!bk.ok()) return bk.status();
      out.push_back(BalanceRow{*bk, std::move(accounts[i]), std::move(partners[i]),
                               Money::FromPence(static_cast<std::int64_t>(balances[i])), counts[i]});
    }
    books.resize(kFetchRows);
    accounts.resize(kFetchRows);
    partners.resize(kFetchRows);
    balances.resize(kFetchRows);
    counts.resize(kFetchRows);
  }
  return out;
} catch (const std::exception& e) {
  return store::FromDatabaseError(e, "reading balances");
}

StatusOr<std::vector<AccountTotal>> Journal::AccountTotals(Book book) try {
  store::ReadTransaction snapshot(*db_);  // the accounts and the balances as of one moment
  RefreshReference();
  auto type_of = [this](const std::string& account) {
    auto it = ref_.accounts.find(account);
    if (it == ref_.accounts.end())
      throw std::runtime_error("a balance names account \"" + account + "\", which does not exist");
    return it->second.type;
  };
  std::vector<AccountTotal> out;
  const int b = BookNumber(book);
  try {
    constexpr std::size_t kFetchRows = 4096;
    std::vector<long long> ids(kFetchRows);
    std::vector<std::string> sums(kFetchRows);
    // In the table's key order: no sort in the database; names are put in order here.
    soci::statement st = (db_->sql().prepare << "SELECT account_id, CAST(SUM(balance) AS TEXT) FROM balances"
                                                " WHERE book = :b GROUP BY account_id",
                          soci::into(ids), soci::into(sums), soci::use(b));
    st.execute();
    while (st.fetch()) {
      for (std::size_t i = 0; i < ids.size(); ++i) {
        Int128 pence = 0;
        const std::string& t = sums[i];
        for (std::size_t k = t[0] == '-' ? 1 : 0; k < t.size(); ++k) pence = pence * 10 + (t[k] - '0');
        if (t[0] == '-') pence = -pence;
        auto name = ref_.account_names.find(ids[i]);
        if (name == ref_.account_names.end()) {
          throw std::runtime_error("a balance names account id " + std::to_string(ids[i]) +
                                   ", which does not exist");
        }
        out.push_back(AccountTotal{name->second, type_of(name->second), Money::FromPence(pence)});
      }
      ids.resize(kFetchRows);
      sums.resize(kFetchRows);
    }
    std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.account < y.account; });
    return out;
  } catch (const soci::soci_error& e) {
    if (std::string(e.what()).find("integer overflow") == std::string::npos) throw;
  }
  // Some account's total passes 64 bits: add the per-partner rows in 128 bits.
  auto rows = Balances(book);
  if (!rows.ok()) return rows.status();
  out.clear();
  for (const BalanceRow& r : *rows) {
    if (out.empty() || out.back().account != r.account)
      out.push_back(AccountTotal{r.account, type_of(r.account), {}});
    out.back().balance += r.balance;
  }
  return out;
} catch (const std::exception& e) {
  return store::FromDatabaseError(e, "reading account balances");
}

StatusOr<std::vector<store::AccountRow>> Journal::Accounts() try {
  RefreshReference();
  std::vector<store::AccountRow> out;
  for (const auto& [name, row] : ref_.accounts) out.push_back(row);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
} catch (const std::exception& e) {
  return store::FromDatabaseError(e, "reading accounts");
}

StatusOr<std::vector<store::PartnerRow>> Journal::Partners() try {
  RefreshReference();
  std::vector<store::PartnerRow> out;
  for (const auto& [code, row] : ref_.partners) out.push_back(row);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
  return out;
} catch (const std::exception& e) {
  return store::FromDatabaseError(e, "reading partners");
}

}  // namespace poolbook
