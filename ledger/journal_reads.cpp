// The journal's reads: entries, balances (from the maintained table, never from postings),
// accounts and partners.
#include <algorithm>

#include "ledger/journal.h"
#include "ledger/store/journal_reads_store.h"

namespace poolbook {
namespace {

std::string Q(const std::string& s) { return "\"" + s + "\""; }

}  // namespace

// ---- Reads ------------------------------------------------------------------------------------

StatusOr<store::StoredEntry> Journal::GetEntry(long long id) {
  try {
    auto e = store::ReadEntry(*db_, id);
    if (!e) return NotFound("there is no entry " + std::to_string(id)).With(Reason::kNoSuchEntry);
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
    const std::string lo = account + ":";
    for (const auto& [name, row] : ref_.accounts) {
      if (known) break;
      known = name.compare(0, lo.size(), lo) == 0;
    }
    if (!known) return NotFound("there is no account " + Q(account) + " nor any account below it");
    if (!partner.empty() && !ref_.partners.count(partner))
      return NotFound("there is no partner " + Q(partner));
    std::optional<long long> partner_id;
    if (!partner.empty()) partner_id = ref_.partners.at(partner).id;
    return store::SumBalancesUnder(*db_, BookNumber(book), account, partner_id);
  } catch (const std::exception& e) {
    return store::FromDatabaseError(e, "reading a balance");
  }
}

StatusOr<std::vector<BalanceRow>> Journal::Balances(std::optional<Book> book) try {
  std::optional<int> number;
  if (book) number = BookNumber(*book);
  std::vector<store::NamedBalance> rows = store::ReadBalances(*db_, number);
  std::vector<BalanceRow> out;
  out.reserve(rows.size());
  for (store::NamedBalance& r : rows) {
    auto bk = BookFromNumber(r.book);
    if (!bk.ok()) return bk.status();
    out.push_back(
        BalanceRow{*bk, std::move(r.account), std::move(r.partner), Money::FromPence(r.balance), r.postings});
  }
  return out;
} catch (const std::exception& e) {
  return store::FromDatabaseError(e, "reading balances");
}

StatusOr<std::vector<AccountTotal>> Journal::AccountTotals(Book book) try {
  store::ReadTransaction snapshot(*db_);  // the accounts and the balances as of one moment
  RefreshReference();
  std::vector<AccountTotal> out;
  for (const store::AccountSum& sum : store::SumBalancesByAccount(*db_, BookNumber(book))) {
    auto name = ref_.account_names.find(sum.account_id);
    if (name == ref_.account_names.end()) {
      return Internal("a balance names account id " + std::to_string(sum.account_id) +
                      ", which does not exist");
    }
    auto account = ref_.accounts.find(name->second);
    POOLBOOK_INVARIANT(account != ref_.accounts.end(), "an account id names an account not loaded");
    out.push_back(AccountTotal{name->second, account->second.type, Money::FromPence(sum.pence)});
  }
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.account < y.account; });
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
