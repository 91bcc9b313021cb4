// The journal's reads of the maintained balances (Journal::Balance, Balances, AccountTotals).
// Every function throws the store's exceptions (soci::soci_error, or soci::sqlite3_soci_error with
// SQLite's result code); callers turn them into a Status with FromDatabaseError.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ledger/money.h"
#include "ledger/store/database.h"

namespace poolbook::store {

// Returns the sum of the maintained balances in `book` (its number, BookNumber) of `account` and
// every account below it ("pool" covers "pool:cash"), for the partner with id `partner_id` or, when
// empty, every partner. Summed here in 128 bits, so it never overflows.
Money SumBalancesUnder(Database& db, int book, const std::string& account,
                       std::optional<long long> partner_id);

// One maintained balance, named.
struct NamedBalance {
  int book = 0;  // BookNumber
  std::string account;
  std::string partner;
  std::int64_t balance = 0;
  long long postings = 0;
};
// Returns every maintained balance (of `book` only, when given), ordered by book number, account
// name and partner code.
std::vector<NamedBalance> ReadBalances(Database& db, std::optional<int> book);

// One account's balance in one book, all partners together.
struct AccountSum {
  long long account_id = 0;
  Int128 pence = 0;
};
// Returns, per account with a maintained balance in `book`, the sum over its partners, in the
// table's key order (by account id). The database sums each balance's high and low 32 bits apart
// (each far inside 64 bits), so no account's total can overflow however large it is.
std::vector<AccountSum> SumBalancesByAccount(Database& db, int book);

}  // namespace poolbook::store
